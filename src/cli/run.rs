//! `attend compile` and `attend run`.

use super::args::*;
use super::output::Output;
use super::*;
use attend::engine;
use attend::report;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn compile(
    policy: PathBuf,
    output: Option<PathBuf>,
    school: Option<String>,
    regulations: RegulationArgs,
) -> Outcome {
    let rules = load_rules(&policy, &regulations, school.as_deref())?;
    let json = to_json(&rules)?;
    match output {
        Some(path) => std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?,
        None => out!("{json}"),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(
    policy: PathBuf,
    registers: Vec<PathBuf>,
    format: RunFormat,
    summary: bool,
    quiet: bool,
    read: ReadArgs,
) -> Outcome {
    let ReadArgs { input, pseudonymise, salt, school, regulations } = read;
    let rules = load_rules(&policy, &regulations, school.as_deref())?;
    let options = engine::RunOptions { summaries: summary, ..run_options(&input, &registers)? };
    super::warn_of_missing_columns(&rules, &options);
    let mut pseudonyms = if pseudonymise { Some(report::Pseudonyms::new(salt)?) } else { None };
    // JSON lines and CSV are written as pupils are finished. Table output
    // needs every row to size its columns, and pseudonymised output is put in
    // the pseudonyms' order, so both are kept until the end.
    let streaming = pseudonyms.is_none() && !matches!(format, RunFormat::Table);
    let mut writer = Output::new();
    match format {
        RunFormat::Csv => writer.write(report::CSV_HEADER),
        // The first line names the format, so a reader can refuse one it does not know.
        RunFormat::Jsonl => writer.write(report::JSONL_HEADER),
        RunFormat::Table => {}
    }
    let mut kept: Vec<engine::Event> = Vec::new();
    let bar = spinner(quiet, "pupils evaluated");
    let mut rows = String::new();
    let mut sink = |events: Vec<engine::Event>| {
        bar.inc(1);
        if matches!(format, RunFormat::Csv) && streaming {
            rows.clear();
            events.iter().for_each(|e| report::push_csv_event(&mut rows, e));
            writer.write(&rows);
            return;
        }
        for event in events {
            match format {
                RunFormat::Jsonl if streaming => writer.write(&report::jsonl_event(&event)),
                _ => kept.push(event),
            }
        }
    };
    let result = engine::run(&rules, &registers, &options, &mut sink);
    bar.finish_and_clear();
    let mut output = result?;
    if let Some(note) = &output.regulations_note {
        eprintln!("warning: {note}");
    }
    output.events = kept;
    if let Some(p) = pseudonyms.as_mut() {
        p.apply(&mut output);
    }
    match format {
        RunFormat::Table => writer.write(&report::human(&output, summary)),
        RunFormat::Jsonl => {
            if !streaming {
                output.events.iter().for_each(|e| writer.write(&report::jsonl_event(e)));
            }
            report::write_jsonl_tail(&output, summary, &mut |text| writer.write(text))
        }
        RunFormat::Csv => {
            if !streaming {
                let mut rows = String::new();
                output.events.iter().for_each(|e| report::push_csv_event(&mut rows, e));
                writer.write(&rows);
            }
            report::write_csv_tail(&output, summary, &mut |text| writer.write(text));
            eprint!("{}{}", report::quality_text(&output.quality), report::skipped_text(&output.skipped));
        }
    }
    writer.finish();
    Ok(ExitCode::SUCCESS)
}
