//! Reading policies, shared by every command that takes one: the language
//! stages for one file (decode, parse, resolve, validate), the files a path
//! names, and the school a command is asked about.

use crate::diagnostics::{self, Diagnostic};
use crate::model::{self, ParsedBases, Policy, School};
use crate::regulations::Regimes;
use crate::source::{FileId, SourceMap};
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
    read_policy_in(sources, path, regimes, None, &ParsedBases::default())
}

/// [`read_policy`] with the folder `extends` may reach (`root`, or else the
/// folder the policy file is in), and the files extended so far in the run.
pub fn read_policy_in(
    sources: &mut SourceMap,
    path: &Path,
    regimes: &Regimes,
    root: Option<&Path>,
    bases: &ParsedBases,
) -> io::Result<(Option<Policy>, Vec<Diagnostic>)> {
    let root = tree(path, root)?;
    let (file, decode_problem) = match sources.find(path) {
        Some(id) => (id, None), // already read as the base of another policy
        None => syntax::load(sources, path)?,
    };
    if let Some(problem) = decode_problem {
        return Ok((None, vec![problem]));
    }
    Ok(resolve(sources, file, &root, regimes, bases))
}

/// The language stages for a policy's text as an editor holds it, not yet
/// saved: `path` places it, for `extends` and for messages.
pub fn read_policy_text(
    sources: &mut SourceMap,
    path: &Path,
    text: String,
    regimes: &Regimes,
    root: Option<&Path>,
) -> io::Result<(FileId, Option<Policy>, Vec<Diagnostic>)> {
    let root = tree(path, root)?;
    let file = sources.add(path, text);
    let (policy, found) = resolve(sources, file, &root, regimes, &ParsedBases::default());
    Ok((file, policy, found))
}

/// The folder `extends` may reach: `root`, or else the policy's own folder.
fn tree(path: &Path, root: Option<&Path>) -> io::Result<PathBuf> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    root.unwrap_or(folder).canonicalize()
}

fn resolve(
    sources: &mut SourceMap,
    file: FileId,
    root: &Path,
    regimes: &Regimes,
    bases: &ParsedBases,
) -> (Option<Policy>, Vec<Diagnostic>) {
    let resolved = model::resolve_file_sharing(sources, file, root, bases);
    let mut found = resolved.diagnostics;
    if let Some(policy) = &resolved.policy {
        found.extend(model::validate(policy, regimes));
    }
    diagnostics::sort(&mut found);
    (resolved.policy, found)
}

/// The policy files named by `paths`: files as given, directories searched
/// (recursively) for `*.attend` files, in sorted order.
pub fn policy_files(paths: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(crate::walk::files(path, true, &|p| p.extension().is_some_and(|e| e == "attend"))?);
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
