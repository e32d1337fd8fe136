//! C303: the code table a policy publishes, against the regulations' codes.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::source::Span;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C303",
    name: "code-table-differs",
    severity: Severity::Error,
    summary: "a published code table with a code the regulations do not have, a meaning it no longer has, or another category",
    explanation: "Schools record attendance with the national codes, and a policy that publishes its code table tells parents and staff what each mark means. A code the regulations in force no longer have (such as `H` or `J` since August 2024), a code given a meaning it had only under earlier regulations (`T` was traveller absence until August 2024; it is now a parent travelling for occupational purposes), or a code put under another category than the regulations give it, teaches the wrong codes.",
    before: "codes {\n    H \"Authorised holiday\" authorised\n}",
    after: "codes {\n    C \"Leave of absence for exceptional circumstances\" authorised\n}",
});

pub static CHECK: Check = Check { code: CODE, citations: &["codes"], run };

fn run(cx: &mut Context) {
    let Some(table) = &cx.school.sections.published_codes else { return };
    let regime = cx.regime;
    let mut found: Vec<(Span, String, &str, String)> = Vec::new();
    for entry in &table.node {
        let code = &entry.code.node;
        let shown = format!("`{code}` (\"{}\")", entry.meaning);
        let current = regime.code(code).filter(|c| c.valid_until.is_none_or(|until| until >= cx.today));
        let Some(current) = current else {
            let why = match regime.withdrawn(code) {
                Some(gone) => format!("{code} is replaced by {}", gone.replaced_by),
                None => format!("`attend codes --regime {}` lists the codes", regime.name),
            };
            found.push((
                entry.code.span,
                format!("the code table lists {shown}, which is not a code of {}", regime.name),
                "not a code of the regulations",
                why,
            ));
            continue;
        };
        if let Some(former) = current.former_meaning(&entry.meaning) {
            found.push((
                entry.code.span,
                format!(
                    "the code table gives {shown} its meaning under {}, {}; under {} it means {}",
                    former.regime, former.meaning, regime.name, current.meaning
                ),
                "a meaning this code no longer has",
                format!("write the code's meaning under {}: `{code} \"{}\"`", regime.name, current.meaning),
            ));
        }
        if let Some(category) = &entry.category
            && category.node != current.category
        {
            found.push((
                category.span,
                format!(
                    "the code table lists {shown} as {}; under {} it is {}",
                    category.node.name(),
                    regime.name,
                    current.category.name()
                ),
                "not this code's category",
                format!("{code} means: {}", current.meaning),
            ));
        }
    }
    for (span, message, label, help) in found {
        cx.report(message, span, label, help);
    }
}
