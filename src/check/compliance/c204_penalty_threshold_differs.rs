//! C204: the national penalty-notice threshold, and no other.

use super::shared::is_national_threshold;
use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::model::Condition;
use crate::vocabulary::Threshold;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C204",
    name: "penalty-threshold-differs",
    severity: Severity::Error,
    summary: "a penalty-notice threshold other than the national one",
    explanation: "From 19 August 2024 the law sets one threshold at which a penalty notice must be considered: 10 sessions of absence recorded G, N, O or U within any 10 consecutive school weeks (regulation 9A of the Education (Penalty Notices) (England) Regulations 2007). A school may not set its own, count fewer codes, or leave the number to be decided (\"a number of unauthorised absences within a rolling academic year\"): `sessions(unauthorised)` names the same four codes.",
    before: "threshold sessions(unauthorised) >= not stated over rolling 52 weeks",
    after: "threshold sessions(G, N, O, U) >= 10 over rolling 10 school weeks",
});

pub static CHECK: Check = Check { code: CODE, citations: &["penalty_threshold", "penalty_amounts"], run };

fn run(cx: &mut Context) {
    let Some(national) = cx.regime.penalty_notices.as_ref().and_then(|p| p.threshold.as_ref()) else {
        return;
    };
    let Some(written) = cx.school.sections.penalty_notices.as_ref().and_then(|p| p.threshold.as_ref()) else {
        return;
    };
    let unstated = written.node.comparisons().iter().any(|c| c.threshold == Threshold::NotStated);
    if matches!(&written.node, Condition::Compare(c) if is_national_threshold(cx.regime, national, c)) {
        return;
    }
    let codes = national.codes.join(", ");
    let (sessions, weeks) = (national.sessions, national.rolling_school_weeks);
    let message = if unstated {
        format!(
            "the penalty-notice threshold leaves its number unstated; the national threshold is {sessions} sessions of unauthorised absence ({codes}) within a rolling {weeks} school weeks"
        )
    } else {
        format!(
            "the penalty-notice threshold differs from the national one: {sessions} sessions of unauthorised absence ({codes}) within a rolling {weeks} school weeks"
        )
    };
    cx.report(
        message,
        written.span,
        "not the national threshold",
        format!("write `threshold sessions({codes}) >= {sessions} over rolling {weeks} school weeks`"),
    );
}
