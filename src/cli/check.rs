//! `attend check`.

use super::args::*;
use super::*;
use attend::check::{self, CheckOptions, Selection};
use attend::diagnostics::ci;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn check(
    paths: Vec<PathBuf>,
    format: Format,
    deny: Option<String>,
    regulations: RegulationArgs,
    day: Option<NaiveDate>,
    selection: SelectionArgs,
    root: Option<PathBuf>,
) -> Outcome {
    let selection = Selection::new(&selection.select, &selection.ignore).map_err(|e| e.to_string())?;
    // A single folder to check is the tree its policies may extend within.
    let root = root.or_else(|| match paths.as_slice() {
        [only] if only.is_dir() => Some(only.clone()),
        _ => None,
    });
    let options =
        CheckOptions { regimes: regimes(&regulations)?, today: day.unwrap_or_else(today), selection, root };
    let files = check::policy_files(&paths).map_err(|e| e.to_string())?;
    if files.is_empty() {
        return Err("no policy files (`*.attend`) were found: nothing was checked".into());
    }
    let mut sources = SourceMap::new();
    let diagnostics = check::check_files(&mut sources, &files, &options).map_err(|e| e.to_string())?;
    match format {
        Format::Human => {
            let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            out!("{}", render::human(&sources, &diagnostics, colour));
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            outln!(
                "checked {} file{}: {} error{}, {} warning{}",
                files.len(),
                plural(files.len()),
                errors,
                plural(errors),
                diagnostics.len() - errors,
                plural(diagnostics.len() - errors)
            );
        }
        Format::Json => outln!("{}", render::json(&sources, &diagnostics)),
        Format::Sarif => outln!("{}", ci::sarif(&sources, &diagnostics)),
        Format::Github => out!("{}", ci::github(&sources, &diagnostics)),
    }
    let failing = diagnostics.iter().any(|d| d.is_error() || deny.is_some());
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
