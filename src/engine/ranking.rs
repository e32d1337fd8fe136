//! Reports that name the group with the best attendance (`report ... naming
//! the class with the best attendance`) or the pupils whose attendance rose
//! most: each pupil's attended and possible sessions for each period between
//! the days the report falls due, tallied by the pupil's group (or, for the
//! pupils, by the pupil).

use super::history::History;
use crate::compile::RuleSet;
use crate::register::{Calendar, Pupils};
use crate::vocabulary::Naming;
use serde::Serialize;
use std::collections::BTreeMap;

/// A report that names a group or pupils: its index among the reports, whom
/// it names, and the calendar days it falls due.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub report: usize,
    pub naming: Naming,
    pub due: Vec<u32>,
}

pub fn ranked_reports(rules: &RuleSet, calendar: &Calendar) -> Vec<Ranked> {
    rules
        .reports
        .iter()
        .enumerate()
        .filter_map(|(report, r)| {
            let (naming, when) = (r.best.clone()?, r.when?);
            let due = (0..calendar.len() as u32)
                .filter(|&i| super::stages::review_day(when, calendar, i))
                .collect();
            Some(Ranked { report, naming, due })
        })
        .collect()
}

/// One group's sessions in one period of a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GroupTally {
    pub pupils: u64,
    pub attending: u64,
    pub possible: u64,
}

/// Keyed by the report's index, the calendar day it fell due, and the group.
pub type Tallies = BTreeMap<(usize, u32, String), GroupTally>;

/// The pupil's attended and possible sessions in each period of each ranked
/// report: from the day after the report last fell due (or the start of the
/// academic year, if later) to the day it falls due. A pupil with no value in
/// the column, or no possible session in a period, is in no group for it.
#[expect(clippy::indexing_slicing, reason = "due days are calendar positions, below its len()")]
pub fn tally(
    ranked: &[Ranked],
    calendar: &Calendar,
    pupils: Option<&Pupils>,
    pupil: &str,
    history: &History,
    into: &mut Vec<((usize, u32, String), GroupTally)>,
) {
    for r in ranked {
        let group = match &r.naming {
            Naming::PupilsByRise => pupil,
            Naming::Group(column) => {
                let value = pupils.and_then(|p| p.get(pupil)).and_then(|d| d.attributes.get(column));
                match value.filter(|g| !g.trim().is_empty()) {
                    Some(value) => value.as_str(),
                    None => continue,
                }
            }
        };
        let mut previous: Option<u32> = None;
        for &due in &r.due {
            let from = previous.map_or(0, |p| p + 1).max(calendar.year_start[due as usize]);
            previous = Some(due);
            let (first, last) = (from.max(history.lo), due.min(history.hi));
            if first > last {
                continue;
            }
            let s = history.sessions(first, last);
            if s.possible > 0 {
                let tally = GroupTally { pupils: 1, attending: s.attending, possible: s.possible };
                into.push(((r.report, due, group.to_string()), tally));
            }
        }
    }
}

pub fn absorb(tallies: &mut Tallies, found: Vec<((usize, u32, String), GroupTally)>) {
    for (key, t) in found {
        let total = tallies.entry(key).or_default();
        total.pupils += t.pupils;
        total.attending += t.attending;
        total.possible += t.possible;
    }
}
