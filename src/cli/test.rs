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
    coverage: bool,
    coverage_min: Option<u32>,
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
        results.push(testing::run_file(&mut sources, file, &regimes, root.as_deref(), coverage)?);
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
    let short = coverage_min.is_some_and(|min| {
        results.iter().filter_map(|r| r.coverage.as_ref()).any(|c| c.hundredths() < u64::from(min))
    });
    if let (true, Some(min)) = (short, coverage_min) {
        eprintln!("coverage is below {}.{:02}% for at least one policy", min / 100, min % 100);
    }
    Ok(if failed > 0 || short { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
