//! Pass 1: every part of the register read in parallel, checking each row and
//! learning the school days, where each part's lines start, and whether each
//! pupil's marks come together (and in pupil order). The parts' findings are
//! joined in file order, so the outcome is the one a single reader would have.

use super::packed::{Packed, Packer};
use super::plan::in_mask;
use super::{RunError, pupil};
use crate::engine::Plan;
use crate::register::{self, Mark, Part, Problems};
use crate::vocabulary::Session;
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;

/// Slots for days known to hold a possible session: over ten years.
const KNOWN_DAYS: usize = 4096;

pub(super) struct Scan {
    pub problems: Problems,
    pub school_days: Vec<NaiveDate>,
    pub together: bool,
    pub sorted: bool,
    pub marks: u64,
    /// For each part, the lines of its file before it.
    pub lines_before: Vec<u64>,
    /// For each part, its marks packed, when they fitted the budget.
    pub packed: Vec<Option<Packed>>,
}

/// What one part shows. Lines are counted from the part's start.
struct PartScan {
    problems: Problems,
    lines: u64,
    /// Each date with a mark, and whether any of its marks is a possible session.
    dates: HashMap<NaiveDate, bool>,
    marks: u64,
    /// A hash of each pupil's id, in the order their runs of rows come;
    /// `None` when one pupil's rows are apart within the part.
    runs: Option<Vec<u64>>,
    /// The part's first and last pupils, and whether its runs are in pupil order.
    first: Option<String>,
    last: Option<String>,
    sorted: bool,
    /// A mark for a session the pupil already has, with the line of the first.
    duplicates: Vec<(Mark, u64)>,
    packed: Option<Packed>,
}

pub(super) fn scan(
    plan: &Plan,
    files: &[PathBuf],
    parts: &[Part],
    mut problems: Problems,
    packed_bytes: usize,
) -> Result<Scan, RunError> {
    let lenient = problems.lenient;
    let budget = AtomicUsize::new(packed_bytes);
    let scans: Vec<PartScan> = parts
        .par_iter()
        .map(|part| scan_part(plan, files, part, lenient, &budget))
        .collect::<Result<_, std::io::Error>>()?;
    let lines: Vec<u64> = scans.iter().map(|s| s.lines).collect();
    let lines_before = register::lines_before(parts, &lines);
    let mut dates: HashMap<NaiveDate, bool> = HashMap::new();
    // Pupils are told apart by a hash of their id, so that a register of
    // many pupils holds eight bytes for each here. Two ids with one hash look
    // like one pupil's rows apart: the run takes the slower path that groups
    // marks in memory, with the same result. Order is checked on the ids.
    let mut runs: Vec<u64> = Vec::new();
    let mut sorted = true;
    let mut last: Option<String> = None;
    let (mut together, mut marks) = (true, 0u64);
    let mut duplicates = Vec::new();
    let mut packed = Vec::with_capacity(scans.len());
    for (scan, offset) in scans.into_iter().zip(&lines_before) {
        packed.push(scan.packed);
        problems.absorb(scan.problems, *offset);
        marks += scan.marks;
        for (date, possible) in scan.dates {
            *dates.entry(date).or_default() |= possible;
        }
        match scan.runs {
            // A pupil on both sides of a cut is read as if apart.
            Some(part_runs) if together && (runs.is_empty() || runs.last() != part_runs.first()) => {
                runs.extend(part_runs)
            }
            _ => together = false,
        }
        if scan.first.is_some() {
            sorted &= scan.sorted && (last.is_none() || last < scan.first);
            last = scan.last;
        }
        duplicates.extend(scan.duplicates.into_iter().map(|(mut mark, first_line)| {
            mark.line += offset;
            (mark, first_line + offset)
        }));
    }
    if together {
        let mut seen = HashSet::with_capacity(runs.len());
        together = runs.iter().all(|pupil| seen.insert(*pupil));
    }
    let sorted = together && sorted;
    if together {
        for duplicate in pupil::duplicates(files, duplicates) {
            problems.report(duplicate);
        }
    }
    // When a pupil's rows are apart, their duplicates are found only once all
    // marks are grouped: a strict run stops after that, so that it reports
    // the same problems whatever the order of the rows.
    if together && problems.must_stop() {
        return Err(RunError::Register(problems));
    }
    let school_days = dates.into_iter().filter(|(_, possible)| *possible).map(|(d, _)| d).collect();
    Ok(Scan { problems, school_days, together, sorted, marks, lines_before, packed })
}

