//! C207: a rule that considers a penalty notice where the national threshold
//! may not be met.

use super::shared::{counted_not_unauthorised, needs_national_threshold};
use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::syntax::ast::Action;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C207",
    name: "penalty-considered-off-threshold",
    severity: Severity::Warning,
    summary: "a rule considers a penalty notice where the national threshold may not be met",
    explanation: "From 19 August 2024 a penalty notice is considered when a pupil reaches the national threshold: 10 sessions of unauthorised absence (G, N, O or U) within 10 school weeks. A rule of the policy that considers a notice on other grounds (late marks, a count over a year, a percentage) can hold for a pupil who has not reached it, which departs from the national framework. A rule that adds conditions to the national threshold (`and ...`) is not reported, nor one that counts marks other than unauthorised absence, which C205 reports. This is a warning: the regulations make the threshold the point at which a notice must be considered, and the statutory guidance asks schools to use notices in line with the framework.",
    before: "rule \"early notice\" {\n    when sessions(unauthorised) >= 6 over term\n    then consider penalty notice\n}",
    after: "rule \"early notice\" {\n    when sessions(unauthorised) >= 6 over term\n    then letter \"attendance concern\"\n}",
});

pub static CHECK: Check = Check { code: CODE, citations: &["penalty_threshold"], run };

fn run(cx: &mut Context) {
    let Some(national) = cx.regime.penalty_notices.as_ref().and_then(|p| p.threshold.as_ref()) else {
        return;
    };
    let off: Vec<_> = cx
        .school
        .sections
        .rules
        .iter()
        .filter(|r| r.actions.iter().any(|a| a.node == Action::ConsiderPenaltyNotice))
        // Counting marks that are not unauthorised absence is C205's finding.
        .filter(|r| counted_not_unauthorised(cx.regime, &r.when.node).is_empty())
        .filter(|r| !needs_national_threshold(cx.regime, national, &r.when.node))
        .map(|r| (r.name.node.clone(), r.when.span))
        .collect();
    let codes = national.codes.join(", ");
    let (sessions, weeks) = (national.sessions, national.rolling_school_weeks);
    for (name, span) in off {
        cx.report(
            format!(
                "the rule \"{name}\" considers a penalty notice where the national threshold ({sessions} sessions of unauthorised absence within {weeks} school weeks) may not be met"
            ),
            span,
            "may hold below the national threshold",
            format!(
                "consider a notice from the national threshold, `sessions({codes}) >= {sessions} over rolling {weeks} school weeks`, adding any further condition with `and`; or take another action"
            ),
        );
    }
}
