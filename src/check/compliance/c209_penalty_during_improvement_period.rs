//! C209: a penalty notice considered before a notice to improve's improvement
//! period has run.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::syntax::ast::Action;
use crate::vocabulary::Lookback;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C209",
    name: "penalty-during-improvement-period",
    severity: Severity::Warning,
    summary: "a penalty notice considered during a notice to improve's improvement period",
    explanation: "A notice to improve gives parents an improvement period (3 to 6 weeks under the national framework, or the policy's own `notice to improve` period) before a penalty notice is considered. A rule that considers a penalty notice straight after a rule that issues a notice to improve, without `at least` the shortest improvement period, can reach the family inside it. This is a warning: it rests on statutory guidance.",
    before: "rule \"penalty\" {\n    after \"notice to improve\"\n    when sessions(unauthorised) >= 1 since \"notice to improve\"\n    then consider penalty notice\n}",
    after: "rule \"penalty\" {\n    after \"notice to improve\" at least 3 weeks\n    when sessions(unauthorised) >= 1 since \"notice to improve\"\n    then consider penalty notice\n}",
});

pub static CHECK: Check = Check { code: CODE, citations: &["notice_to_improve"], run };

fn run(cx: &mut Context) {
    let policy = cx.school.sections.penalty_notices.as_ref().and_then(|p| p.notice_to_improve_weeks.as_ref());
    let national = cx.regime.penalty_notices.as_ref().and_then(|p| p.notice_to_improve_weeks.as_ref());
    let Some(shortest) = policy.map(|p| p.node.0).or(national.map(|n| n.shortest)) else { return };
    let rules = &cx.school.sections.rules;
    let issues_notice = |name: &str| {
        rules
            .iter()
            .any(|r| r.name.node == name && r.actions.iter().any(|a| a.node == Action::IssueNoticeToImprove))
    };
    let mut early = Vec::new();
    for rule in rules.iter().filter(|r| r.actions.iter().any(|a| a.node == Action::ConsiderPenaltyNotice)) {
        for stage in rule.after.iter().filter(|s| issues_notice(&s.rule.node)) {
            let waits = match stage.wait {
                Some(Lookback::Weeks(n) | Lookback::SchoolWeeks(n)) => n >= shortest,
                Some(Lookback::Years(n)) => n > 0,
                None => false,
            };
            if !waits {
                early.push((rule.name.node.clone(), stage.rule.node.clone(), stage.span));
            }
        }
    }
    for (name, notice, span) in early {
        cx.report(
            format!(
                "the rule \"{name}\" can consider a penalty notice within {shortest} weeks of \"{notice}\", inside the improvement period"
            ),
            span,
            "no improvement period after this",
            format!("write `after \"{notice}\" at least {shortest} weeks`"),
        );
    }
}
