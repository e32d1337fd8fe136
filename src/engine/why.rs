//! Why a rule fired: each part of its condition with its window, its value
//! and the marks that value counts, and why the rule fired that day and not
//! before. Made on the same evaluation that fired the rule.

use super::evaluate::{Evaluator, FiringState};
use super::history::{Day, History};
use super::plan::{CodeMask, Plan, Planned, in_mask};
use crate::compile::ir::Rule;
use crate::vocabulary::{Comparison, Measure, Threshold, Value};
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use std::collections::BTreeMap;

/// The explanation of one firing, kept with its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The rule's condition as the policy (or the regulations) writes it.
    pub condition: String,
    /// Each comparison of the condition, in the order written.
    pub parts: Vec<Part>,
    /// Why the rule fired on this day and not before.
    pub firing: String,
    /// Percentages are not compared while their window holds fewer possible sessions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_possible_sessions: Option<u32>,
}

/// One comparison on the day of the firing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub comparison: String,
    /// The school days measured: the window, or for a consecutive run the run.
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(flatten)]
    pub value: Value,
    pub holds: bool,
    /// What the value counts, by code: sessions (or, for school days, days
    /// by the code of their first counted mark; for minutes late, minutes).
    /// For a percentage, the sessions of its numerator.
    pub counted: BTreeMap<String, u64>,
    /// For a percentage: the possible sessions in the window, by code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub possible: Option<BTreeMap<String, u64>>,
    /// For a threshold of the pupil's own (`pupil COLUMN`): the column and
    /// the value the pupils file gives (`None` when it gives none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own_threshold: Option<OwnThreshold>,
}

/// The threshold a pupil was compared with, from the pupils file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnThreshold {
    pub column: String,
    /// As the pupils file writes it; `None` when it gives none.
    pub value: Option<String>,
}

pub struct Firing<'a> {
    pub rule: &'a Rule,
    pub planned: &'a Planned,
    pub day: u32,
    pub before: FiringState,
}

pub fn explain(plan: &Plan, eval: &Evaluator, history: &History, firing: Firing) -> Explanation {
    let Firing { rule, planned, day: i, before } = firing;
    let calendar = eval.calendar;
    let parts = rule
        .when
        .comparisons()
        .into_iter()
        .zip(planned.comparisons())
        .map(|(written, planned)| {
            part(plan, eval, history, written, planned, i, rule.minimum_possible_sessions)
        })
        .collect();
    let percentages = rule.when.comparisons().iter().any(|c| c.measure.takes_percent());
    Explanation {
        condition: rule.when.to_string(),
        parts,
        firing: before.reason(rule.firing, i, history.lo, calendar),
        minimum_possible_sessions: (percentages && rule.minimum_possible_sessions > 0)
            .then_some(rule.minimum_possible_sessions),
    }
}

