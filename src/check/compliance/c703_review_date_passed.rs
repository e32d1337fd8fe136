//! C703: the policy reviewed by the date it gives (guidance: a warning).

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C703",
    name: "review-date-passed",
    severity: Severity::Warning,
    summary: "the policy's review date has passed",
    explanation: "The policy names a date by which it is reviewed, and that date is past. Review the policy against the regulations in force now, and give the next review date.",
    before: "review 2024-11-30",
    after: "review 2026-11-30",
});

pub static CHECK: Check = Check { code: CODE, citations: &["review"], run };

fn run(cx: &mut Context) {
    if !cx.applies() {
        return;
    }
    let Some(review) = cx.school.review else { return };
    if review.node < cx.today {
        cx.report(
            format!("the policy was due for review on {}", review.node),
            review.span,
            "this date has passed",
            "review the policy against the regulations in force today, and give the next review date"
                .to_string(),
        );
    }
}
