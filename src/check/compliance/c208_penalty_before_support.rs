//! C208: a rule that considers a penalty notice without any support before it.

use super::shared::{counted_not_unauthorised, needs_national_threshold};
use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::model::Rule;
use crate::syntax::ast::Action;
use crate::vocabulary::CodeRef;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C208",
    name: "penalty-before-support",
    severity: Severity::Warning,
    summary: "a penalty notice considered before any support or notice to improve",
    explanation: "The national framework puts support first: a penalty notice is for a family that support has not helped or who did not take it up, usually after a notice to improve, or for a case where support would not fit, such as a holiday taken in term time without leave. A rule of the policy that considers a penalty notice without following (`after`) a stage of support (a letter, meeting, contact, home visit or notice to improve) can reach a family first. A rule that counts only unauthorised holiday (`G`) is not reported, nor one that C205 or C207 reports. This is a warning: it rests on statutory guidance.",
    before: "rule \"penalty\" {\n    when sessions(unauthorised) >= 10 over rolling 10 school weeks\n    then consider penalty notice\n}",
    after: "rule \"penalty\" {\n    after \"notice to improve\"\n    when sessions(unauthorised) >= 10 over rolling 10 school weeks\n    then consider penalty notice\n}",
});

pub static CHECK: Check = Check { code: CODE, citations: &["support_first"], run };

fn run(cx: &mut Context) {
    let Some(national) = cx.regime.penalty_notices.as_ref().and_then(|p| p.threshold.as_ref()) else {
        return;
    };
    let rules = &cx.school.sections.rules;
    let early: Vec<_> = rules
        .iter()
        .filter(|r| r.actions.iter().any(|a| a.node == Action::ConsiderPenaltyNotice))
        // Counting other marks is C205's finding, a notice below the
        // national threshold C207's.
        .filter(|r| counted_not_unauthorised(cx.regime, &r.when.node).is_empty())
        .filter(|r| needs_national_threshold(cx.regime, national, &r.when.node))
        .filter(|r| !holiday_only(r))
        .filter(|r| !follows_support(rules, r))
        .map(|r| (r.name.node.clone(), r.name.span))
        .collect();
    for (name, span) in early {
        cx.report(
            format!("the rule \"{name}\" considers a penalty notice without any support before it"),
            span,
            "no stage of support before this",
            "make it follow a stage of support, such as `after \"notice to improve\"`, where that stage issues a notice to improve or arranges a meeting".to_string(),
        );
    }
}

/// Whether every code the rule counts is `G`, a holiday not granted.
fn holiday_only(rule: &Rule) -> bool {
    let comparisons = rule.when.node.comparisons();
    !comparisons.is_empty()
        && comparisons.iter().all(|c| {
            c.measure.codes().is_some_and(|set| {
                set.items.iter().all(|item| matches!(&item.node, CodeRef::Code(code) if code == "G"))
            })
        })
}

/// Whether a stage the rule follows, or one before it, offers support.
fn follows_support(rules: &[Rule], rule: &Rule) -> bool {
    let supportive = |r: &Rule| {
        r.actions.iter().any(|a| {
            matches!(
                a.node,
                Action::Letter(_)
                    | Action::Meeting(_)
                    | Action::Contact(_)
                    | Action::HomeVisit
                    | Action::IssueNoticeToImprove
            )
        })
    };
    let mut seen: Vec<&str> = Vec::new();
    let mut stack: Vec<&str> = rule.after.iter().map(|s| s.rule.node.as_str()).collect();
    while let Some(name) = stack.pop() {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        if let Some(earlier) = rules.iter().find(|r| r.name.node == name) {
            if supportive(earlier) {
                return true;
            }
            stack.extend(earlier.after.iter().map(|s| s.rule.node.as_str()));
        }
    }
    false
}
