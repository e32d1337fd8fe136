//! The `attend` command line. It parses arguments, calls the library and maps
//! outcomes to exit codes: 0 clean, 1 findings, 2 usage or I/O errors.

#[macro_use]
mod cli;

use attend::check;
use attend::regulations::Regimes;
use clap::Parser;
use cli::args::{Cli, Command};
use cli::{regimes, today};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    dispatch(cli).unwrap_or_else(cli::Failure::report)
}

fn dispatch(cli: Cli) -> cli::Outcome {
    match cli.command {
        Command::Check { paths, format, deny, regulations, today, selection, root } => {
            cli::check::check(paths, format, deny, regulations, today, selection, root)
        }
        Command::Fmt { paths, check, diff } => cli::fmt::fmt(&paths, check, diff),
        Command::Compile { policy, output, school, regulations } => {
            cli::run::compile(policy, output, school, regulations)
        }
        Command::Run { policy, registers, format, summary, quiet, read } => {
            cli::run::run(policy, registers, format, summary, quiet, read)
        }
        Command::Test { paths, format, root, coverage, coverage_min, regulations } => cli::test::test(
            paths,
            format,
            root,
            coverage || coverage_min.is_some(),
            coverage_min,
            regulations,
        ),
        Command::Why(args) => cli::why::run(args),
        Command::Simulate(args) => cli::simulate::simulate(args),
        Command::Explain { code: None } => {
            for code in check::all_codes() {
                let info = code.info();
                outln!("{}  {:32} {}", info.id, info.name, info.summary);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { code: Some(code) } => {
            let Some(code) = check::code_by_id(&code) else {
                return Err(format!(
                    "there is no diagnostic code \"{code}\"; codes look like P001, T003 or C101"
                )
                .into());
            };
            out!("{}", check::explain(code, &Regimes::embedded()));
            Ok(ExitCode::SUCCESS)
        }
        Command::Doc { policy, format, output, school, regulations, today: day } => {
            cli::doc::doc(policy, format, output, school, regulations, day)
        }
        Command::Lsp { regulations, today: day } => {
            let options = attend::check::CheckOptions {
                regimes: regimes(&regulations)?,
                today: day.unwrap_or_else(today),
                selection: attend::check::Selection::all(),
                root: None,
            };
            attend::lsp::serve(options).map_err(|e| e.to_string())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let mut command = <cli::args::Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "attend", &mut script);
            out!("{}", String::from_utf8_lossy(&script));
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(<cli::args::Cli as clap::CommandFactory>::command())
                .render(&mut page)
                .map_err(|e| e.to_string())?;
            out!("{}", String::from_utf8_lossy(&page));
            Ok(ExitCode::SUCCESS)
        }
        Command::Codes { regime, on, regulations } => {
            let regimes = regimes(&regulations)?;
            let chosen = match (&regime, on) {
                (Some(name), _) => regimes.named(name).ok_or_else(|| {
                    format!("there is no regime \"{name}\"; known: {}", regimes.names().join(", "))
                })?,
                (None, date) => {
                    let date = date.unwrap_or_else(today);
                    regimes.in_force_on(date).ok_or_else(|| format!("no regime is in force on {date}"))?
                }
            };
            out!("{}", attend::regulations::code_table(chosen, on));
            Ok(ExitCode::SUCCESS)
        }
    }
}
