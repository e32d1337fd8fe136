//! C203: a notice-to-improve period within the national range.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C203",
    name: "notice-to-improve-outside-range",
    severity: Severity::Warning,
    summary: "a notice-to-improve period outside the national range",
    explanation: "Under the national framework a notice to improve gives parents an improvement period of between 3 and 6 weeks before a penalty notice. The range is set by the statutory guidance, not the regulations, so a period outside it is a warning.",
    before: "notice to improve 2 weeks to 8 weeks",
    after: "notice to improve 3 weeks to 6 weeks",
});

pub static CHECK: Check = Check { code: CODE, citations: &["notice_to_improve"], run };

fn run(cx: &mut Context) {
    let (Some(notices), Some(national)) = (&cx.school.sections.penalty_notices, &cx.regime.penalty_notices)
    else {
        return;
    };
    if let (Some(range), Some(expected)) =
        (&notices.notice_to_improve_weeks, &national.notice_to_improve_weeks)
    {
        let (shortest, longest) = range.node;
        if shortest < expected.shortest || longest > expected.longest {
            cx.report(
                format!(
                    "an improvement period of {shortest} to {longest} weeks; the national range is {} to {} weeks",
                    expected.shortest, expected.longest
                ),
                range.span,
                "outside the national range",
                format!("write `notice to improve {} weeks to {} weeks`", expected.shortest, expected.longest),
            );
        }
    }
}
