//! The policy's reports on the whole school (to governors, to staff, to the
//! Department), and the school days of the register on which each falls due.

use crate::compile::RuleSet;
use crate::engine::{GroupTally, Tallies, Value};
use crate::register::Calendar;
use crate::vocabulary::Review;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportDue {
    pub what: String,
    pub to: String,
    /// How often, in the policy's words; `None` where it does not say.
    pub when: Option<String>,
    /// The school days it falls due on; none where the policy does not say.
    pub dates: Vec<NaiveDate>,
    /// How many times it falls due: once each of those days, or once a
    /// session for a report made `every 1 session`.
    pub times: usize,
    /// For a report naming a group: the pupils-file column, and the best
    /// group on each day it falls due.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub naming: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub best: Vec<BestGroup>,
}

/// The group (or groups, tied) with the best attendance in a report's period,
/// among groups of at least `smallest` pupils; smaller groups are not compared,
/// so that no figure is about a handful of children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BestGroup {
    pub date: NaiveDate,
    pub groups: Vec<String>,
    pub attendance: String,
    /// How many groups were large enough to compare.
    pub compared: usize,
}

pub fn reports_due(
    rules: &RuleSet,
    calendar: &Calendar,
    groups: &Tallies,
    smallest: usize,
) -> Vec<ReportDue> {
    rules
        .reports
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let due: Vec<(NaiveDate, u32)> = r.when.map_or_else(Vec::new, |w| {
                (0..calendar.len() as u32)
                    .filter_map(|i| {
                        let times = match w {
                            Review::EverySessions(n) => {
                                let year = calendar.year_start.get(i as usize).copied().unwrap_or(i);
                                crate::engine::due_sessions(n, i - year)
                            }
                            _ => u32::from(crate::engine::review_day(w, calendar, i)),
                        };
                        (times > 0).then(|| calendar.days.get(i as usize).map(|d| (*d, times))).flatten()
                    })
                    .collect()
            });
            ReportDue {
                what: r.what.clone(),
                to: r.to.clone().unwrap_or_else(|| "not stated".to_string()),
                when: r.when.map(|w| w.to_string()),
                times: due.iter().map(|(_, t)| *t as usize).sum(),
                dates: due.into_iter().map(|(d, _)| d).collect(),
                naming: r.best.clone(),
                best: if r.best.is_some() { best_groups(k, calendar, groups, smallest) } else { Vec::new() },
            }
        })
        .collect()
}

/// For each day report `k` fell due, the best of the groups large enough to show.
fn best_groups(k: usize, calendar: &Calendar, groups: &Tallies, smallest: usize) -> Vec<BestGroup> {
    let mut by_day: std::collections::BTreeMap<u32, Vec<(&str, GroupTally)>> = Default::default();
    for ((report, day, group), tally) in groups {
        if *report == k && tally.pupils >= smallest as u64 && tally.possible > 0 {
            by_day.entry(*day).or_default().push((group.as_str(), *tally));
        }
    }
    by_day
        .into_iter()
        .filter_map(|(day, shown)| {
            // The best share, compared exactly: a/b > c/d when a*d > c*b.
            let share = |t: &GroupTally| (u128::from(t.attending), u128::from(t.possible));
            let (a, b) = shown
                .iter()
                .map(|(_, t)| share(t))
                .reduce(|(a, b), (c, d)| if c * b > a * d { (c, d) } else { (a, b) })?;
            let best: Vec<&(&str, GroupTally)> =
                shown.iter().filter(|(_, t)| share(t).0 * b == a * share(t).1).collect();
            let first = best.first()?.1;
            Some(BestGroup {
                date: *calendar.days.get(day as usize)?,
                groups: best.iter().map(|(g, _)| g.to_string()).collect(),
                attendance: Value::Share { part: first.attending, possible: first.possible }.to_string(),
                compared: shown.len(),
            })
        })
        .collect()
}
