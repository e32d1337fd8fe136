//! Leave of absence only for the reasons the regulations allow.

use super::Context;
use crate::diagnostics::Code;

pub(super) fn check(cx: &mut Context) {
    let (Some(leave), Some(allowed)) = (&cx.school.sections.leave_of_absence, &cx.regime.leave_of_absence)
    else {
        return;
    };
    let reasons = allowed.reasons.clone();
    for reason in &leave.granted_for {
        if !reasons.contains(&reason.node) {
            cx.report(
                Code::LeaveReasonNotAllowed,
                format!("leave of absence cannot be granted for `{}` under {}", reason.node, cx.regime.name),
                reason.span,
                "not a reason the regulations allow",
                format!("the reasons allowed are: {}", reasons.join(", ")),
            );
        }
    }
}