fn part(
    plan: &Plan,
    eval: &Evaluator,
    history: &History,
    written: &Comparison,
    planned: &Comparison<(), usize>,
    i: u32,
    minimum: u32,
) -> Part {
    let set = |index: &usize| plan.sets.get(*index).copied().unwrap_or(0);
    let mut from = eval.window_start(planned.window, i).max(history.lo);
    let window = days(history, from, i);
    let name = |mark: &crate::register::Mark| {
        plan.table.codes.get(usize::from(mark.code)).map_or_else(|| "?".to_string(), |(c, _)| c.clone())
    };
    let mut counted: BTreeMap<String, u64> = BTreeMap::new();
    let mut possible = None;
    let sessions = |mask: CodeMask, days: &[Day], into: &mut BTreeMap<String, u64>| {
        for mark in days.iter().flat_map(Day::marks).filter(|m| in_mask(mask, m.code)) {
            *into.entry(name(mark)).or_default() += 1;
        }
    };
    match &planned.measure {
        Measure::Sessions(s) | Measure::Spells(s) => sessions(set(s), window, &mut counted),
        Measure::SchoolDays(s) => {
            let mask = set(s);
            for mark in window.iter().filter_map(|d| d.marks().find(|m| in_mask(mask, m.code))) {
                *counted.entry(name(mark)).or_default() += 1;
            }
        }
        // For a run of weekdays, the value also counts short closures inside the run.
        Measure::Consecutive { codes: s, .. } => {
            let (start, run) = run_days(plan, history, set(s), i, eval.floor);
            from = start;
            for mark in run.iter().filter_map(|d| d.marks().find(|m| in_mask(set(s), m.code))) {
                *counted.entry(name(mark)).or_default() += 1;
            }
        }
        Measure::MinutesLate => {
            for mark in window.iter().flat_map(Day::marks) {
                if let Some(minutes) = mark.minutes_late {
                    *counted.entry(name(mark)).or_default() += u64::from(minutes);
                }
            }
        }
        // The run that ended the day before the return, when there is one.
        Measure::ReturnAfter(s) => {
            if eval.returned_after(*s, i) > 0 {
                let (start, run) = run_days(plan, history, set(s), i - 1, eval.floor);
                from = start;
                for mark in run.iter().filter_map(|d| d.marks().find(|m| in_mask(set(s), m.code))) {
                    *counted.entry(name(mark)).or_default() += 1;
                }
            }
        }
        Measure::Records(record) => {
            let n = eval.records_in(record, eval.window_start(planned.window, i), i);
            if n > 0 {
                counted.insert(format!("recorded \"{record}\""), n);
            }
        }
        measure => {
            let part = match measure {
                Measure::Attendance | Measure::AttendanceRise | Measure::AttendanceFall => plan.attending,
                Measure::Absence => plan.authorised | plan.unauthorised,
                Measure::AuthorisedAbsence => plan.authorised,
                _ => plan.unauthorised,
            };
            sessions(part, window, &mut counted);
            let mut all = BTreeMap::new();
            sessions(plan.possible, window, &mut all);
            possible = Some(all);
        }
    }
    let day = |d: u32| eval.calendar.days.get(d as usize).copied().unwrap_or_default();
    Part {
        comparison: written.to_string(),
        from: day(from),
        to: day(i),
        value: eval.value(planned, i),
        holds: eval.holds(planned, i, minimum),
        counted,
        possible,
        own_threshold: match &planned.threshold {
            Threshold::Pupil(column) => Some(OwnThreshold {
                column: column.clone(),
                value: eval.attributes.and_then(|a| a.get(column)).cloned(),
            }),
            _ => None,
        },
    }
}

/// Why a lateness line fired: the arrival time the mark's minutes late give.
pub fn lateness(
    mark: &crate::register::Mark,
    minutes: u32,
    opens: NaiveTime,
    arrival: NaiveTime,
    after: NaiveTime,
    plan: &Plan,
) -> Explanation {
    let code = plan.table.codes.get(usize::from(mark.code)).map_or("?", |(c, _)| c.as_str());
    Explanation {
        condition: format!("arrival after {}", after.format("%H:%M")),
        parts: Vec::new(),
        firing: format!(
            "the {} mark `{code}` is {minutes} minutes late; the register opens at {}, so the pupil arrived at {}, after {}",
            mark.session.name(),
            opens.format("%H:%M"),
            arrival.format("%H:%M"),
            after.format("%H:%M")
        ),
        minimum_possible_sessions: None,
    }
}

/// The pupil's days from calendar day `from` to `to`.
fn days(history: &History, from: u32, to: u32) -> &[Day] {
    let start = from.saturating_sub(history.lo) as usize;
    let end = (to.saturating_sub(history.lo) as usize + 1).min(history.days.len());
    history.days.get(start.min(end)..end).unwrap_or_default()
}

/// The run of days ending on day `i` on which every possible session has one
/// of the codes: its first calendar day, and its days. A day with no possible
/// session neither extends nor breaks the run; the run reaches back no
/// further than `floor`.
fn run_days(plan: &Plan, history: &History, mask: CodeMask, i: u32, floor: u32) -> (u32, Vec<Day>) {
    let mut run = Vec::new();
    let mut start = i;
    let mut d = i;
    while d >= history.lo.max(floor) {
        let Some(day) = history.days.get((d - history.lo) as usize) else { break };
        let mut possible = day.marks().filter(|m| in_mask(plan.possible, m.code)).peekable();
        if possible.peek().is_some() {
            if !possible.all(|m| in_mask(mask, m.code)) {
                break;
            }
            run.push(*day);
            start = d;
        }
        if d == 0 {
            break;
        }
        d -= 1;
    }
    run.reverse();
    (start, run)
}
