//! C602: a policy that says when it tells the local authority, but not of a
//! long unauthorised absence.

use super::shared::expand;
use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::model::Measure;
use crate::regulations::Category;
use crate::syntax::ast::Action;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C602",
    name: "local-authority-notice-not-described",
    severity: Severity::Warning,
    summary: "the policy's notifications to the local authority leave out a continuous unauthorised absence",
    explanation: "The regulations require a school to tell the local authority of a pupil absent without authorisation for a continuous period of 10 school days. A policy that sets out when the school tells the local authority (a rule with `notify local authority`) but not that case leaves parents and staff with an incomplete picture. This is a warning: the duty applies whatever the policy says, and attend runs it in every case.",
    before: "rule \"persistent absence\" {\n    when absence >= 10%\n    then notify local authority\n}",
    after: "rule \"persistent absence\" {\n    when absence >= 10%\n    then notify local authority\n}\n\nrule \"ten days away\" {\n    when consecutive school days(unauthorised) >= 10\n    then notify local authority\n}",
});

pub static CHECK: Check = Check { code: CODE, citations: &["la_notification"], run };

fn run(cx: &mut Context) {
    let Some(limit) = cx.regime.limits.la_notification_max_school_days.as_ref().map(|l| l.value) else {
        return;
    };
    let notifying: Vec<_> = cx
        .school
        .sections
        .rules
        .iter()
        .filter(|r| r.actions.iter().any(|a| a.node == Action::NotifyLocalAuthority))
        .collect();
    let Some(first) = notifying.first() else { return };
    // Any run counting unauthorised absence describes the duty: C601 reports
    // one that is too long, C302 other codes in it.
    let describes_run = notifying.iter().any(|r| {
        r.when.node.comparisons().iter().any(|c| match &c.measure {
            Measure::Consecutive { codes, .. } => {
                expand(cx.regime, codes).iter().any(|(entry, _)| entry.category == Category::Unauthorised)
            }
            _ => false,
        })
    });
    if describes_run {
        return;
    }
    let span = first.name.span;
    cx.report(
        format!(
            "the policy says when it tells the local authority, but not of a pupil absent without authorisation for {limit} school days in a row"
        ),
        span,
        "tells the local authority, but not of a long absence",
        format!(
            "add the duty: `rule \"{limit} days' unauthorised absence\" {{ when consecutive school days(unauthorised) >= {limit} then notify local authority }}`"
        ),
    );
}
