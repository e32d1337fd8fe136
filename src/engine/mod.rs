//! Running a rule set over register data, pupil by pupil in date order.
//!
//! The register is read twice. The first pass checks every row and finds the
//! school days (the calendar); the second hands each pupil's marks to the
//! evaluator. When every pupil's marks are together in the input (sorted by
//! pupil), only one pupil's marks are held at a time and pupils are evaluated
//! in parallel in batches; otherwise all marks are grouped in memory first.
//! Results are sorted, so they never depend on input order or threads.

mod evaluate;
mod history;
mod plan;
mod pupil;

pub use crate::vocabulary::Value;
pub use plan::Plan;
pub use pupil::{Event, QualityFinding, QualityKind, Summary};
pub use register::calendar::academic_year;

use crate::compile::RuleSet;
use crate::register::{self, Calendar, Mark, Problem, Problems};
use crate::vocabulary::Session;
use chrono::{Datelike, NaiveDate, Weekday};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

/// Pupils evaluated together in one parallel batch.
const BATCH: usize = 2048;

pub struct RunOptions {
    pub lenient: bool,
}

pub struct RunOutput {
    pub events: Vec<Event>,
    pub summaries: Vec<Summary>,
    /// For each month: pupils on roll at its end, and how many of them were
    /// persistently and severely absent (year to date) then.
    pub trend: BTreeMap<String, Trend>,
    pub quality: QualityReport,
    /// Rows that could not be read (lenient mode; empty in strict mode).
    pub skipped: Problems,
    pub pupils: usize,
    pub marks: u64,
    pub calendar: Calendar,
    /// Said when the register has days on which the policy's regulations
    /// were not in force: the duties of the regulations then in force ran.
    pub regulations_note: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The register has problems and reading was strict.
    #[error("{}", .0.first().map_or_else(|| "the register cannot be read".to_string(), |p| p.to_string()))]
    Register(Problems),
    #[error("{0}")]
    Plan(String),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Trend {
    pub pupils: u64,
    pub persistent: u64,
    pub severe: u64,
}

/// Data-quality findings: counts by kind, with the first few of each.
#[derive(Debug, Default)]
pub struct QualityReport {
    pub counts: BTreeMap<QualityKind, u64>,
    pub examples: BTreeMap<QualityKind, Vec<QualityFinding>>,
}

pub const QUALITY_EXAMPLES: usize = 5;

impl QualityReport {
    /// Adds one pupil's findings. Pupils come in order, so the first examples
    /// kept of each kind are the first in the sorted report.
    fn add(&mut self, mut findings: Vec<QualityFinding>) {
        findings.sort();
        for f in findings {
            *self.counts.entry(f.kind).or_default() += 1;
            let examples = self.examples.entry(f.kind).or_default();
            if examples.len() < QUALITY_EXAMPLES {
                examples.push(f);
            }
        }
    }
}

/// Runs `rules` over the register `files`. Events go to `sink` in their final
/// order (pupil, date, rule), a pupil at a time; everything else is returned.
/// In strict mode nothing reaches the sink unless the whole register reads.
pub fn run(
    rules: &RuleSet,
    files: &[PathBuf],
    options: &RunOptions,
    sink: &mut dyn FnMut(Vec<Event>),
) -> Result<RunOutput, RunError> {
    let plan = Plan::new(rules).map_err(RunError::Plan)?;
    if files.len() > usize::from(u16::MAX) {
        return Err(RunError::Plan(format!(
            "{} register files were given; at most {} can be read in one run",
            files.len(),
            u16::MAX
        )));
    }
    let scan = scan(&plan, files, options)?;
    let mut problems = scan.problems;
    let calendar = match &rules.calendar {
        Some(declared) => Calendar::declared(declared),
        None => Calendar::from_school_days(scan.school_days),
    };
    let floors = rules
        .rules
        .iter()
        .map(|r| r.in_force.from.map_or(0, |from| calendar.first_on_or_after(from)))
        .collect();
    let context = pupil::Context { rules, plan: &plan, calendar: &calendar, files, floors };
    let mut output = RunOutput {
        events: Vec::new(),
        summaries: Vec::new(),
        trend: BTreeMap::new(),
        quality: QualityReport::default(),
        skipped: Problems::new(options.lenient),
        pupils: 0,
        marks: scan.marks,
        calendar: Calendar::default(),
        regulations_note: None,
    };
    let mut again = Problems::new(true); // pass 1 has reported these already
    if scan.together && scan.sorted {
        // The fast path: one pupil's marks at a time, results in order as they come.
        evaluate_in_batches(&context, files, &mut again, &mut |results| {
            for result in results {
                absorb(&mut output, result, sink);
            }
        })?;
    } else {
        let mut results: Vec<pupil::PupilResult> = Vec::new();
        if scan.together {
            evaluate_in_batches(&context, files, &mut again, &mut |batch| results.extend(batch))?;
        } else {
            let mut all: HashMap<String, Vec<Mark>> = HashMap::new();
            register::read_all(files, &plan.table, &mut again, |pupil, mark| match all.get_mut(pupil) {
                Some(marks) => marks.push(mark),
                None => {
                    all.insert(pupil.to_string(), vec![mark]);
                }
            })
            .map_err(RunError::Io)?;
            results = all.into_par_iter().map(|(p, m)| pupil::evaluate(&context, p, m)).collect();
            // Marks of one pupil were apart in the input: pass 1 could not see
            // their duplicates, the evaluator does.
            for result in &mut results {
                for duplicate in result.duplicates.drain(..) {
                    problems.report(duplicate);
                }
            }
            if problems.must_stop() {
                return Err(RunError::Register(problems));
            }
        }
        results.sort_by(|a, b| a.pupil.cmp(&b.pupil));
        for result in results {
            absorb(&mut output, result, sink);
        }
    }
    output.skipped = problems;
    output.regulations_note = regulations_note(rules, &calendar);
    output.calendar = calendar;
    Ok(output)
}

/// Whether the register runs outside the days the policy's regulations are in
/// force, in words, naming the first and last such day.
fn regulations_note(rules: &RuleSet, calendar: &Calendar) -> Option<String> {
    let outside: Vec<NaiveDate> =
        calendar.days.iter().copied().filter(|d| !rules.regulations_in_force.contains(*d)).collect();
    let (first, last) = (outside.first()?, outside.last()?);
    Some(format!(
        "the policy is read under {}, which was not in force on {} of the register's school days ({first} to {last}); on those days the statutory duties of the regulations then in force were applied",
        rules.regulations,
        outside.len()
    ))
}

/// Takes one pupil's result: events to the sink, the rest kept.
fn absorb(output: &mut RunOutput, result: pupil::PupilResult, sink: &mut dyn FnMut(Vec<Event>)) {
    output.pupils += 1;
    output.summaries.extend(result.summaries);
    for (month, persistent, severe) in result.trend {
        let t = output.trend.entry(month).or_default();
        t.pupils += 1;
        t.persistent += u64::from(persistent);
        t.severe += u64::from(severe);
    }
    output.quality.add(result.quality);
    sink(result.events);
}

/// Runs and keeps every event in [`RunOutput::events`].
pub fn run_collecting(
    rules: &RuleSet,
    files: &[PathBuf],
    options: &RunOptions,
) -> Result<RunOutput, RunError> {
    let mut events = Vec::new();
    let mut output = run(rules, files, options, &mut |batch| events.extend(batch))?;
    output.events = events;
    Ok(output)
}

/// What pass 1 learns: the school days, whether each pupil's marks come
/// together (and in pupil order), and every problem, duplicates included
/// where a pupil's marks are together.
struct Scan {
    problems: Problems,
    school_days: Vec<NaiveDate>,
    together: bool,
    sorted: bool,
    marks: u64,
}

fn scan(plan: &Plan, files: &[PathBuf], options: &RunOptions) -> Result<Scan, RunError> {
    let mut problems = Problems::new(options.lenient);
    let mut dates: HashMap<NaiveDate, bool> = HashMap::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut current = String::new();
    let (mut together, mut sorted, mut marks) = (true, true, 0u64);
    // The current pupil's sessions in order, with the line each was read from;
    // rows in date order only ever append.
    let mut sessions: Vec<((NaiveDate, Session), u64)> = Vec::new();
    let mut duplicates: Vec<Problem> = Vec::new();
    let mut last_date: Option<(NaiveDate, bool)> = None;
    register::read_all(files, &plan.table, &mut problems, |pupil, mark| {
        marks += 1;
        let possible = plan.possible >> mark.code & 1 == 1;
        if last_date != Some((mark.date, true)) && last_date != Some((mark.date, possible)) {
            let entry = dates.entry(mark.date).or_default();
            *entry |= possible;
            last_date = Some((mark.date, *entry));
        }
        if pupil != current {
            if seen.contains(pupil) {
                together = false;
            } else {
                seen.insert(pupil.to_string());
            }
            sorted &= current.as_str() < pupil;
            current.clear();
            current.push_str(pupil);
            sessions.clear();
        }
        let key = (mark.date, mark.session);
        match sessions.last() {
            Some((last, _)) if *last < key => sessions.push((key, mark.line)),
            None => sessions.push((key, mark.line)),
            _ => match sessions.binary_search_by(|(k, _)| k.cmp(&key)) {
                Ok(i) => {
                    let first_line = sessions.get(i).map_or(0, |(_, line)| *line);
                    duplicates.push(pupil::duplicate(files, &mark, first_line));
                }
                Err(i) => sessions.insert(i, (key, mark.line)),
            },
        }
    })
    .map_err(RunError::Io)?;
    if together {
        for duplicate in duplicates {
            problems.report(duplicate);
        }
    }
    if problems.must_stop() {
        return Err(RunError::Register(problems));
    }
    let school_days = dates.into_iter().filter(|(_, possible)| *possible).map(|(d, _)| d).collect();
    Ok(Scan { problems, school_days, together, sorted, marks })
}

/// Pass 2 when each pupil's marks are together: one thread reads and groups
/// pupils into batches while the others evaluate the previous batch; batches
/// reach `each` in input order.
fn evaluate_in_batches(
    context: &pupil::Context,
    files: &[PathBuf],
    again: &mut Problems,
    each: &mut dyn FnMut(Vec<pupil::PupilResult>),
) -> Result<(), RunError> {
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<(String, Vec<Mark>)>>(2);
    let table = &context.plan.table;
    let read = std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut batch: Vec<(String, Vec<Mark>)> = Vec::with_capacity(BATCH);
            let mut pupil_marks: Vec<Mark> = Vec::new();
            let mut current = String::new();
            let result = register::read_all(files, table, again, |pupil, mark| {
                if pupil != current {
                    if !pupil_marks.is_empty() {
                        batch.push((std::mem::take(&mut current), std::mem::take(&mut pupil_marks)));
                        if batch.len() >= BATCH {
                            // A closed channel means evaluation stopped: the run is failing anyway.
                            let _ = send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                        }
                    }
                    current = pupil.to_string();
                }
                pupil_marks.push(mark);
            });
            if !pupil_marks.is_empty() {
                batch.push((current, pupil_marks));
            }
            let _ = send.send(batch);
            result
        });
        for batch in receive {
            each(batch.into_par_iter().map(|(p, m)| pupil::evaluate(context, p, m)).collect());
        }
        reader.join().unwrap_or_else(|_| Err(std::io::Error::other("the register reader stopped")))
    });
    read.map_err(RunError::Io)
}

pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}
