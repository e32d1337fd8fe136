//! C601: the local authority told of a long unauthorised absence in time.

use super::shared::only_unauthorised;
use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::model::{Measure, Threshold};
use crate::syntax::ast::Action;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C601",
    name: "local-authority-told-late",
    severity: Severity::Error,
    summary: "the local authority told later than the regulations require",
    explanation: "A school must tell the local authority about a pupil absent without authorisation for a continuous period of 10 school days. A rule that notifies the local authority only after more days contradicts that duty.",
    before: "when consecutive school days(unauthorised) >= 15\nthen notify local authority",
    after: "when consecutive school days(unauthorised) >= 10\nthen notify local authority",
});

pub static CHECK: Check = Check { code: CODE, citations: &["la_notification"], run };

fn run(cx: &mut Context) {
    let Some(limit) = cx.regime.limits.la_notification_max_school_days.as_ref().map(|l| l.value) else {
        return;
    };
    let regime = cx.regime;
    let mut late = Vec::new();
    for rule in &cx.school.sections.rules {
        if !rule.actions.iter().any(|a| a.node == Action::NotifyLocalAuthority) {
            continue;
        }
        for comparison in rule.when.node.comparisons() {
            let Measure::Consecutive { codes, .. } = &comparison.measure else { continue };
            let unauthorised = only_unauthorised(regime, codes);
            let Threshold::Count(n) = comparison.threshold else { continue };
            if let Some(days) = comparison.comparator.reached_at(n)
                && unauthorised
                && days > u64::from(limit)
            {
                late.push((rule.name.node.clone(), days, comparison.at.threshold));
            }
        }
    }
    for (name, days, span) in late {
        cx.report(
            format!(
                "the rule \"{name}\" tells the local authority after {days} school days of unauthorised absence; the regulations require it at {limit}"
            ),
            span,
            "later than required",
            format!("notify the local authority when the run reaches {limit} school days: `>= {limit}`"),
        );
    }
}
