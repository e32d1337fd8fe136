//! C302: no code counted as absence that is not a possible session.

use super::shared::expand;
use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::model::{Measure, conditions};

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C302",
    name: "code-in-wrong-category",
    severity: Severity::Error,
    summary: "a code counted as absence that is not a possible session",
    explanation: "Codes such as X, Y1 to Y7, Q, Z and # mark sessions that are not possible sessions: the pupil is not expected to attend. They are not absence, and counting them as absence treats pupils as absent when the law does not.",
    before: "when consecutive school days(O, Y2) >= 10",
    after: "when consecutive school days(O) >= 10",
});

pub static CHECK: Check = Check { code: CODE, citations: &["codes"], run };

fn run(cx: &mut Context) {
    let regime = cx.regime;
    let mut not_possible = Vec::new();
    for condition in conditions(&cx.school.sections) {
        for comparison in condition.comparisons() {
            let Some(codes) = comparison.measure.codes() else { continue };
            if matches!(comparison.measure, Measure::Consecutive { .. } | Measure::Spells(_)) {
                not_possible.extend(
                    expand(regime, codes).into_iter().filter(|(c, _)| !c.category.is_possible_session()),
                );
            }
        }
    }
    for (entry, span) in not_possible {
        cx.report(
            format!("`{}` is counted as absence, but it is {}", entry.code, entry.category.name()),
            span,
            &format!("{}: {}", entry.code, entry.meaning),
            "count absence codes only: authorised codes such as I, or unauthorised codes such as G, N, O, U"
                .to_string(),
        );
    }
}
