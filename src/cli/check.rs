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
    mut regulations: RegulationArgs,
    day: Option<NaiveDate>,
    mut selection: SelectionArgs,
    root: Option<PathBuf>,
) -> Outcome {
    // The project's attend.toml, where there is one; the command line wins.
    let config = match paths.first() {
        Some(first) => super::config::find(first)?.map(|(_, c)| c.check).unwrap_or_default(),
        None => Default::default(),
    };
    if selection.select.is_empty() {
        selection.select = config.select;
    }
    if selection.ignore.is_empty() {
        selection.ignore = config.ignore;
    }
    let deny = deny.or(config.deny_warnings.then(|| "warnings".to_string()));
    let day = day.or(config.as_of);
    regulations.files.splice(0..0, config.regulations);
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
    let counts = attend::diagnostics::Counts::of(&diagnostics);
    match format {
        Format::Human => {
            let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            out!("{}", render::human(&sources, &diagnostics, colour));
            let accepted = match counts.suppressed {
                0 => String::new(),
                n => format!(" ({n} accepted in the policy with a reason)"),
            };
            outln!(
                "checked {} file{}: {} error{}, {} warning{}{accepted}",
                files.len(),
                plural(files.len()),
                counts.errors,
                plural(counts.errors),
                counts.warnings,
                plural(counts.warnings)
            );
        }
        Format::Json => outln!("{}", render::json(&sources, &diagnostics)),
        Format::Sarif => outln!("{}", ci::sarif(&sources, &diagnostics)),
        Format::Github => out!("{}", ci::github(&sources, &diagnostics)),
    }
    let failing = counts.errors > 0 || (deny.is_some() && counts.warnings > 0);
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
