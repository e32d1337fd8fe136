//! What a policy's tests exercise: for each rule, lateness line, definition
//! and statutory duty, whether the tests made it fire and made it hold back;
//! and for each threshold, window, minimum and time the policy states, whether
//! a test would notice it moved one step (the tests are run against each such
//! variant of the compiled rule set).

use super::{Test, expect, run};
use crate::compile::RuleSet;
use crate::compile::ir::Origin;
use crate::engine::RunOutput;
use crate::source::{FileId, SourceMap};
use crate::vocabulary::{Comparison, Condition, Review, Threshold, Window};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub items: Vec<Item>,
}

impl Coverage {
    /// The policy's own items (rules, lateness lines, definitions) made to
    /// fire and to hold back, of all of them. Duties are listed but not
    /// counted: they are the regulations', and a policy's tests may cover
    /// days a duty was not in force. Nor are rules whose number the policy
    /// does not state: they never fire, so no test can make them.
    pub fn covered(&self) -> (usize, usize) {
        let own = || self.items.iter().filter(|i| i.kind != "duty" && i.kind != "unstated");
        (own().filter(|i| i.fired && i.held_back).count(), own().count())
    }

    /// The share covered in hundredths of a percent (all of nothing is all).
    pub fn hundredths(&self) -> u64 {
        let (covered, all) = self.covered();
        if all == 0 { 10_000 } else { (covered as u64 * 10_000) / all as u64 }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// `rule`, `duty`, `lateness`, `definition`, or `unstated` (a rule that
    /// never fires because a number it or a stage it follows needs is `not
    /// stated`).
    pub kind: &'static str,
    pub name: String,
    /// Some test made it fire (for a definition: a pupil met it).
    pub fired: bool,
    /// Some test had a pupil for whom it did not fire.
    pub held_back: bool,
    /// Each of its values moved one step, and whether a test noticed.
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub change: String,
    pub noticed: bool,
}

pub(super) fn measure(
    rules: &RuleSet,
    tests: &[Test],
    runs: &[Result<RunOutput, String>],
    sources: &SourceMap,
    file: FileId,
) -> std::io::Result<Coverage> {
    let mut items = Vec::new();
    let pupils = || tests.iter().zip(runs).flat_map(|(t, r)| t.marks.iter().map(move |(p, _)| (p, r)));
    let fired_for = |name: &str| {
        let (mut fired, mut held) = (false, false);
        for (pupil, run) in pupils() {
            let Ok(output) = run else { continue };
            if output.events.iter().any(|e| &e.pupil == pupil && e.rule == name) {
                fired = true;
            } else {
                held = true;
            }
        }
        (fired, held)
    };
    let can_fire = can_fire(rules);
    for (i, rule) in rules.rules.iter().enumerate() {
        let (fired, held_back) = fired_for(&rule.name);
        let (kind, steps) = match rule.origin {
            // The regulations' duties are the law: moving them tests nothing of the policy.
            Origin::Statutory { .. } => ("duty", Vec::new()),
            Origin::Policy { .. } if !can_fire.get(i).copied().unwrap_or(true) => ("unstated", Vec::new()),
            Origin::Policy { .. } => ("rule", rule_steps(rules, i, tests, sources, file)?),
        };
        // Each regime's duties run on their own days under one name: one item.
        if let Some(same) = items.iter_mut().find(|i: &&mut Item| i.kind == kind && i.name == rule.name) {
            same.steps.extend(steps);
            continue;
        }
        items.push(Item { kind, name: rule.name.clone(), fired, held_back, steps });
    }
    for (i, line) in rules.lateness.iter().enumerate() {
        let name = format!("lateness: arrival after {}", line.after.format("%H:%M"));
        let (fired, held_back) = fired_for(&name);
        let mut steps = Vec::new();
        for minutes in [-1i64, 1] {
            let mut variant = rules.clone();
            let Some(moved) = variant.lateness.get_mut(i) else { continue };
            moved.after += chrono::Duration::minutes(minutes);
            let change = format!("{} -> {}", line.after.format("%H:%M"), moved.after.format("%H:%M"));
            steps.push(Step { change, noticed: noticed(&variant, tests, sources, file)? });
        }
        items.push(Item { kind: "lateness", name, fired, held_back, steps });
    }
    for severe in [false, true] {
        let (mut fired, mut held_back) = (false, false);
        for (pupil, run) in pupils() {
            let Ok(output) = run else { continue };
            let met = output
                .summaries
                .iter()
                .rfind(|s| &s.pupil == pupil)
                .is_some_and(|s| if severe { s.severe_absence } else { s.persistent_absence });
            fired |= met;
            held_back |= !met;
        }
        let mut steps = Vec::new();
        let definition = if severe { &rules.severe_absence } else { &rules.persistent_absence };
        for k in 0..definition.comparisons().len() {
            for (change, moved) in comparison_steps(definition, k) {
                let mut variant = rules.clone();
                *(if severe { &mut variant.severe_absence } else { &mut variant.persistent_absence }) = moved;
                steps.push(Step { change, noticed: noticed(&variant, tests, sources, file)? });
            }
        }
        let name = if severe { "severe absence" } else { "persistent absence" };
        items.push(Item { kind: "definition", name: name.into(), fired, held_back, steps });
    }
    Ok(Coverage { items })
}

/// For each rule, whether it can ever fire: its condition can hold and every
/// stage it follows can fire (a stage whose number is not stated never does).
fn can_fire(rules: &RuleSet) -> Vec<bool> {
    let mut can: Vec<bool> =
        rules.rules.iter().map(|r| r.when.can_hold() && r.review != Some(Review::NotStated)).collect();
    // Stages only point backwards in a valid rule set's order of firing, but
    // not in its order of writing: repeat until nothing changes.
    loop {
        let mut changed = false;
        for (k, rule) in rules.rules.iter().enumerate() {
            let blocked = rule.after.iter().any(|s| !can.get(s.rule).copied().unwrap_or(true));
            if let Some(slot) = can.get_mut(k).filter(|c| **c && blocked) {
                *slot = false;
                changed = true;
            }
        }
        if !changed {
            return can;
        }
    }
}

/// A rule's comparisons and minimum, each moved one step either way.
fn rule_steps(
    rules: &RuleSet,
    i: usize,
    tests: &[Test],
    sources: &SourceMap,
    file: FileId,
) -> std::io::Result<Vec<Step>> {
    let Some(rule) = rules.rules.get(i) else { return Ok(Vec::new()) };
    let mut variants = Vec::new();
    for k in 0..rule.when.comparisons().len() {
        variants.extend(comparison_steps(&rule.when, k).into_iter().map(|(change, when)| {
            let mut moved = rule.clone();
            moved.when = when;
            (change, moved)
        }));
    }
    let minimum = rule.minimum_possible_sessions;
    if minimum > 0 {
        for m in [minimum - 1, minimum + 1] {
            let mut moved = rule.clone();
            moved.minimum_possible_sessions = m;
            variants.push((format!("minimum {minimum} -> {m} possible sessions"), moved));
        }
    }
    let mut steps = Vec::new();
    for (change, moved) in variants {
        let mut variant = rules.clone();
        if let Some(slot) = variant.rules.get_mut(i) {
            *slot = moved;
        }
        steps.push(Step { change, noticed: noticed(&variant, tests, sources, file)? });
    }
    Ok(steps)
}

/// The `k`th comparison's threshold and window, each moved one step either way.
fn comparison_steps(condition: &Condition, k: usize) -> Vec<(String, Condition)> {
    let Some(original) = condition.comparisons().get(k).map(|c| (*c).clone()) else { return Vec::new() };
    let mut out = Vec::new();
    let thresholds: Vec<Threshold> = match original.threshold.clone() {
        Threshold::Count(n) => {
            [n.checked_sub(1), n.checked_add(1)].into_iter().flatten().map(Threshold::Count).collect()
        }
        Threshold::PercentHundredths(h) => [h.checked_sub(100), h.checked_add(100)]
            .into_iter()
            .flatten()
            .map(Threshold::PercentHundredths)
            .collect(),
        // A pupil's own number comes from the pupils file, not the policy.
        Threshold::NotStated | Threshold::Pupil(_) => Vec::new(),
    };
    for threshold in thresholds {
        let change = format!("{original} -> {} {threshold}", original.comparator.symbol());
        out.push((change, replaced(condition, k, Comparison { threshold, ..original.clone() })));
    }
    let windows: Vec<Window> = match original.window {
        Window::RollingSchoolWeeks(n) => steps_of(n).map(Window::RollingSchoolWeeks).collect(),
        Window::RollingWeeks(n) => steps_of(n).map(Window::RollingWeeks).collect(),
        Window::LastSchoolDays(n) => steps_of(n).map(Window::LastSchoolDays).collect(),
        _ => Vec::new(),
    };
    for window in windows {
        let change = format!("{original} -> {window}");
        out.push((change, replaced(condition, k, Comparison { window, ..original.clone() })));
    }
    out
}

fn steps_of(n: u32) -> impl Iterator<Item = u32> {
    [n.checked_sub(1).filter(|m| *m > 0), n.checked_add(1)].into_iter().flatten()
}

/// The condition with its `k`th comparison (depth first) replaced.
fn replaced(condition: &Condition, k: usize, with: Comparison) -> Condition {
    fn walk(c: &Condition, k: usize, seen: &mut usize, with: &Comparison) -> Condition {
        match c {
            Condition::Compare(cmp) => {
                *seen += 1;
                Condition::Compare(if *seen == k + 1 { with.clone() } else { cmp.clone() })
            }
            Condition::All(parts) => Condition::All(parts.iter().map(|p| walk(p, k, seen, with)).collect()),
            Condition::Any(parts) => Condition::Any(parts.iter().map(|p| walk(p, k, seen, with)).collect()),
        }
    }
    walk(condition, k, &mut 0, &with)
}

/// Whether some test fails against the variant rule set.
fn noticed(variant: &RuleSet, tests: &[Test], sources: &SourceMap, file: FileId) -> std::io::Result<bool> {
    for test in tests {
        match run(variant, test)? {
            Ok(output) if expect::failures(test, &output, sources, file).is_empty() => {}
            _ => return Ok(true),
        }
    }
    Ok(false)
}
