//! Escalation ladders: rules linked by `after`, each stage with the pupils it
//! reached, in the order a pupil climbs them.

use super::RuleCount;
use crate::compile::RuleSet;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ladder {
    /// Each stage, first stage first.
    pub stages: Vec<LadderStage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LadderStage {
    pub rule: String,
    /// The pupils it fired for.
    pub pupils: usize,
    /// The stages it follows.
    pub after: Vec<String>,
}

/// Every ladder of the rule set: from each rule that others follow but that
/// follows none, the rules that follow it, breadth first.
pub fn ladders(rules: &RuleSet, counts: &[RuleCount]) -> Vec<Ladder> {
    let all = &rules.rules;
    let followed = |k: usize| all.iter().any(|r| r.after.iter().any(|s| s.rule == k));
    let pupils = |name: &str| counts.iter().find(|c| c.rule == name).map_or(0, |c| c.pupils);
    let mut out = Vec::new();
    for (root, rule) in all.iter().enumerate() {
        if !rule.after.is_empty() || !followed(root) {
            continue;
        }
        let mut order = vec![root];
        let mut next = 0;
        while let Some(&k) = order.get(next) {
            for (j, r) in all.iter().enumerate() {
                if r.after.iter().any(|s| s.rule == k) && !order.contains(&j) {
                    order.push(j);
                }
            }
            next += 1;
        }
        let stages = order
            .into_iter()
            .filter_map(|k| all.get(k))
            .map(|r| LadderStage {
                rule: r.name.clone(),
                pupils: pupils(&r.name),
                after: r.after.iter().filter_map(|s| all.get(s.rule)).map(|f| f.name.clone()).collect(),
            })
            .collect();
        out.push(Ladder { stages });
    }
    out
}
