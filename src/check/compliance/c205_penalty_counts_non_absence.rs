//! C205: the penalty threshold, and every rule that considers a penalty
//! notice, count only unauthorised absence.

use super::shared::counted_not_unauthorised;
use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::model::Condition;
use crate::syntax::ast::Action;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C205",
    name: "penalty-counts-non-absence",
    severity: Severity::Error,
    summary: "a penalty notice considered for marks that are not unauthorised absence",
    explanation: "A penalty notice is for unauthorised absence. A late mark `L` records a pupil who arrived before the register closed: the pupil is present. Count `U` (arrived after the register closed) or other unauthorised codes instead, and use the national threshold.",
    before: "when sessions(L) >= 6 over rolling 12 weeks\nthen consider penalty notice",
    after: "when sessions(G, N, O, U) >= 10 over rolling 10 school weeks\nthen consider penalty notice",
});

pub static CHECK: Check = Check { code: CODE, citations: &["penalty_threshold", "penalty_amounts"], run };

fn run(cx: &mut Context) {
    let sections = &cx.school.sections;
    let mut conditions: Vec<&Condition> = sections
        .rules
        .iter()
        .filter(|r| r.actions.iter().any(|a| a.node == Action::ConsiderPenaltyNotice))
        .map(|r| &r.when.node)
        .collect();
    conditions.extend(sections.penalty_notices.as_ref().and_then(|p| p.threshold.as_ref()).map(|t| &t.node));
    let wrong: Vec<_> = conditions.into_iter().flat_map(|c| counted_not_unauthorised(cx.regime, c)).collect();
    for (entry, span) in wrong {
        cx.report(
            format!(
                "a penalty notice is considered on `{}` marks, which are {}, not unauthorised absence",
                entry.code,
                entry.category.name()
            ),
            span,
            &format!("{}: {}", entry.code, entry.meaning),
            "count only unauthorised absence, such as `sessions(G, N, O, U)`; a pupil marked late before the register closed is present".to_string(),
        );
    }
}
