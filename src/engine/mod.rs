//! Running a rule set over register data, pupil by pupil in date order.
//!
//! The first pass checks every row, finds the school days (the calendar) and
//! packs the marks it can within a budget; the second hands each pupil's
//! marks to the evaluator, from the packed parts or by reading the rest
//! again. When every pupil's marks are together in the input (sorted by
//! pupil), only one pupil's marks are held at a time and pupils are evaluated
//! in parallel in batches; otherwise all marks are grouped in memory first.
//! Results are sorted, so they never depend on input order or threads.

mod columns;
mod earliest;
mod evaluate;
mod history;
mod packed;
mod plan;
mod pupil;
mod quality;
mod ranking;
mod scan;
mod stages;
mod summary;
mod why;

pub use crate::vocabulary::Value;
pub use packed::PACKED_BYTES;
pub use plan::Plan;
pub use pupil::Event;
pub use quality::{QualityFinding, QualityKind};
pub use ranking::{GroupTally, Tallies};
pub use stages::{due_sessions, review_day};
pub use summary::Summary;
pub use why::{Explanation, Part as ExplainedPart};

use crate::compile::RuleSet;
use crate::register::{self, Calendar, Mark, Part, Problems};
use chrono::{Datelike, NaiveDate, Weekday};
use packed::Packed;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

pub struct RunOptions {
    pub lenient: bool,
    /// The size of the parts registers are cut into for parallel reading;
    /// results do not depend on it.
    pub part_bytes: u64,
    /// Evaluate only this pupil (the whole register still makes the calendar).
    pub pupil: Option<String>,
    /// Give each event the explanation of its firing (`attend why`).
    pub explain: bool,
    /// How CSV registers name their columns and write their values.
    pub mapping: std::sync::Arc<register::Mapping>,
    /// What is known about each pupil beyond the register (`--pupils FILE`).
    pub pupils: Option<std::sync::Arc<register::Pupils>>,
    /// Keep each pupil's yearly summaries in [`RunOutput::summaries`]. They
    /// are held until the run ends, so a run that does not show them keeps
    /// nothing per pupil.
    pub summaries: bool,
    /// The memory pass 1 may keep in marks it has read, packed, so that
    /// pass 2 does not read them again; results do not depend on it.
    pub packed_bytes: usize,
}

impl RunOptions {
    pub fn new(lenient: bool) -> RunOptions {
        RunOptions {
            lenient,
            part_bytes: register::PART_BYTES,
            pupil: None,
            explain: false,
            mapping: std::sync::Arc::default(),
            pupils: None,
            summaries: true,
            packed_bytes: PACKED_BYTES,
        }
    }
}

