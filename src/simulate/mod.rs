//! Simulation: what a policy's rules would have done to a past register, what
//! a change would do, and how a threshold choice changes the workload.
//!
//! A simulation is a run ([`crate::engine::run`]) summarised: every count here
//! is a count of the run's events, so `attend simulate` and `attend run` always
//! agree.

mod breakdown;
mod fired;
mod ladder;
mod reports;
pub mod sweep;
mod trust;

pub use breakdown::{Breakdown, Group, SMALLEST_SHOWN, breakdown};
pub use fired::{Fired, FiredEvent};
pub use ladder::{Ladder, LadderStage, ladders};
pub use reports::{BestGroup, ReportDue, reports_due};
pub use sweep::{SweepPoint, sweep};
pub use trust::{SchoolRow, TrustRun, match_registers, trust};

use crate::compile::RuleSet;
use crate::compile::ir::Origin;
use crate::engine::{self, RunError, RunOptions, RunOutput, Trend};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// How often one rule fired.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub rule: String,
    pub statutory: bool,
    /// Pupils it fired for at least once.
    pub pupils: usize,
    /// Firings: one a pupil, day and rule, whatever the number of actions.
    pub times: usize,
    pub by_month: BTreeMap<String, usize>,
    /// By half term, keyed by the half term's first school day.
    pub by_half_term: BTreeMap<NaiveDate, usize>,
}

#[derive(Debug, Serialize)]
pub struct Outcome {
    pub school: String,
    pub regulations: String,
    pub pupils: usize,
    pub marks: u64,
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
    pub school_days: usize,
    pub months: Vec<String>,
    pub half_terms: Vec<NaiveDate>,
    pub rules: Vec<RuleCount>,
    /// The escalation ladders of the policy, each stage with its pupils.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ladders: Vec<Ladder>,
    /// The policy's reports on the whole school, with the days each falls due.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<ReportDue>,
    /// The smallest group a report naming the best group compares.
    pub smallest_group: usize,
    /// Pupils persistently and severely absent at the end of the register's last year.
    pub persistent_at_end: Vec<String>,
    pub severe_at_end: Vec<String>,
    pub trend: BTreeMap<String, Trend>,
    /// Each pupil's attendance over the last year, in hundredths of a percent.
    pub attendance: Vec<(String, u32)>,
    /// Said when the register runs outside the days the policy's regulations
    /// are in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regulations_note: Option<String>,
    /// Rows a lenient run could not read, by kind.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped_rows: BTreeMap<crate::register::ProblemKind, u64>,
    /// The same, with the first few of each kind, for reports.
    #[serde(skip)]
    pub skipped: crate::register::Problems,
    /// Counts by a pupil attribute, when asked for (`--by`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<Breakdown>,
    /// Each pupil's summary of the register's last year.
    #[serde(skip)]
    pub at_end: Vec<engine::Summary>,
    #[serde(skip)]
    pub events: Fired,
}

impl Outcome {
    pub fn count(&self, rule: &str) -> Option<&RuleCount> {
        self.rules.iter().find(|r| r.rule == rule)
    }

    /// Firings by week (the Monday of the week), all rules together.
    pub fn firings_by_week(&self) -> BTreeMap<NaiveDate, usize> {
        let mut weeks = BTreeMap::new();
        for (_, date, _) in firings(&self.events) {
            let monday = date - chrono::Days::new(u64::from(date.weekday().num_days_from_monday()));
            *weeks.entry(monday).or_default() += 1;
        }
        weeks
    }
}

/// The distinct (pupil, date, rule) firings of a run's events.
fn firings(events: &Fired) -> BTreeSet<(&str, NaiveDate, &str)> {
    events.iter().map(|e| (e.pupil, e.date, e.rule)).collect()
}

/// Runs `rules` over `registers` and sums the run up. Reports that name the
/// group with the best attendance compare only groups of at least
/// `smallest_group` pupils.
pub fn simulate(
    rules: &RuleSet,
    registers: &[PathBuf],
    options: &RunOptions,
    smallest_group: usize,
) -> Result<Outcome, RunError> {
    let mut events = Fired::default();
    let output = engine::run(rules, registers, options, &mut |batch| events.add(batch))?;
    Ok(summarise(rules, output, events, smallest_group))
}

