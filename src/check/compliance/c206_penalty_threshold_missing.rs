//! C206: a penalty-notice block that does not say when a notice is considered.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C206",
    name: "penalty-threshold-missing",
    severity: Severity::Warning,
    summary: "penalty notices described without the threshold at which one is considered",
    explanation: "The policy describes penalty notices but not when one is considered. Under the national framework a notice is considered when a pupil reaches the national threshold of unauthorised absence, whatever the policy says; a policy that leaves it out does not tell parents when that happens. This is a warning: attend runs the national threshold anyway.",
    before: "penalty notices {\n    first £80 within 21 days, £160 within 28 days\n}",
    after: "penalty notices {\n    threshold sessions(G, N, O, U) >= 10 over rolling 10 school weeks\n    first £80 within 21 days, £160 within 28 days\n}",
});

pub static CHECK: Check = Check { code: CODE, citations: &["penalty_threshold"], run };

fn run(cx: &mut Context) {
    let Some(national) = cx.regime.penalty_notices.as_ref().and_then(|p| p.threshold.as_ref()) else {
        return;
    };
    let Some(notices) = &cx.school.sections.penalty_notices else { return };
    if notices.threshold.is_some() {
        return;
    }
    let codes = national.codes.join(", ");
    let (sessions, weeks) = (national.sessions, national.rolling_school_weeks);
    cx.report(
        "the penalty notices block does not say when a notice is considered".to_string(),
        notices.span,
        "no `threshold`",
        format!("state the national threshold: `threshold sessions({codes}) >= {sessions} over rolling {weeks} school weeks`"),
    );
}
