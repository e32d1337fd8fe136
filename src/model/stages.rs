//! Checks of escalation ladders: every stage names a rule, no stages wait for
//! each other in a circle, and a later stage's threshold is not reached before
//! the earlier one's.

use super::{CodeSet, Comparison, Condition, Rule, Sections};
use crate::diagnostics::{Code, Diagnostic};
use crate::vocabulary::{CodeList, Comparator, Group, Lookback, Threshold};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

pub fn check(sections: &Sections, duties: &[&str], diagnostics: &mut Vec<Diagnostic>) {
    let rules = &sections.rules;
    let find = |name: &str| rules.iter().find(|r| r.name.node == name);
    for rule in rules {
        for stage in &rule.after {
            // A statutory duty may be a stage: it waits for nothing.
            if duties.contains(&stage.rule.node.as_str()) && find(&stage.rule.node).is_none() {
                continue;
            }
            let Some(earlier) = find(&stage.rule.node) else {
                diagnostics.push(
                    Diagnostic::new(
                        Code::UNKNOWN_STAGE,
                        format!(
                            "the rule \"{}\" follows \"{}\", which is not a rule of this school",
                            rule.name.node, stage.rule.node
                        ),
                        stage.rule.span,
                        "no rule has this name",
                    )
                    .help(format!(
                        "the rules are: {}",
                        rules
                            .iter()
                            .map(|r| format!("\"{}\"", r.name.node))
                            .chain(duties.iter().map(|d| format!("\"{d}\"")))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
                continue;
            };
            if leads_back(rules, &earlier.name.node, &rule.name.node) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::STAGE_CYCLE,
                        format!(
                            "the rule \"{}\" waits for \"{}\", which waits for it: neither can ever fire",
                            rule.name.node, stage.rule.node
                        ),
                        stage.span,
                        "a stage that leads back to this rule",
                    )
                    .help("a ladder runs one way: remove the `after` of the first stage"),
                );
                continue;
            }
            if let Some((later, first)) = out_of_order(rule, earlier) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::LADDER_OUT_OF_ORDER,
                        format!(
                            "\"{}\" follows \"{}\", but its condition ({}) is met before that of \"{}\" ({})",
                            rule.name.node,
                            earlier.name.node,
                            shown(later),
                            earlier.name.node,
                            shown(first)
                        ),
                        later.at.threshold,
                        "the later stage's threshold",
                    )
                    .related(first.at.threshold, "the earlier stage's threshold")
                    .help("give the later stage the harder threshold, or swap the two"),
                );
            }
        }
    }
}

/// Pairs of rules that always fire together: the same condition and the same
/// firing, stages, review days, groups and limit.
pub fn together(sections: &Sections, diagnostics: &mut Vec<Diagnostic>) {
    let key = |r: &Rule| {
        let stages: Vec<(&str, u32, Option<Lookback>)> =
            r.after.iter().map(|s| (s.rule.node.as_str(), s.times, s.within)).collect();
        let groups: Vec<&Group> = r.groups.iter().map(|g| &g.node).collect();
        format!(
            "{}|{:?}|{:?}|{stages:?}|{:?}|{groups:?}|{:?}",
            condition(&r.when.node),
            r.firing,
            r.minimum_possible_sessions,
            r.review.as_ref().map(|v| v.node),
            r.limit.as_ref().map(|l| l.node)
        )
    };
    let mut first_with: HashMap<String, &Rule> = HashMap::new();
    for later in &sections.rules {
        let earlier = match first_with.entry(key(later)) {
            Entry::Occupied(first) => *first.get(),
            Entry::Vacant(slot) => {
                slot.insert(later);
                continue;
            }
        };
        diagnostics.push(
            Diagnostic::new(
                Code::RULES_FIRE_TOGETHER,
                format!("\"{}\" and \"{}\" always fire together", earlier.name.node, later.name.node),
                later.name.span,
                "the same condition as another rule",
            )
            .related(earlier.name.span, "this rule")
            .help(format!("write them as one rule with both `then` lines, or make \"{}\" follow the other: `after \"{}\"`", later.name.node, earlier.name.node)),
        );
    }
}

/// A condition in words, codes as the policy wrote them.
fn condition(c: &Condition) -> String {
    match c {
        Condition::Compare(c) => format!("{} {:?}", shown(c), c.window),
        Condition::All(parts) => parts.iter().map(condition).collect::<Vec<_>>().join(" and "),
        Condition::Any(parts) => {
            format!("({})", parts.iter().map(condition).collect::<Vec<_>>().join(" or "))
        }
    }
}

/// Whether following stages from `from` reaches `to`.
fn leads_back(rules: &[Rule], from: &str, to: &str) -> bool {
    let mut seen: Vec<&str> = Vec::new();
    let mut stack = vec![from];
    while let Some(name) = stack.pop() {
        if name == to {
            return true;
        }
        if seen.contains(&name) {
            continue;
        }
        seen.push(name);
        if let Some(rule) = rules.iter().find(|r| r.name.node == name) {
            stack.extend(rule.after.iter().map(|s| s.rule.node.as_str()));
        }
    }
    false
}

/// The two comparisons, when the later stage's single comparison is met
/// before the earlier stage's: the same measure and window, the same
/// direction, and a threshold the pupil reaches first.
fn out_of_order<'r>(later: &'r Rule, earlier: &'r Rule) -> Option<(&'r Comparison, &'r Comparison)> {
    let (Condition::Compare(l), Condition::Compare(e)) = (&later.when.node, &earlier.when.node) else {
        return None;
    };
    let below = |c: Comparator| matches!(c, Comparator::Less | Comparator::LessOrEqual);
    let above = |c: Comparator| matches!(c, Comparator::Greater | Comparator::GreaterOrEqual);
    let same = measure(l) == measure(e) && l.window == e.window;
    let order = match (&l.threshold, &e.threshold) {
        (Threshold::Count(a), Threshold::Count(b)) => Some(a.cmp(b)),
        (Threshold::PercentHundredths(a), Threshold::PercentHundredths(b)) => Some(a.cmp(b)),
        _ => None,
    };
    let reached_first = match order {
        Some(Ordering::Greater) => below(l.comparator) && below(e.comparator),
        Some(Ordering::Less) => above(l.comparator) && above(e.comparator),
        _ => false,
    };
    (same && reached_first).then_some((l, e))
}

/// A comparison's measure in words, codes as the policy wrote them.
fn measure(c: &Comparison) -> String {
    c.measure
        .map(&mut |set: &CodeSet| Ok::<_, ()>(set.items.names()))
        .map(|m| m.to_string())
        .unwrap_or_default()
}

fn shown(c: &Comparison) -> String {
    format!("{} {} {}", measure(c), c.comparator.symbol(), c.threshold)
}