pub struct RunOutput {
    pub events: Vec<Event>,
    pub summaries: Vec<Summary>,
    /// For each month: pupils on roll at its end, and how many of them were
    /// persistently and severely absent (year to date) then.
    pub trend: BTreeMap<String, Trend>,
    /// For each report that names the group with the best attendance, each
    /// group's sessions in each of its periods.
    pub groups: Tallies,
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
    let mut problems = Problems::new(options.lenient);
    let parts =
        register::cut(files, options.part_bytes, &options.mapping, &mut problems).map_err(RunError::Io)?;
    let mut scan = scan::scan(&plan, files, &parts, problems, options.packed_bytes)?;
    let packed = std::mem::take(&mut scan.packed);
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
    let only = options.pupil.as_deref();
    let context = pupil::Context {
        rules,
        plan: &plan,
        calendar: &calendar,
        files,
        floors,
        explain: options.explain,
        pupils: options.pupils.as_deref(),
        summaries: options.summaries,
        canonical: stages::canonical(&rules.rules),
        ranked: ranking::ranked_reports(rules, &calendar),
    };
    let mut output = RunOutput {
        events: Vec::new(),
        summaries: Vec::new(),
        trend: BTreeMap::new(),
        groups: Tallies::new(),
        quality: QualityReport::default(),
        skipped: Problems::new(options.lenient),
        pupils: 0,
        marks: scan.marks,
        calendar: Calendar::default(),
        regulations_note: None,
    };
    if scan.together && scan.sorted {
        // The fast path: one pupil's marks at a time, results in order as they come.
        evaluate_parts(&context, &parts, &scan.lines_before, packed, only, &mut |results| {
            for result in results {
                absorb(&mut output, result, sink);
            }
        })?;
    } else {
        let mut results: Vec<pupil::PupilResult> = Vec::new();
        if scan.together {
            evaluate_parts(&context, &parts, &scan.lines_before, packed, only, &mut |batch| {
                results.extend(batch)
            })?;
        } else {
            let mut all: HashMap<String, Vec<Mark>> = HashMap::new();
            for ((part, before), packed) in parts.iter().zip(&scan.lines_before).zip(packed) {
                read_again(&context, part, *before, packed, &mut |pupil, marks| {
                    if only.is_some_and(|only| only != pupil) {
                        return;
                    }
                    match all.get_mut(pupil) {
                        Some(all) => all.extend(marks),
                        None => {
                            all.insert(pupil.to_string(), marks);
                        }
                    }
                })
                .map_err(RunError::Io)?;
            }
            results = all.into_par_iter().map(|(p, m)| pupil::evaluate(&context, p, m)).collect();
            // Marks of one pupil were apart in the input: pass 1 could not see
            // their duplicates, the evaluator does. They are reported in file
            // order, whatever order the pupils were evaluated in.
            let found = results.iter_mut().flat_map(|result| result.duplicates.drain(..)).collect();
            for duplicate in pupil::duplicates(files, found) {
                problems.report(duplicate);
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
    ranking::absorb(&mut output.groups, result.groups);
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

/// Pass 2 when each pupil's marks are together: a few parts per worker are
/// read and evaluated at a time, and their results reach `each` in input
/// order, so memory holds only the parts in hand.
fn evaluate_parts(
    context: &pupil::Context,
    parts: &[Part],
    lines_before: &[u64],
    packed: Vec<Option<Packed>>,
    only: Option<&str>,
    each: &mut dyn FnMut(Vec<pupil::PupilResult>),
) -> Result<(), RunError> {
    let mut numbered = parts.iter().zip(lines_before.iter().copied()).zip(packed).peekable();
    let at_once = rayon::current_num_threads().max(1) * 2;
    while numbered.peek().is_some() {
        // Packed marks are let go as their parts are evaluated.
        let group: Vec<_> = numbered.by_ref().take(at_once).collect();
        let results: Vec<Vec<pupil::PupilResult>> = group
            .into_par_iter()
            .map(|((part, before), packed)| evaluate_part(context, part, before, packed, only))
            .collect::<Result<_, _>>()
            .map_err(RunError::Io)?;
        results.into_iter().for_each(&mut *each);
    }
    Ok(())
}

fn evaluate_part(
    context: &pupil::Context,
    part: &Part,
    lines_before: u64,
    packed: Option<Packed>,
    only: Option<&str>,
) -> std::io::Result<Vec<pupil::PupilResult>> {
    let mut results = Vec::new();
    read_again(context, part, lines_before, packed, &mut |pupil, marks| {
        if only.is_none_or(|only| only == pupil) {
            results.push(pupil::evaluate(context, pupil.to_string(), marks));
        }
    })?;
    Ok(results)
}

/// Pass 2's marks of one part, a run of one pupil's rows at a time: those
/// pass 1 packed, or the part read again.
fn read_again(
    context: &pupil::Context,
    part: &Part,
    lines_before: u64,
    packed: Option<Packed>,
    each: &mut impl FnMut(&str, Vec<Mark>),
) -> std::io::Result<()> {
    if packed.is_some_and(|packed| packed.replay(lines_before, each)) {
        return Ok(());
    }
    let mut again = Problems::new(true); // pass 1 has reported these already
    let (mut current, mut marks) = (String::new(), Vec::new());
    register::read_part(
        part,
        context.files,
        lines_before,
        &context.plan.table,
        &mut again,
        &mut |pupil, mark| {
            if pupil != current {
                if !marks.is_empty() {
                    each(&current, std::mem::take(&mut marks));
                }
                current.clear();
                current.push_str(pupil);
            }
            marks.push(mark);
        },
    )?;
    if !marks.is_empty() {
        each(&current, marks);
    }
    Ok(())
}

pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}
