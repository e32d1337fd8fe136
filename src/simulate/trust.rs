//! Trust-wide simulation: every school's policy over its own registers, in
//! parallel, one row a school and the trust's totals.
//!
//! Matching registers to schools: a register belongs to the policy whose file
//! name (without `.attend`) begins its own file name, followed by the end of
//! the name or a `-`, `_` or `.` (`heelands-2023-24.csv` is Heelands'), or it
//! sits in a folder with that name (`registers/heelands/autumn.csv`). The
//! longest such name wins. Registers that match no policy are listed.

use super::{Outcome, simulate};
use crate::compile::{self, CompileError};
use crate::engine::RunOptions;
use crate::regulations::Regimes;
use crate::vocabulary::ActionKind;
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Serialize)]
pub struct SchoolRow {
    pub school: String,
    pub policy: String,
    pub registers: usize,
    pub pupils: usize,
    pub school_days: usize,
    pub persistent: usize,
    pub severe: usize,
    pub letters: usize,
    pub meetings: usize,
    pub penalty_notices_considered: usize,
    pub local_authority_notified: usize,
    pub firings: usize,
    /// Why the school could not be run, if it could not.
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TrustRun {
    pub schools: Vec<SchoolRow>,
    pub totals: SchoolRow,
    pub unmatched: Vec<String>,
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn belongs(register: &Path, school: &str, root: &Path) -> bool {
    let name = register.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let by_name =
        name.strip_prefix(school).is_some_and(|rest| rest.is_empty() || rest.starts_with(['-', '_', '.']));
    let by_folder = register
        .strip_prefix(root)
        .ok()
        .and_then(|r| r.parent())
        .is_some_and(|folder| folder.components().any(|c| c.as_os_str() == school));
    by_name || by_folder
}

/// Each policy with its registers, and the registers that match none.
pub fn match_registers(
    policies: &[PathBuf],
    registers: &[PathBuf],
    root: &Path,
) -> (Vec<(PathBuf, Vec<PathBuf>)>, Vec<PathBuf>) {
    let stems: Vec<String> = policies.iter().map(|p| stem(p)).collect();
    let mut matched: Vec<(PathBuf, Vec<PathBuf>)> =
        policies.iter().map(|p| (p.clone(), Vec::new())).collect();
    let mut unmatched = Vec::new();
    for register in registers {
        let best = stems
            .iter()
            .enumerate()
            .filter(|(_, s)| belongs(register, s, root))
            .max_by_key(|(_, s)| s.len())
            .map(|(i, _)| i);
        match best {
            Some(i) if let Some((_, mine)) = matched.get_mut(i) => mine.push(register.clone()),
            _ => unmatched.push(register.clone()),
        }
    }
    (matched, unmatched)
}

fn row(policy: &Path, registers: usize, outcome: &Outcome) -> SchoolRow {
    let count = |kind: ActionKind| {
        outcome
            .events
            .iter()
            .filter(|e| e.action.kind() == kind)
            .map(|e| (e.pupil, e.date, e.rule))
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    SchoolRow {
        school: outcome.school.clone(),
        policy: policy.display().to_string(),
        registers,
        pupils: outcome.pupils,
        school_days: outcome.school_days,
        persistent: outcome.persistent_at_end.len(),
        severe: outcome.severe_at_end.len(),
        letters: count(ActionKind::Letter),
        meetings: count(ActionKind::Meeting),
        penalty_notices_considered: count(ActionKind::ConsiderPenaltyNotice),
        local_authority_notified: count(ActionKind::NotifyLocalAuthority),
        firings: outcome.rules.iter().map(|r| r.times).sum(),
        error: None,
    }
}

/// Runs every school policy directly in `policies` (bases in sub-folders are
/// extended, not run) over its registers from `registers`, schools in parallel.
pub fn trust(
    policies: &Path,
    registers: &Path,
    regimes: &Regimes,
    options: &RunOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> std::io::Result<TrustRun> {
    let policy_files =
        crate::walk::files(policies, false, &|p| p.extension().is_some_and(|e| e == "attend"))?;
    let register_files = crate::walk::files(registers, true, &|p| {
        p.extension().is_some_and(|e| e == "csv" || e == "xml")
            && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
    })?;
    let (matched, unmatched) = match_registers(&policy_files, &register_files, registers);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let mut schools: Vec<SchoolRow> = matched
        .par_iter()
        .map(|(policy, registers)| {
            let result = run_school(policy, registers, regimes, options);
            progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1, matched.len());
            result
        })
        .collect();
    schools.sort_by(|a, b| a.school.cmp(&b.school));
    let mut totals = SchoolRow { school: "trust total".to_string(), ..Default::default() };
    for s in schools.iter().filter(|s| s.error.is_none()) {
        totals.registers += s.registers;
        totals.pupils += s.pupils;
        totals.persistent += s.persistent;
        totals.severe += s.severe;
        totals.letters += s.letters;
        totals.meetings += s.meetings;
        totals.penalty_notices_considered += s.penalty_notices_considered;
        totals.local_authority_notified += s.local_authority_notified;
        totals.firings += s.firings;
    }
    Ok(TrustRun { schools, totals, unmatched: unmatched.iter().map(|p| p.display().to_string()).collect() })
}

fn run_school(policy: &Path, registers: &[PathBuf], regimes: &Regimes, options: &RunOptions) -> SchoolRow {
    let failed = |error: String| SchoolRow {
        school: stem(policy),
        policy: policy.display().to_string(),
        error: Some(error),
        ..Default::default()
    };
    if registers.is_empty() {
        return failed("no registers match this school".to_string());
    }
    let rules = match compile::load(policy, regimes, None) {
        Ok(rules) => rules,
        Err(CompileError::Policy { diagnostics, .. }) => {
            return failed(format!(
                "the policy has {} errors; `attend check` explains them",
                diagnostics.len()
            ));
        }
        Err(other) => return failed(other.to_string()),
    };
    match simulate(&rules, registers, options, super::SMALLEST_SHOWN) {
        Ok(outcome) => row(policy, registers.len(), &outcome),
        Err(error) => failed(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registers_match_the_longest_school_name() {
        let policies = vec![PathBuf::from("p/slade.attend"), PathBuf::from("p/slade-junior.attend")];
        let registers = vec![
            PathBuf::from("r/slade-2024.csv"),
            PathBuf::from("r/slade-junior-2024.csv"),
            PathBuf::from("r/sladeville.csv"),
            PathBuf::from("r/slade/autumn.csv"),
        ];
        let (matched, unmatched) = match_registers(&policies, &registers, Path::new("r"));
        assert_eq!(matched[0].1, [PathBuf::from("r/slade-2024.csv"), PathBuf::from("r/slade/autumn.csv")]);
        assert_eq!(matched[1].1, [PathBuf::from("r/slade-junior-2024.csv")]);
        assert_eq!(unmatched, [PathBuf::from("r/sladeville.csv")]);
    }
}
