//! C210: a suspension penalty notice considered on days that are not the
//! first school days of an exclusion.

use super::shared::expand;
use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::model::{Comparison, Condition, Measure};
use crate::syntax::ast::Action;
use crate::vocabulary::{Comparator, RunUnit, Threshold};

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C210",
    name: "suspension-notice-outside-exclusion",
    severity: Severity::Error,
    summary: "a suspension penalty notice considered outside the first days of an exclusion",
    explanation: "A parent commits the offence behind a suspension penalty notice only when an excluded pupil is in a public place during school hours on one of the first five school days of the exclusion (Education and Inspections Act 2006, section 103). A rule that considers such a notice must hold only on those days: its condition needs both `consecutive school days(E) >= 1` (the pupil is excluded that day) and `consecutive school days(E) <= 5`, joined with `and` to what the school was told.",
    before: "rule \"found in public\" {\n    when records(\"found in a public place\") >= 1 over last 1 school day\n    then consider suspension penalty notice\n}",
    after: "rule \"found in public\" {\n    when records(\"found in a public place\") >= 1 over last 1 school day and consecutive school days(E) >= 1 and consecutive school days(E) <= 5\n    then consider suspension penalty notice\n}",
});

pub static CHECK: Check = Check { code: CODE, citations: &["excluded_pupil_duty"], run };

fn run(cx: &mut Context) {
    let Some(duty) = cx.regime.penalty_notices.as_ref().and_then(|p| p.excluded_pupil.as_ref()) else {
        return;
    };
    let days = duty.first_school_days;
    let codes = duty.codes.join(", ");
    let mut outside = Vec::new();
    for rule in &cx.school.sections.rules {
        if !rule.actions.iter().any(|a| a.node == Action::ConsiderSuspensionPenaltyNotice) {
            continue;
        }
        let required = required(&rule.when.node);
        let run_of_exclusion = |c: &Comparison| match &c.measure {
            Measure::Consecutive { unit: RunUnit::SchoolDays, codes: set } => {
                let entries = expand(cx.regime, set);
                !entries.is_empty() && entries.iter().all(|(e, _)| duty.codes.contains(&e.code))
            }
            _ => false,
        };
        let count = |c: &Comparison| match c.threshold {
            Threshold::Count(n) => Some(n),
            _ => None,
        };
        let excluded_today =
            required.iter().filter(|c| run_of_exclusion(c)).any(|c| match (c.comparator, count(c)) {
                (Comparator::GreaterOrEqual | Comparator::Equal, Some(n)) => n >= 1,
                (Comparator::Greater, Some(_)) => true,
                _ => false,
            });
        let within_days =
            required.iter().filter(|c| run_of_exclusion(c)).any(|c| match (c.comparator, count(c)) {
                (Comparator::LessOrEqual | Comparator::Equal, Some(n)) => n <= u64::from(days),
                (Comparator::Less, Some(n)) => n <= u64::from(days) + 1,
                _ => false,
            });
        let missing: Vec<String> = [
            (!excluded_today).then(|| format!("consecutive school days({codes}) >= 1")),
            (!within_days).then(|| format!("consecutive school days({codes}) <= {days}")),
        ]
        .into_iter()
        .flatten()
        .map(|part| format!("and {part}"))
        .collect();
        if !missing.is_empty() {
            let help = if rule.when.node.comparisons().is_empty() {
                format!(
                    "add `when consecutive school days({codes}) >= 1 and consecutive school days({codes}) <= {days}`"
                )
            } else {
                format!("add `{}` to the condition", missing.join(" "))
            };
            outside.push((rule.name.node.clone(), rule.when.span, help));
        }
    }
    for (name, span, help) in outside {
        cx.report(
            format!(
                "the rule \"{name}\" can consider a suspension penalty notice on a day that is not one of the first {days} school days of an exclusion ({codes})"
            ),
            span,
            "not limited to the first days of an exclusion",
            help,
        );
    }
}

/// The comparisons every firing must meet: the condition itself, or each part
/// of an `and`, however bracketed; nothing under an `or`.
fn required(condition: &Condition) -> Vec<&Comparison> {
    match condition {
        Condition::Compare(c) => vec![c],
        Condition::All(parts) => parts.iter().flat_map(required).collect(),
        Condition::Any(_) => Vec::new(),
    }
}
