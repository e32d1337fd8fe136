//! `attend check`: every stage that can find something wrong with a policy,
//! run in order on each file: decode, parse, resolve, validate, and then the
//! compliance checks against the regulations in force.

mod codes;
pub mod compliance;
mod explain;
mod selection;

pub use codes::{all_codes, code_by_id};
pub use explain::explain;
pub use selection::{Selection, SelectionError};

use crate::diagnostics::{self, Diagnostic};
use crate::model;
use crate::regulations::Regimes;
use crate::source::SourceMap;
use crate::syntax;
use chrono::NaiveDate;
use std::io;
use std::path::{Path, PathBuf};

pub struct CheckOptions {
    pub regimes: Regimes,
    /// The day the check is made, for findings such as a review date passed.
    pub today: NaiveDate,
    /// The compliance checks to run; the language's diagnostics are always reported.
    pub selection: Selection,
}

/// The policy files named by `paths`: files as given, directories searched
/// (recursively) for `*.attend` files, in sorted order.
pub fn policy_files(paths: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect(path, &mut files)?;
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{}: no such file or directory", path.display()),
            ));
        }
    }
    Ok(files)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "attend") {
            files.push(path);
        }
    }
    Ok(())
}

/// Checks one file; its diagnostics (and those of any file it extends) are
/// returned sorted. The error is for I/O on the file itself.
pub fn check_file(
    sources: &mut SourceMap,
    path: &Path,
    options: &CheckOptions,
) -> io::Result<Vec<Diagnostic>> {
    let (policy, mut found) = read_policy(sources, path, &options.regimes)?;
    // Compliance findings on a policy that does not yet make sense would only
    // be noise: they wait until the errors above are fixed.
    if let Some(policy) = policy
        && !found.iter().any(Diagnostic::is_error)
    {
        found.extend(compliance::check(&policy, &options.regimes, options.today, &options.selection));
        diagnostics::sort(&mut found);
    }
    Ok(found)
}

/// The language stages for one file: decode, parse, resolve, validate. The
/// policy comes back whenever the file could be resolved, with everything
/// found on the way, sorted. The error is for I/O on the file itself.
pub fn read_policy(
    sources: &mut SourceMap,
    path: &Path,
    regimes: &Regimes,
) -> io::Result<(Option<model::Policy>, Vec<Diagnostic>)> {
    let (file, decode_problem) = match sources.find(path) {
        Some(id) => (id, None), // already read as the base of another policy
        None => syntax::load(sources, path)?,
    };
    if let Some(problem) = decode_problem {
        return Ok((None, vec![problem]));
    }
    let resolved = model::resolve_file(sources, file);
    let mut found = resolved.diagnostics;
    if let Some(policy) = &resolved.policy {
        found.extend(model::validate(policy, regimes));
    }
    diagnostics::sort(&mut found);
    Ok((resolved.policy, found))
}

/// Checks many files. A base file extended by several schools is reported once.
pub fn check_files(
    sources: &mut SourceMap,
    files: &[PathBuf],
    options: &CheckOptions,
) -> io::Result<Vec<Diagnostic>> {
    let mut all = Vec::new();
    for path in files {
        all.extend(check_file(sources, path, options)?);
    }
    diagnostics::sort(&mut all);
    all.dedup_by(|a, b| a.label.span == b.label.span && a.code == b.code && a.message == b.message);
    Ok(all)
}
