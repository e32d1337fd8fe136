//! The command line: arguments, and one module a command. Each command turns
//! its arguments into calls on the library and its outcome into an exit code.

macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::output::emit(&format!($($arg)*)) };
}

macro_rules! outln {
    ($($arg:tt)*) => { $crate::cli::output::emit(&(format!($($arg)*) + "\n")) };
}

pub mod args;
pub mod check;
pub mod config;
mod diff;
pub mod doc;
pub mod failure;
pub mod fmt;
pub mod output;
pub mod run;
pub mod simulate;
pub mod test;
pub mod why;

use args::RegulationArgs;
pub use attend::compile;
pub use attend::diagnostics::render;
use attend::regulations::{Regime, Regimes};
pub use attend::source::SourceMap;
pub use chrono::NaiveDate;
pub use failure::{Failure, Outcome};
pub use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub fn regimes(args: &RegulationArgs) -> Result<Regimes, Failure> {
    let mut regimes = Regimes::embedded();
    for file in &args.files {
        regimes.add(Regime::load(file)?);
    }
    Ok(regimes)
}

/// The rule set of a policy or rule-set file.
pub fn load_rules(
    policy: &std::path::Path,
    regulations: &RegulationArgs,
    school: Option<&str>,
) -> Result<attend::compile::RuleSet, Failure> {
    Ok(compile::load(policy, &regimes(regulations)?, school)?)
}

/// How registers are read: the mapping, pupil details from `pupils` or,
/// without it, from the CTF files among `registers`, and `records`.
/// Warns of each pupils-file column the rules read that no pupil details
/// give: the comparisons and reports on it then find no pupil.
pub fn warn_of_missing_columns(rules: &attend::compile::RuleSet, options: &attend::engine::RunOptions) {
    let names = options.pupils.as_deref().map_or(&[][..], |p| p.names());
    for column in rules.pupil_columns().into_iter().filter(|c| !names.iter().any(|n| n == c)) {
        let why = if options.pupils.is_none() {
            "no pupils file was given (--pupils FILE)"
        } else {
            "the pupils file has no such column"
        };
        eprintln!("warning: the policy reads each pupil's `{column}`, but {why}: no pupil is compared on it");
    }
}

pub fn run_options(
    input: &args::InputArgs,
    registers: &[std::path::PathBuf],
) -> Result<attend::engine::RunOptions, Failure> {
    let args::InputArgs { lenient, map, pupils, records } = input;
    let (lenient, map, pupils, records) = (*lenient, map.as_deref(), pupils.as_deref(), records.as_deref());
    let mut options = attend::engine::RunOptions::new(lenient);
    if let Some(path) = map {
        options.mapping = std::sync::Arc::new(attend::register::Mapping::load(path)?);
    } else if let Some((name, mapping)) = attend::register::recognise(registers) {
        eprintln!(
            "note: the register is read in the {name} layout, which attend knows; --map FILE reads it otherwise"
        );
        options.mapping = std::sync::Arc::new(mapping);
    }
    if let Some(path) = pupils {
        let pupils = attend::register::Pupils::load(path, &options.mapping).map_err(|problems| {
            format!("the pupils file {} cannot be used:\n{}", path.display(), problems.listing(""))
        })?;
        options.pupils = Some(std::sync::Arc::new(pupils));
    } else {
        options.pupils = attend::register::pupils_from_ctf(registers).map(std::sync::Arc::new);
    }
    if let Some(path) = records {
        let mut pupils = options.pupils.as_deref().cloned().unwrap_or_default();
        pupils.add_records(path, &options.mapping).map_err(|problems| {
            format!("the records file {} cannot be used:\n{}", path.display(), problems.listing(""))
        })?;
        options.pupils = Some(std::sync::Arc::new(pupils));
    }
    Ok(options)
}

pub fn to_json(value: &impl serde::Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(value).map(|s| s + "\n").map_err(|e| e.to_string())
}

/// A progress bar on standard error: drawn only when it is a terminal, and
/// not with --quiet.
pub fn progress(quiet: bool, unit: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) =
        ProgressStyle::with_template(&format!("{{spinner}} {{pos}}/{{len}} {unit} {{wide_bar}} {{elapsed}}"))
    {
        bar.set_style(style);
    }
    bar
}

/// A spinner with a count and the time taken, for runs longer than a moment;
/// drawn only on a terminal and not with --quiet.
pub fn spinner(quiet: bool, what: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template(&format!("{{spinner}} {{pos}} {what} {{elapsed}}")) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

pub fn parse_vary_spec(spec: &str) -> Result<attend::syntax::VarySpec, String> {
    let mut sources = SourceMap::new();
    let file = sources.add("--vary", spec.to_string());
    attend::syntax::parse_vary(file, spec).map_err(|d| {
        let shown = render::human(&sources, &[*d], false);
        format!("cannot read --vary; write it like 'rule \"attendance concern letter\" threshold 92%..97% step 1%'\n{shown}")
    })
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
