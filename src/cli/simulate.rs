//! `attend simulate`.

use super::args::*;
use super::*;
use attend::report;
use attend::simulate;
use std::process::ExitCode;

pub fn simulate(args: SimulateArgs) -> Outcome {
    let SimulateArgs {
        policy,
        registers,
        against,
        vary,
        html,
        trust,
        registers_dir,
        by,
        smallest_group,
        format,
        quiet,
        read,
    } = args;
    let ReadArgs { input, pseudonymise, salt, school, regulations } = read;
    let options = run_options(&input, &registers)?;
    let json = matches!(format, ReportFormat::Json);
    if let (Some(trust), Some(dir)) = (trust, registers_dir) {
        let regimes = regimes(&regulations)?;
        let bar = progress(quiet, "schools");
        let run = simulate::trust(&trust, &dir, &regimes, &options, &|done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        })
        .map_err(|e| e.to_string())?;
        bar.finish_and_clear();
        out!(
            "{}",
            if json { versioned("attend-simulate-trust", &run)? } else { report::simulate::trust(&run) }
        );
        return Ok(if run.schools.iter().any(|s| s.error.is_some()) {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    let policy = policy.ok_or("give a policy, or --trust")?;
    let rules = load_rules(&policy, &regulations, school.as_deref())?;
    super::warn_of_missing_columns(&rules, &options);
    if let Some(spec) = vary {
        let spec = parse_vary_spec(&spec)?;
        let bar = progress(quiet, "values");
        let points = simulate::sweep(&rules, &spec, &registers, &options, &mut |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        });
        bar.finish_and_clear();
        let points = points?;
        out!(
            "{}",
            if json {
                versioned("attend-simulate-sweep", &points)?
            } else {
                report::simulate::sweep(&spec.rule, &points)
            }
        );
        return Ok(ExitCode::SUCCESS);
    }
    let bar = progress(quiet, "policies");
    let mut first = simulate::simulate(&rules, &registers, &options, smallest_group)?;
    bar.inc(1);
    let mut second = match &against {
        Some(other) => {
            let other_rules = load_rules(other, &regulations, school.as_deref())?;
            Some(simulate::simulate(&other_rules, &registers, &options, smallest_group)?)
        }
        None => None,
    };
    bar.finish_and_clear();
    if let Some(attribute) = &by {
        let pupils = options.pupils.as_deref().ok_or(
            "--by needs pupil details: give them with --pupils FILE (or a CTF register that carries them)",
        )?;
        if !pupils.names().iter().any(|n| n == attribute) {
            return Err(format!(
                "no pupil has the attribute \"{attribute}\"; the attributes are {}",
                pupils.names().join(", ")
            )
            .into());
        }
        first.breakdown = Some(simulate::breakdown(&first, pupils, attribute, smallest_group));
    }
    if pseudonymise {
        let mut pseudonyms = report::Pseudonyms::new(salt)?;
        for outcome in std::iter::once(&mut first).chain(second.as_mut()) {
            report::simulate::pseudonymise(outcome, &mut pseudonyms);
        }
    }
    let comparison = second.as_ref().map(|s| simulate::compare(&first, s));
    let names =
        (policy.display().to_string(), against.as_ref().map(|a| a.display().to_string()).unwrap_or_default());
    if let Some(path) = &html {
        let page = report::html::report(
            &first,
            second.as_ref().zip(comparison.as_ref()),
            (&names.0, &names.1),
            &stamp(&policy, &first.regulations),
        );
        std::fs::write(path, page).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let text = match (&second, &comparison) {
        (Some(second), Some(comparison)) if json => {
            let both = serde_json::json!({ "first": first, "second": second, "comparison": comparison });
            versioned("attend-simulate-comparison", &both)?
        }
        (Some(second), Some(comparison)) => {
            report::simulate::comparison(&first, second, comparison, (&names.0, &names.1))
        }
        _ if json => versioned("attend-simulate", &first)?,
        _ => report::simulate::outcome(&first),
    };
    out!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// JSON output with its format's name and version first, so a reader can
/// refuse a format it does not know.
fn versioned(format: &str, value: &impl serde::Serialize) -> Result<String, String> {
    let mut object = serde_json::json!({ "format": format, "version": 1 });
    let body = serde_json::to_value(value).map_err(|e| e.to_string())?;
    match (object.as_object_mut(), body) {
        (Some(head), serde_json::Value::Object(fields)) => head.extend(fields),
        (Some(head), other) => {
            head.insert("results".to_string(), other);
        }
        _ => {}
    }
    to_json(&object)
}

/// When, by which attend and from which policy (by the SHA-256 of its bytes)
/// and regulations a report was made.
fn stamp(policy: &std::path::Path, regulations: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = std::fs::read(policy).map(|bytes| Sha256::digest(&bytes)).ok();
    let hash =
        digest.map_or("unreadable".to_string(), |d| d.iter().take(8).map(|b| format!("{b:02x}")).collect());
    format!(
        "Made on {} by attend {} from {} (SHA-256 {hash}…), under {regulations}.",
        super::today(),
        env!("CARGO_PKG_VERSION"),
        policy.display()
    )
}