fn scan_part(
    plan: &Plan,
    files: &[PathBuf],
    part: &Part,
    lenient: bool,
    budget: &AtomicUsize,
) -> std::io::Result<PartScan> {
    let mut packer = Packer::new(part.file, budget);
    let mut problems = Problems::new(lenient);
    let mut dates: HashMap<NaiveDate, bool> = HashMap::new();
    let mut runs: Option<Vec<u64>> = Some(Vec::new());
    let mut seen: HashSet<u64> = HashSet::new();
    let (mut first, mut sorted) = (None, true);
    let mut current = String::new();
    let mut marks = 0u64;
    // The current pupil's sessions in order, with the line each was read from;
    // rows in date order only ever append.
    let mut sessions: Vec<((NaiveDate, Session), u64)> = Vec::new();
    let mut duplicates: Vec<(Mark, u64)> = Vec::new();
    let mut last_date: Option<(NaiveDate, bool)> = None;
    // Days already known to hold a possible session, by day number: the
    // dates of a register sorted by pupil come round again for each pupil.
    let mut possible_days = vec![i32::MIN; KNOWN_DAYS];
    let lines = register::read_part(part, files, 0, &plan.table, &mut problems, &mut |pupil, mark| {
        marks += 1;
        let possible = in_mask(plan.possible, mark.code);
        let day = mark.date.num_days_from_ce();
        let known = possible_days.get_mut(day.rem_euclid(KNOWN_DAYS as i32) as usize);
        if known.as_deref() != Some(&day)
            && last_date != Some((mark.date, true))
            && last_date != Some((mark.date, possible))
        {
            let entry = dates.entry(mark.date).or_default();
            *entry |= possible;
            last_date = Some((mark.date, *entry));
            if let (true, Some(known)) = (*entry, known) {
                *known = day;
            }
        }
        let new_pupil = pupil != current || first.is_none();
        packer.push(pupil, new_pupil, &mark);
        if new_pupil {
            if let Some(list) = &mut runs {
                let hash = id_hash(pupil);
                if seen.insert(hash) {
                    list.push(hash);
                } else {
                    runs = None;
                }
            }
            match first {
                None => first = Some(pupil.to_string()),
                Some(_) => sorted &= current.as_str() < pupil,
            }
            current.clear();
            current.push_str(pupil);
            sessions.clear();
        }
        let key = (mark.date, mark.session);
        match sessions.last() {
            Some((last, _)) if *last < key => sessions.push((key, mark.line)),
            None => sessions.push((key, mark.line)),
            _ => match sessions.binary_search_by(|(k, _)| k.cmp(&key)) {
                Ok(i) => duplicates.push((mark, sessions.get(i).map_or(0, |(_, line)| *line))),
                Err(i) => sessions.insert(i, (key, mark.line)),
            },
        }
    })?;
    let last = first.is_some().then_some(current);
    Ok(PartScan {
        problems,
        lines,
        dates,
        marks,
        runs,
        first,
        last,
        sorted,
        duplicates,
        packed: packer.finish(),
    })
}

fn id_hash(pupil: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    pupil.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile;
    use crate::regulations::Regimes;
    use std::path::Path;

    /// Whether pass 1 finds each pupil's rows together, and in pupil order,
    /// with the file cut into parts of `part_bytes`.
    fn order(pupils: &[&str], part_bytes: u64) -> (bool, bool) {
        let policy = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/stanborough.attend");
        let rules = compile::load(&policy, &Regimes::embedded(), None).unwrap();
        let plan = Plan::new(&rules).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("register.csv");
        let mut text = String::from("pupil,date,session,mark\n");
        for pupil in pupils {
            for day in 2..=6 {
                text.push_str(&format!("{pupil},2024-09-0{day},AM,/\n{pupil},2024-09-0{day},PM,\\\n"));
            }
        }
        std::fs::write(&path, text).unwrap();
        let files = [path];
        let mut problems = Problems::new(false);
        let parts = register::cut(&files, part_bytes, &Default::default(), &mut problems).unwrap();
        let scan = scan(&plan, &files, &parts, problems, 0).map_err(|e| e.to_string()).unwrap();
        (scan.together, scan.sorted)
    }

    #[test]
    fn pupils_in_order_are_together_and_sorted_however_the_file_is_cut() {
        for part_bytes in [1 << 20, 200, 50] {
            assert_eq!(order(&["A1", "A2", "B1", "C7"], part_bytes), (true, true), "parts of {part_bytes}");
        }
    }

    #[test]
    fn pupils_grouped_out_of_order_are_together_but_not_sorted() {
        for part_bytes in [1 << 20, 200, 50] {
            assert_eq!(order(&["B1", "A2", "C7", "A1"], part_bytes), (true, false), "parts of {part_bytes}");
        }
    }

    #[test]
    fn a_pupil_whose_rows_come_twice_is_not_together() {
        for part_bytes in [1 << 20, 200, 50] {
            assert_eq!(order(&["A1", "A2", "A1"], part_bytes), (false, false), "parts of {part_bytes}");
        }
    }
}
