//! One pupil: marks into days, rules evaluated on each school day, events,
//! yearly summaries and data-quality findings.

use super::evaluate::{Evaluator, FiringState};
use super::history::{Day, History};
use super::plan::{Plan, Planned, in_mask};
use super::quality::{self, QualityFinding, QualityKind};
use super::stages::StageMemory;
use super::why::{self, Explanation};
use crate::compile::RuleSet;
use crate::compile::ir::Origin;
use crate::register::{Calendar, Mark, Problem, ProblemKind, Pupils};
use crate::vocabulary::{Action, Session, Value};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::path::PathBuf;

pub struct Context<'a> {
    pub rules: &'a RuleSet,
    pub plan: &'a Plan,
    pub calendar: &'a Calendar,
    pub files: &'a [PathBuf],
    /// For each rule, the first calendar day whose marks it counts.
    pub floors: Vec<u32>,
    /// Whether each rule's event carries the explanation of its firing.
    pub explain: bool,
    /// What is known about each pupil beyond the register.
    pub pupils: Option<&'a Pupils>,
    /// Whether to work out the pupil's yearly summaries.
    pub summaries: bool,
    /// For each rule, the first rule of its name ([`super::stages::canonical`]).
    pub canonical: Vec<usize>,
    /// The reports that name the group with the best attendance.
    pub ranked: Vec<super::ranking::Ranked>,
}

/// One firing of a rule for a pupil: one event per action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub pupil: String,
    pub date: NaiveDate,
    pub rule: String,
    pub action: Action,
    /// The value of the rule's first measure on that day, or the arrival
    /// time for a lateness rule.
    #[serde(flatten)]
    pub value: Value,
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    pub source: Origin,
    /// Why the rule fired, when the run was asked to explain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Box<Explanation>>,
}

pub struct PupilResult {
    pub pupil: String,
    pub events: Vec<Event>,
    pub summaries: Vec<super::Summary>,
    /// At the last school day of each month: (month, persistently absent, severely absent).
    pub trend: Vec<(String, bool, bool)>,
    /// The pupil's sessions in each period of each report naming a group.
    pub groups: Vec<((usize, u32, String), super::ranking::GroupTally)>,
    pub quality: Vec<QualityFinding>,
    /// Marks for a session the pupil already has, each with the line of the first.
    pub duplicates: Vec<(Mark, u64)>,
}

