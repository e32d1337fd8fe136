//! `attend check`: every stage that can find something wrong with a policy,
//! run in order on each file: decode, parse, resolve, validate, and then the
//! compliance checks against the regulations in force.

mod codes;
pub mod compliance;
mod explain;
mod selection;
mod suppress;

pub use codes::{all_codes, code_by_id};
pub use explain::explain;
pub use selection::{Selection, SelectionError};

pub use crate::policy::{policy_files, read_policy};

use crate::diagnostics::{self, Diagnostic};
use crate::model::ParsedBases;
use crate::regulations::Regimes;
use crate::source::SourceMap;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

pub struct CheckOptions {
    pub regimes: Regimes,
    /// The day the check is made, for findings such as a review date passed.
    pub today: NaiveDate,
    /// The compliance checks to run; the language's diagnostics are always reported.
    pub selection: Selection,
    /// The folder `extends` may reach; by default each policy's own folder.
    pub root: Option<PathBuf>,
}

/// Checks one file; its diagnostics (and those of any file it extends) are
/// returned sorted. The error is for I/O on the file itself.
pub fn check_file(
    sources: &mut SourceMap,
    path: &Path,
    options: &CheckOptions,
) -> io::Result<Vec<Diagnostic>> {
    check_file_sharing(sources, path, options, &ParsedBases::default())
}

fn check_file_sharing(
    sources: &mut SourceMap,
    path: &Path,
    options: &CheckOptions,
    bases: &ParsedBases,
) -> io::Result<Vec<Diagnostic>> {
    let (policy, mut found) =
        crate::policy::read_policy_in(sources, path, &options.regimes, options.root.as_deref(), bases)?;
    // Compliance findings on a policy that does not yet make sense would only
    // be noise: they wait until the errors above are fixed.
    if let Some(policy) = policy
        && !found.iter().any(Diagnostic::is_error)
    {
        found.extend(compliance::check(&policy, &options.regimes, options.today, &options.selection));
        diagnostics::sort(&mut found);
    }
    // A comment in a base file accepts that file's findings too.
    let files: Vec<crate::source::FileId> = (0..sources.next_id().0).map(crate::source::FileId).collect();
    suppress::apply(sources, &files, &mut found);
    Ok(found)
}

/// Checks a policy's text as an editor holds it: the diagnostics of every
/// stage, as [`check_file`] gives them for a file, and the file's id.
pub fn check_text(
    sources: &mut SourceMap,
    path: &Path,
    text: String,
    options: &CheckOptions,
) -> io::Result<(crate::source::FileId, Vec<Diagnostic>)> {
    let (file, policy, mut found) =
        crate::policy::read_policy_text(sources, path, text, &options.regimes, options.root.as_deref())?;
    if let Some(policy) = policy
        && !found.iter().any(Diagnostic::is_error)
    {
        found.extend(compliance::check(&policy, &options.regimes, options.today, &options.selection));
        diagnostics::sort(&mut found);
    }
    suppress::apply(sources, &[file], &mut found);
    Ok((file, found))
}

/// Checks many files, in parallel. A base file extended by several schools
/// is reported once.
pub fn check_files(
    sources: &mut SourceMap,
    files: &[PathBuf],
    options: &CheckOptions,
) -> io::Result<Vec<Diagnostic>> {
    let bases = ParsedBases::default();
    let checked: Vec<(SourceMap, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|path| {
            let mut own = SourceMap::new();
            check_file_sharing(&mut own, path, options, &bases).map(|found| (own, found))
        })
        .collect::<io::Result<_>>()?;
    let mut all = Vec::new();
    for (own, found) in checked {
        let ids = sources.absorb(own);
        all.extend(found.into_iter().map(|d| d.renumbered(&ids)));
    }
    diagnostics::sort(&mut all);
    all.dedup_by(|a, b| a.label.span == b.label.span && a.code == b.code && a.message == b.message);
    Ok(all)
}
