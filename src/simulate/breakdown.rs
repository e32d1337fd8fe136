//! Counts broken down by a pupil attribute (`--by sen`), as the DfE's
//! attendance tools break them down, with small groups hidden.
//!
//! A group of fewer pupils than the smallest shown (5 by default) is not
//! shown. When exactly one group would be hidden, the next smallest is hidden
//! too: otherwise its figures could be worked out from the whole school's
//! figures less the groups shown.

use super::{Outcome, firings};
use crate::register::Pupils;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The default smallest group shown.
pub const SMALLEST_SHOWN: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breakdown {
    pub attribute: String,
    pub smallest_shown: usize,
    pub groups: Vec<Group>,
    /// Groups not shown because they are small, and how many pupils they hold.
    pub hidden_groups: usize,
    pub hidden_pupils: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub value: String,
    pub pupils: usize,
    /// Sessions attended of those possible over the last year, all the
    /// group's pupils together, in hundredths of a percent.
    pub attendance_hundredths: Option<u32>,
    pub persistent: usize,
    pub severe: usize,
    /// For each rule: the group's pupils it fired for, and how many times.
    pub rules: Vec<(String, usize, usize)>,
}

/// The outcome's pupils grouped by their value of `attribute`.
pub fn breakdown(outcome: &Outcome, pupils: &Pupils, attribute: &str, smallest_shown: usize) -> Breakdown {
    let mut members: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for s in &outcome.at_end {
        members.entry(pupils.value(&s.pupil, attribute)).or_default().insert(&s.pupil);
    }
    let fired = firings(&outcome.events);
    let mut sizes: Vec<(usize, &String)> = members.iter().map(|(v, m)| (m.len(), v)).collect();
    sizes.sort();
    let mut hidden: BTreeSet<&String> =
        sizes.iter().filter(|(n, _)| *n < smallest_shown).map(|(_, v)| *v).collect();
    if hidden.len() == 1
        && let Some((_, next)) = sizes.iter().find(|(_, v)| !hidden.contains(v))
    {
        hidden.insert(next);
    }
    let groups = members
        .iter()
        .filter(|(value, _)| !hidden.contains(value))
        .map(|(value, group)| {
            let mine: Vec<&crate::engine::Summary> =
                outcome.at_end.iter().filter(|s| group.contains(s.pupil.as_str())).collect();
            let (present, possible) = mine
                .iter()
                .fold((0u64, 0u64), |(a, p), s| (a + u64::from(s.present), p + u64::from(s.possible)));
            let rules = outcome
                .rules
                .iter()
                .map(|r| {
                    let times: Vec<&str> = fired
                        .iter()
                        .filter(|(p, _, rule)| *rule == r.rule && group.contains(p))
                        .map(|(p, _, _)| *p)
                        .collect();
                    let distinct: BTreeSet<&str> = times.iter().copied().collect();
                    (r.rule.clone(), distinct.len(), times.len())
                })
                .collect();
            Group {
                value: value.clone(),
                pupils: group.len(),
                attendance_hundredths: (possible > 0)
                    .then(|| (u128::from(present) * 10_000 / u128::from(possible)) as u32),
                persistent: mine.iter().filter(|s| s.persistent_absence).count(),
                severe: mine.iter().filter(|s| s.severe_absence).count(),
                rules,
            }
        })
        .collect();
    Breakdown {
        attribute: attribute.to_string(),
        smallest_shown,
        groups,
        hidden_groups: hidden.len(),
        hidden_pupils: members.iter().filter(|(v, _)| hidden.contains(v)).map(|(_, m)| m.len()).sum(),
    }
}
