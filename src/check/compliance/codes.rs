//! Codes: none withdrawn by the regulations in force, and none counted as
//! absence that is not a possible session.

use super::{Context, expand};
use crate::diagnostics::Code;
use crate::model::{Measure, conditions};
use crate::syntax::ast::CodeRef;

pub(super) fn check(cx: &mut Context) {
    let regime = cx.regime;
    let effective = cx.school.effective.node;
    let mut withdrawn = Vec::new();
    let mut not_possible = Vec::new();
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
            if matches!(comparison.measure, Measure::Consecutive { .. } | Measure::Spells(_)) {
                not_possible.extend(
                    expand(regime, codes).into_iter().filter(|(c, _)| !c.category.is_possible_session()),
                );
            }
        }
    }
    for (code, replaced_by, span) in withdrawn {
        cx.report(
            Code::WithdrawnCode,
            format!("`{code}` is not a code of {}", regime.name),
            span,
            "withdrawn code",
            format!("{code} is replaced by {replaced_by}"),
        );
    }
    for (entry, span) in not_possible {
        cx.report(
            Code::CodeInWrongCategory,
            format!("`{}` is counted as absence, but it is {}", entry.code, entry.category.name()),
            span,
            &format!("{}: {}", entry.code, entry.meaning),
            "count absence codes only: authorised codes such as I, or unauthorised codes such as G, N, O, U"
                .to_string(),
        );
    }
}
