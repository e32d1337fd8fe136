//! C301: no code that the regulations in force have withdrawn.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::model::conditions;
use crate::syntax::ast::CodeRef;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C301",
    name: "withdrawn-code",
    severity: Severity::Error,
    summary: "an attendance code the regulations have withdrawn",
    explanation: "The code was part of an earlier code table but not of the regulations this policy is written under. The finding says which code replaced it.",
    before: "when sessions(H) >= 1 over year to date",
    after: "when sessions(C) >= 1 over year to date",
});

pub static CHECK: Check = Check { code: CODE, citations: &["codes"], run };

fn run(cx: &mut Context) {
    let regime = cx.regime;
    let effective = cx.school.effective.node;
    let mut withdrawn = Vec::new();
    for condition in conditions(&cx.school.sections) {
        for comparison in condition.comparisons() {
            let Some(codes) = comparison.measure.codes() else { continue };
            for item in &codes.items {
                let CodeRef::Code(code) = &item.node else { continue };
                if let Some(gone) = regime.withdrawn(code) {
                    withdrawn.push((code.clone(), gone.replaced_by.clone(), item.span));
                } else if let Some(entry) = regime.code(code)
                    && let Some(until) = entry.valid_until
                    && until < effective
                {
                    withdrawn.push((
                        code.clone(),
                        format!("nothing: it was withdrawn after {until}"),
                        item.span,
                    ));
                }
            }
        }
    }
    for (code, replaced_by, span) in withdrawn {
        cx.report(
            format!("`{code}` is not a code of {}", regime.name),
            span,
            "withdrawn code",
            format!("{code} is replaced by {replaced_by}"),
        );
    }
}