#[expect(
    clippy::indexing_slicing,
    reason = "day indexes are calendar positions within the pupil's span, lo..=hi, below the calendar's len()"
)]
pub fn evaluate(cx: &Context, pupil: String, mut marks: Vec<Mark>) -> PupilResult {
    let mut result = PupilResult {
        pupil: pupil.clone(),
        events: Vec::new(),
        summaries: Vec::new(),
        trend: Vec::new(),
        groups: Vec::new(),
        quality: Vec::new(),
        duplicates: Vec::new(),
    };
    marks.sort_by_key(|m| (m.date, m.session, m.file, m.line));
    // A session with two marks keeps neither: which one is right cannot be
    // known, and keeping the first would make the result depend on row order.
    // Each later mark is reported (a strict run stops on the first).
    let mut conflicted: Vec<(chrono::NaiveDate, Session)> = Vec::new();
    let mut first: Option<&Mark> = None;
    for later in &marks {
        match first {
            Some(first) if (first.date, first.session) == (later.date, later.session) => {
                result.duplicates.push((*later, first.line));
                if conflicted.last() != Some(&(later.date, later.session)) {
                    conflicted.push((later.date, later.session));
                }
            }
            _ => first = Some(later),
        }
    }
    if !conflicted.is_empty() {
        marks.retain(|m| conflicted.binary_search(&(m.date, m.session)).is_err());
    }
    let details = cx.pupils.and_then(|p| p.get(&pupil));
    if let Some(details) = details {
        quality::off_roll(details, &pupil, &mut marks, &mut result.quality);
        quality::own_thresholds(cx, details, &pupil, marks.first(), &mut result.quality);
    }
    // Part-time timetables are checked when pupil details are given.
    if let (Some(_), Some(c2)) = (cx.pupils.filter(|p| p.details_given()), cx.plan.table.index("C2")) {
        quality::part_time(details, c2, cx.rules.part_time, &pupil, &marks, &mut result.quality);
    }
    let calendar = cx.calendar;
    // Each mark's calendar day, if it is a school day.
    let mut day_of: Vec<Option<u32>> = Vec::with_capacity(marks.len());
    // The marks are in date order, so their days are found walking forward.
    let mut days_before = marks.first().map_or(0, |m| calendar.days.partition_point(|d| *d < m.date));
    for m in &marks {
        let mut note = |kind| {
            result.quality.push(QualityFinding {
                kind,
                pupil: pupil.clone(),
                date: m.date,
                session: m.session,
            })
        };
        if super::is_weekend(m.date) {
            note(QualityKind::WeekendMark);
        }
        while calendar.days.get(days_before).is_some_and(|d| *d < m.date) {
            days_before += 1;
        }
        let day = calendar.days.get(days_before).filter(|d| **d == m.date).map(|_| days_before as u32);
        if day.is_none() && in_mask(cx.plan.possible, m.code) {
            note(QualityKind::ClosedDayMark);
        }
        day_of.push(day);
    }
    let (Some(&lo), Some(&hi)) = (day_of.iter().flatten().next(), day_of.iter().rev().flatten().next())
    else {
        return result;
    };
    let mut days = vec![Day::default(); (hi - lo + 1) as usize];
    for (m, i) in marks.iter().zip(&day_of) {
        let Some(i) = i else { continue };
        let day = &mut days[(i - lo) as usize];
        match m.session {
            Session::Am => day.am = Some(*m),
            Session::Pm => day.pm = Some(*m),
        }
    }
    let history = History::new(lo, days, cx.plan);
    quality::gaps_and_marks(cx, &pupil, &history, &mut result.quality);
    let records: Vec<(u32, &str)> = details
        .map(|d| {
            d.records.iter().map(|(date, name)| (calendar.first_on_or_after(*date), name.as_str())).collect()
        })
        .unwrap_or_default();
    let attributes = details.map(|d| &d.attributes);
    let eval = Evaluator { calendar, history: &history, floor: 0, since: &[], records: &records, attributes };

    // A rule is not looked at before the first day its condition could hold:
    // on the days before, it would neither fire nor change its state.
    let earliest: Vec<u32> = cx.plan.rules.iter().map(|planned| eval.earliest(planned)).collect();
    let mut stages = StageMemory::new(&cx.rules.rules, &cx.canonical, cx.pupils, &pupil);
    // Conditions worked out for all their days at once, but for those that
    // measure since a stage: those day by day below, as their stages fire.
    let columns: Vec<Option<(u32, Vec<bool>)>> = cx
        .rules
        .rules
        .iter()
        .zip(&cx.plan.rules)
        .zip(&cx.floors)
        .zip(&earliest)
        .enumerate()
        .map(|(k, (((rule, planned), &floor), &first))| {
            let looked_at = stages.in_groups(k) && !cx.plan.never.get(k).copied().unwrap_or(false);
            let eval = Evaluator { floor, ..eval };
            let first = first.max(lo);
            let column =
                looked_at.then(|| eval.condition_column(planned, first, hi, rule.minimum_possible_sessions));
            column.flatten().map(|column| (first, column))
        })
        .collect();
    let mut states = vec![FiringState::default(); cx.rules.rules.len()];
    for i in lo..=hi {
        let rules = cx.rules.rules.iter().zip(&cx.plan.rules).zip(&cx.floors).zip(states.iter_mut());
        for (k, (((rule, planned), &floor), state)) in rules.enumerate() {
            if i < earliest.get(k).copied().unwrap_or(lo) || cx.plan.never.get(k).copied().unwrap_or(false) {
                continue;
            }
            let worked_out = columns
                .get(k)
                .and_then(Option::as_ref)
                .and_then(|(first, column)| column.get(i.checked_sub(*first)? as usize).copied());
            // On a day its condition does not hold, nothing else about the rule matters.
            if worked_out == Some(false) {
                state.step(rule.firing, false, i, calendar);
                continue;
            }
            // A statutory duty holds only while its regulations are in force,
            // and counts only the marks made since; a rule with stages, review
            // days or groups only once they admit it.
            let admitted =
                rule.in_force.contains(calendar.days[i as usize]) && stages.admits(k, rule, calendar, i);
            let eval = Evaluator { floor, since: stages.since(), ..eval };
            let holds = admitted
                && worked_out.unwrap_or_else(|| eval.condition(planned, i, rule.minimum_possible_sessions));
            let before = *state;
            if !state.step(rule.firing, holds, i, calendar) {
                continue;
            }
            let (value, from) = first_measure(&eval, planned, i);
            let explanation = cx.explain.then(|| {
                Box::new(why::explain(
                    cx.plan,
                    &eval,
                    &history,
                    why::Firing { rule, planned, day: i, before },
                ))
            });
            for action in &rule.actions {
                result.events.push(Event {
                    pupil: pupil.clone(),
                    date: calendar.days[i as usize],
                    rule: rule.name.clone(),
                    action: action.clone(),
                    value,
                    window_from: calendar.days[from as usize],
                    window_to: calendar.days[i as usize],
                    source: rule.origin.clone(),
                    explanation: explanation.clone(),
                });
            }
            stages.fired(k);
        }
        stages.end_day(i);
    }
    lateness(cx, &pupil, &history, &mut result.events);
    result.events.sort_by(|a, b| (a.date, &a.rule, &a.action).cmp(&(b.date, &b.rule, &b.action)));
    if cx.summaries {
        result.summaries = super::summary::summaries(cx, &pupil, &history, &eval);
    }
    super::ranking::tally(&cx.ranked, calendar, cx.pupils, &pupil, &history, &mut result.groups);
    for i in lo..=hi {
        let date = calendar.days[i as usize];
        let next = calendar.days.get(i as usize + 1);
        if i == hi || next.is_none_or(|n| (n.year(), n.month()) != (date.year(), date.month())) {
            result.trend.push((
                format!("{:04}-{:02}", date.year(), date.month()),
                eval.condition(&cx.plan.persistent_absence, i, 0),
                eval.condition(&cx.plan.severe_absence, i, 0),
            ));
        }
    }
    result
}

