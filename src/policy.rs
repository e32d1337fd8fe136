//! Reading policies, shared by every command that takes one: the language
//! stages for one file (decode, parse, resolve, validate), the files a path
//! names, and the school a command is asked about.

use crate::diagnostics::{self, Diagnostic};
use crate::model::{self, Policy, School};
use crate::regulations::Regimes;
use crate::source::SourceMap;
use crate::syntax;
use std::io;
use std::path::{Path, PathBuf};

/// The language stages for one file: decode, parse, resolve, validate. The
/// policy comes back whenever the file could be resolved, with everything
/// found on the way, sorted. The error is for I/O on the file itself.
pub fn read_policy(
    sources: &mut SourceMap,
    path: &Path,
    regimes: &Regimes,
) -> io::Result<(Option<Policy>, Vec<Diagnostic>)> {
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

/// Why no one school could be chosen from a policy.
#[derive(Debug, thiserror::Error)]
pub enum ChoiceError {
    #[error("{path} has no school \"{name}\"; it has: {known}")]
    NoSuchSchool { path: PathBuf, name: String, known: String },
    #[error("{path} is a base policy with no school: run a school's file that extends it")]
    NoSchool { path: PathBuf },
    #[error("{path} holds several schools ({known}): choose one with --school")]
    SeveralSchools { path: PathBuf, known: String },
}

/// The school named, or the only one.
pub fn choose_school<'p>(
    policy: &'p Policy,
    path: &Path,
    name: Option<&str>,
) -> Result<&'p School, ChoiceError> {
    let known = || policy.schools.iter().map(|s| s.name.node.as_str()).collect::<Vec<_>>().join(", ");
    match name {
        Some(name) => policy.schools.iter().find(|s| s.name.node == name).ok_or_else(|| {
            ChoiceError::NoSuchSchool { path: path.to_path_buf(), name: name.to_string(), known: known() }
        }),
        None => match policy.schools.as_slice() {
            [one] => Ok(one),
            [] => Err(ChoiceError::NoSchool { path: path.to_path_buf() }),
            _ => Err(ChoiceError::SeveralSchools { path: path.to_path_buf(), known: known() }),
        },
    }
}
