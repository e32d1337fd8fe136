//! `attend test`.

use super::args::*;
use super::*;
use attend::report::test_results as report;
use attend::testing;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn test(
    paths: Vec<PathBuf>,
    format: TestFormat,
    root: Option<PathBuf>,
    regulations: RegulationArgs,
) -> Outcome {
    let regimes = regimes(&regulations)?;
    let paths = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths };
    let files = testing::test_files(&paths)?;
    if files.is_empty() {
        return Err("no test files (`*.attend-test`) were found".into());
    }
    let mut sources = SourceMap::new();
    let mut results = Vec::new();
    for file in &files {
        results.push(testing::run_file(&mut sources, file, &regimes, root.as_deref())?);
    }
    match format {
        TestFormat::Text => {
            let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            out!("{}", report::human(&results, &sources, colour));
        }
        TestFormat::Json => out!("{}", report::json(&results, &sources)),
        TestFormat::Junit => out!("{}", report::junit(&results, &sources)),
    }
    let (_, failed) = report::counts(&results);
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