/// Second marks for pupils' sessions as problems, in file order (and by
/// date and session within a line, which a CTF line may hold many of), so
/// the report never depends on the order pupils were read or evaluated in.
pub fn duplicates(files: &[PathBuf], mut found: Vec<(Mark, u64)>) -> Vec<Problem> {
    found.sort_by_key(|(m, first)| (m.file, m.line, m.date, m.session, *first));
    found.iter().map(|(mark, first_line)| duplicate(files, mark, *first_line)).collect()
}

fn duplicate(files: &[PathBuf], mark: &Mark, first_line: u64) -> Problem {
    let message = format!(
        "a second {} mark for the same pupil on {} (the first is on line {first_line})",
        mark.session.name(),
        mark.date
    );
    Problem {
        kind: ProblemKind::DuplicateMark,
        file: files.get(usize::from(mark.file)).map(|f| f.display().to_string()).unwrap_or_default(),
        line: mark.line,
        column: 1,
        message,
    }
}

fn first_measure(eval: &Evaluator, condition: &Planned, i: u32) -> (Value, u32) {
    match condition.first() {
        Some(c) => (eval.value(c, i), eval.window_start(c.window, i)),
        // A condition of no comparisons: a rule for a group with no `when`.
        None => (Value::Count { n: 0, unit: crate::vocabulary::MeasureUnit::Sessions }, i),
    }
}

pub(super) fn register_times(
    cx: &Context,
    session: Session,
) -> Option<(chrono::NaiveTime, chrono::NaiveTime)> {
    cx.rules.registers.iter().find(|r| r.session == session).map(|r| (r.opens, r.closes))
}

/// Arrival times (register opening plus minutes late) against the policy's
/// lateness rules: each rule whose time the arrival is after fires once.
fn lateness(cx: &Context, pupil: &str, history: &History, events: &mut Vec<Event>) {
    if cx.rules.lateness.is_empty() {
        return;
    }
    for day in &history.days {
        for mark in day.marks() {
            let (Some(minutes), Some((opens, _))) = (mark.minutes_late, register_times(cx, mark.session))
            else {
                continue;
            };
            if minutes == 0 {
                continue;
            }
            // An arrival past midnight is a data-quality finding, not a time of day.
            let Some(arrival) = arrival_time(opens, minutes) else { continue };
            for rule in &cx.rules.lateness {
                if arrival > rule.after {
                    let explanation = cx
                        .explain
                        .then(|| Box::new(why::lateness(mark, minutes, opens, arrival, rule.after, cx.plan)));
                    events.push(Event {
                        pupil: pupil.to_string(),
                        date: mark.date,
                        rule: format!("lateness: arrival after {}", rule.after.format("%H:%M")),
                        action: rule.action.clone(),
                        value: Value::Time(arrival),
                        window_from: mark.date,
                        window_to: mark.date,
                        source: rule.origin.clone(),
                        explanation,
                    });
                }
            }
        }
    }
}

/// The register's opening time plus the minutes late, if that is still the
/// same day.
pub(super) fn arrival_time(opens: chrono::NaiveTime, minutes: u32) -> Option<chrono::NaiveTime> {
    let (arrival, wrapped) = opens.overflowing_add_signed(chrono::TimeDelta::minutes(minutes.into()));
    (wrapped == 0).then_some(arrival)
}
