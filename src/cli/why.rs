//! `attend why`.

use super::args::*;
use super::*;
use attend::check::{self, CheckOptions, Selection};
use attend::engine::{self, RunOptions};
use attend::report::why;
use std::process::ExitCode;

/// `attend why`: a compliance finding with `--finding`, or else a pupil's firings.
pub fn run(args: WhyArgs) -> Outcome {
    match &args.finding {
        Some(code) => finding(&args.policy, code, args.as_of, args.format, &args.regulations),
        None => why(args),
    }
}

fn why(args: WhyArgs) -> Outcome {
    let pupil = args.pupil.clone().unwrap_or_default();
    let rules = load_rules(&args.policy, &args.regulations, args.school.as_deref())?;
    if let Some(rule) = &args.rule
        && !rules.rules.iter().any(|r| &r.name == rule)
        && !rule.starts_with("lateness: ")
    {
        let names: Vec<String> = rules.rules.iter().map(|r| format!("\"{}\"", r.name)).collect();
        return Err(format!("the policy has no rule \"{rule}\"; its rules are {}", names.join(", ")).into());
    }
    let options = RunOptions {
        pupil: Some(pupil.clone()),
        explain: true,
        ..run_options(&args.input, &args.registers)?
    };
    let output = engine::run_collecting(&rules, &args.registers, &options)?;
    if output.pupils == 0 {
        return Err(format!("pupil \"{pupil}\" has no marks in the register").into());
    }
    let firings = why::firings(output.events, args.rule.as_deref(), args.date);
    match args.format {
        ReportFormat::Text => {
            let filtered = args.rule.is_some() || args.date.is_some();
            out!("{}", why::human(&rules, &pupil, &firings, filtered));
        }
        ReportFormat::Json => {
            out!("{}", why::json(&rules, &pupil, &firings).map_err(|e| e.to_string())?)
        }
    }
    if !output.skipped.is_empty() {
        eprint!("{}", output.skipped.summary());
    }
    Ok(ExitCode::SUCCESS)
}

/// `attend why --finding CODE`: each compliance finding of that code in the
/// policy, with the statement it is about, what is wrong, and the provision.
fn finding(
    policy: &std::path::Path,
    code: &str,
    as_of: Option<NaiveDate>,
    format: ReportFormat,
    regulations: &RegulationArgs,
) -> Outcome {
    let Some(code) = check::code_by_id(code) else {
        return Err(format!("there is no diagnostic code \"{code}\"; codes look like C101").into());
    };
    let options = CheckOptions {
        regimes: regimes(regulations)?,
        today: as_of.unwrap_or_else(today),
        selection: Selection::all(),
        root: None,
    };
    let mut sources = SourceMap::new();
    let found = check::check_file(&mut sources, policy, &options)?;
    let findings: Vec<_> = found.into_iter().filter(|d| d.code == code).collect();
    match format {
        ReportFormat::Text => out!("{}", why::findings_human(&sources, code, &findings)),
        ReportFormat::Json => {
            out!("{}", why::findings_json(&sources, code, &findings).map_err(|e| e.to_string())?)
        }
    }
    Ok(ExitCode::SUCCESS)
}
