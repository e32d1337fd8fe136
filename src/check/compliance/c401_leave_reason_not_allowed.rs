//! C401: leave of absence only for the reasons the regulations allow.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C401",
    name: "leave-reason-not-allowed",
    severity: Severity::Error,
    summary: "leave of absence for a reason the regulations do not allow",
    explanation: "Leave of absence may be granted only in the circumstances the regulations list: under the 2024 regulations a regulated performance or regulated employment abroad, an interview, study leave, a temporary part-time timetable, or exceptional circumstances. Headteachers have had no discretion to grant holidays since 2013.",
    before: "granted for holiday, exceptional-circumstances",
    after: "granted for exceptional-circumstances",
});

pub static CHECK: Check = Check { code: CODE, citations: &["leave"], run };

fn run(cx: &mut Context) {
    let (Some(leave), Some(allowed)) = (&cx.school.sections.leave_of_absence, &cx.regime.leave_of_absence)
    else {
        return;
    };
    let reasons = allowed.reasons.clone();
    for reason in &leave.granted_for {
        if !reasons.contains(&reason.node) {
            cx.report(
                format!("leave of absence cannot be granted for `{}` under {}", reason.node, cx.regime.name),
                reason.span,
                "not a reason the regulations allow",
                format!("the reasons allowed are: {}", reasons.join(", ")),
            );
        }
    }
}