fn summarise(rules: &RuleSet, output: RunOutput, events: Fired, smallest_group: usize) -> Outcome {
    let calendar = &output.calendar;
    let half_term_of = |date: NaiveDate| {
        calendar
            .index(date)
            .and_then(|i| calendar.half_term_start.get(i as usize))
            .and_then(|&start| calendar.days.get(start as usize).copied())
            .unwrap_or(date)
    };
    // Rules in the rule set's order, then the lateness rules as they appear in events.
    // A duty of two regimes (one before, one after a change of law) has one
    // name and one row.
    let mut names: Vec<(String, bool)> = Vec::new();
    for r in &rules.rules {
        if !names.iter().any(|(n, _)| *n == r.name) {
            names.push((r.name.clone(), matches!(r.origin, Origin::Statutory { .. })));
        }
    }
    for e in events.iter() {
        if !names.iter().any(|(n, _)| *n == e.rule) {
            names.push((e.rule.to_string(), false));
        }
    }
    let fired = firings(&events);
    let counts: Vec<RuleCount> = names
        .into_iter()
        .map(|(rule, statutory)| {
            let mine: Vec<&(&str, NaiveDate, &str)> = fired.iter().filter(|(_, _, r)| *r == rule).collect();
            let pupils: BTreeSet<&str> = mine.iter().map(|(p, _, _)| *p).collect();
            let mut by_month = BTreeMap::new();
            let mut by_half_term = BTreeMap::new();
            for (_, date, _) in &mine {
                *by_month.entry(date.format("%Y-%m").to_string()).or_default() += 1;
                *by_half_term.entry(half_term_of(*date)).or_default() += 1;
            }
            RuleCount { rule, statutory, pupils: pupils.len(), times: mine.len(), by_month, by_half_term }
        })
        .collect();
    let last_year = output.summaries.iter().map(|s| s.year).max();
    let at_end: Vec<engine::Summary> =
        output.summaries.into_iter().filter(|s| Some(s.year) == last_year).collect();
    let mut months: Vec<String> = calendar.days.iter().map(|d| d.format("%Y-%m").to_string()).collect();
    months.dedup();
    let mut half_terms: Vec<NaiveDate> =
        calendar.half_term_start.iter().filter_map(|&i| calendar.days.get(i as usize).copied()).collect();
    half_terms.dedup();
    Outcome {
        school: rules.school.clone(),
        regulations: rules.regulations.clone(),
        pupils: output.pupils,
        marks: output.marks,
        first_day: calendar.days.first().copied(),
        last_day: calendar.days.last().copied(),
        school_days: calendar.len(),
        months,
        half_terms,
        ladders: ladders(rules, &counts),
        reports: reports_due(rules, calendar, &output.groups, smallest_group),
        smallest_group,
        rules: counts,
        persistent_at_end: at_end.iter().filter(|s| s.persistent_absence).map(|s| s.pupil.clone()).collect(),
        severe_at_end: at_end.iter().filter(|s| s.severe_absence).map(|s| s.pupil.clone()).collect(),
        trend: output.trend,
        attendance: at_end
            .iter()
            .filter(|s| s.possible > 0)
            .map(|s| (s.pupil.clone(), (u128::from(s.present) * 10_000 / u128::from(s.possible)) as u32))
            .collect(),
        events,
        regulations_note: output.regulations_note,
        skipped_rows: output.skipped.counts.clone(),
        skipped: output.skipped,
        breakdown: None,
        at_end,
    }
}

/// A pupil whose outcome under a rule differs between two policies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub pupil: String,
    pub rule: String,
    pub dates_first: Vec<NaiveDate>,
    pub dates_second: Vec<NaiveDate>,
}

#[derive(Debug, Serialize)]
pub struct Comparison {
    /// Every rule of either policy, with its counts under each.
    pub rules: Vec<(String, Option<RuleCount>, Option<RuleCount>)>,
    pub differences: Vec<Difference>,
}

/// What changes between two outcomes on the same register: counts side by
/// side, and every pupil and rule whose firing dates differ.
pub fn compare(first: &Outcome, second: &Outcome) -> Comparison {
    let mut names: Vec<String> = first.rules.iter().map(|r| r.rule.clone()).collect();
    for r in &second.rules {
        if !names.contains(&r.rule) {
            names.push(r.rule.clone());
        }
    }
    let rules =
        names.iter().map(|n| (n.clone(), first.count(n).cloned(), second.count(n).cloned())).collect();
    let dates = |outcome: &Outcome| {
        let mut map: BTreeMap<(String, String), Vec<NaiveDate>> = BTreeMap::new();
        for (pupil, date, rule) in firings(&outcome.events) {
            map.entry((pupil.to_string(), rule.to_string())).or_default().push(date);
        }
        map
    };
    let (a, b) = (dates(first), dates(second));
    let keys: BTreeSet<&(String, String)> = a.keys().chain(b.keys()).collect();
    let differences = keys
        .into_iter()
        .filter_map(|key| {
            let (x, y) = (a.get(key).cloned().unwrap_or_default(), b.get(key).cloned().unwrap_or_default());
            (x != y).then(|| Difference {
                pupil: key.0.clone(),
                rule: key.1.clone(),
                dates_first: x,
                dates_second: y,
            })
        })
        .collect();
    Comparison { rules, differences }
}
