//! The policy's reports on the whole school (to governors, to staff, to the
//! Department), and the school days of the register on which each falls due.

use crate::compile::RuleSet;
use crate::engine::{GroupTally, Tallies, Value};
use crate::register::Calendar;
use crate::vocabulary::{Naming, Review};
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
    /// For a report naming a group or pupils: whom, and the best on each day
    /// it falls due.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub naming: Option<Naming>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub best: Vec<BestGroup>,
}

/// The group (or groups, tied) with the best attendance in a report's period,
/// among groups of at least `smallest` pupils (smaller groups are not
/// compared, so that no figure is about a handful of children); or the pupils
/// whose attendance rose most against the period before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BestGroup {
    pub date: NaiveDate,
    /// The groups, or the pupils.
    pub groups: Vec<String>,
    /// The group's attendance, or the pupils' rise in percentage points.
    pub figure: String,
    /// How many groups (or pupils) were compared.
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
                best: match &r.best {
                    Some(Naming::Group(_)) => best_groups(k, calendar, groups, smallest),
                    Some(Naming::PupilsByRise) => best_rises(k, calendar, groups),
                    None => Vec::new(),
                },
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
                figure: Value::Share { part: first.attending, possible: first.possible }.to_string(),
                compared: shown.len(),
            })
        })
        .collect()
}

/// For each day report `k` fell due after its first, the pupils whose
/// attendance rose most against the period before (a rise above nothing).
/// A pupil is compared only with at least half the possible sessions of the
/// fullest pupil in both periods, so that a pupil who joined late or attended
/// part-time is not "most improved" on a session or two.
fn best_rises(k: usize, calendar: &Calendar, tallies: &Tallies) -> Vec<BestGroup> {
    let mut by_day: std::collections::BTreeMap<u32, std::collections::BTreeMap<&str, GroupTally>> =
        Default::default();
    for ((report, day, pupil), tally) in tallies {
        if *report == k {
            by_day.entry(*day).or_default().insert(pupil.as_str(), *tally);
        }
    }
    let days: Vec<u32> = by_day.keys().copied().collect();
    let mut out = Vec::new();
    for pair in days.windows(2) {
        let (Some(before), Some(now)) =
            (pair.first().and_then(|d| by_day.get(d)), pair.get(1).and_then(|d| by_day.get(d)))
        else {
            continue;
        };
        let fullest = |m: &std::collections::BTreeMap<&str, GroupTally>| m.values().map(|t| t.possible).max();
        let (full_now, full_before) = (fullest(now).unwrap_or(0), fullest(before).unwrap_or(0));
        // Each rise as a fraction: a/b - c/d = (a*d - c*b) / (b*d).
        let rises: Vec<(&str, i128, i128)> = now
            .iter()
            .filter(|(_, t)| t.possible * 2 >= full_now)
            .filter_map(|(pupil, t)| {
                let was = before.get(pupil).filter(|w| w.possible * 2 >= full_before)?;
                let (a, b, c, d) = (t.attending, t.possible, was.attending, was.possible);
                let (a, b, c, d) = (i128::from(a), i128::from(b), i128::from(c), i128::from(d));
                (b > 0 && d > 0).then_some((*pupil, a * d - c * b, b * d))
            })
            .collect();
        let Some(&(_, n, m)) =
            rises.iter().filter(|r| r.1 > 0).reduce(|x, y| if y.1 * x.2 > x.1 * y.2 { y } else { x })
        else {
            continue;
        };
        let Some(date) = pair.get(1).and_then(|d| calendar.days.get(*d as usize)) else { continue };
        let hundredths = n * 10_000 / m;
        out.push(BestGroup {
            date: *date,
            groups: rises.iter().filter(|r| r.1 * m == n * r.2).map(|r| r.0.to_string()).collect(),
            figure: format!("{}.{:02} points", hundredths / 100, hundredths % 100),
            compared: rises.len(),
        });
    }
    out
}
