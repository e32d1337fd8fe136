//! `attend doc`.

use super::args::*;
use super::*;
use attend::policy;
use attend::report::doc;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn doc(
    path: PathBuf,
    format: DocFormat,
    output: Option<PathBuf>,
    school: Option<String>,
    regulations: RegulationArgs,
    day: Option<NaiveDate>,
) -> Outcome {
    let regimes = regimes(&regulations)?;
    let today = day.unwrap_or_else(today);
    let mut sources = SourceMap::new();
    let (policy, diagnostics) =
        policy::read_policy(&mut sources, &path, &regimes).map_err(|e| e.to_string())?;
    let errors: Vec<_> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
    let Some(policy) = policy.filter(|_| errors.is_empty()) else {
        out!("{}", render::human(&sources, &errors, false));
        return Err(format!(
            "{} has errors; the document is written from a policy without them",
            path.display()
        )
        .into());
    };
    let chosen = policy::choose_school(&policy, &path, school.as_deref()).map_err(|e| e.to_string())?;
    // The law the document states is the law in force on the day it is written.
    let regime = regimes
        .in_force_on(today)
        .or_else(|| attend::model::regime_for(chosen, &regimes).ok())
        .ok_or_else(|| format!("no regulations are in force on {today}"))?;
    let document = doc::document(chosen, regime, today);
    let text = match format {
        DocFormat::Markdown => doc::markdown(&document),
        DocFormat::Html => doc::html(&document),
    };
    match output {
        Some(file) => std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?,
        None => out!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
