//! C204: the national penalty-notice threshold, and no other.

use super::shared::expand;
use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::model::{Condition, Measure, Threshold, Window};
use crate::regulations::Category;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C204",
    name: "penalty-threshold-differs",
    severity: Severity::Error,
    summary: "a penalty-notice threshold other than the national one",
    explanation: "From 19 August 2024 the law sets one threshold at which a penalty notice must be considered: 10 sessions of absence recorded G, N, O or U within any 10 consecutive school weeks (regulation 9A of the Education (Penalty Notices) (England) Regulations 2007). A school may not set its own, nor count fewer codes: `sessions(unauthorised)` names the same four.",
    before: "threshold sessions(G, O, U) >= 6 over term",
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
    let regime = cx.regime;
    let matches_national = match &written.node {
        Condition::Compare(c) => {
            let counted = match &c.measure {
                Measure::Sessions(codes) => Some(expand(regime, codes)),
                _ => None,
            };
            let reached = match c.threshold {
                Threshold::Count(n) => c.comparator.reached_at(n),
                Threshold::PercentHundredths(_) => None,
            };
            counted.is_some_and(|codes| {
                national.codes.iter().all(|n| codes.iter().any(|(c, _)| c.code == *n))
                    && codes.iter().all(|(c, _)| c.category == Category::Unauthorised)
            }) && reached == Some(u64::from(national.sessions))
                && c.window == Window::RollingSchoolWeeks(national.rolling_school_weeks)
        }
        _ => false,
    };
    if !matches_national {
        let codes = national.codes.join(", ");
        cx.report(
            format!(
                "the penalty-notice threshold differs from the national one: {} sessions of unauthorised absence ({codes}) within a rolling {} school weeks",
                national.sessions, national.rolling_school_weeks
            ),
            written.span,
            "not the national threshold",
            format!(
                "write `threshold sessions({codes}) >= {} over rolling {} school weeks`",
                national.sessions, national.rolling_school_weeks
            ),
        );
    }
}
