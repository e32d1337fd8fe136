//! `attend fmt`.

use super::*;
use attend::check;
use attend::syntax;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn fmt(paths: &[PathBuf], check_only: bool) -> Outcome {
    // Policies and, in folders, their test files; a file named is taken as it is.
    let mut files = check::policy_files(paths).map_err(|e| e.to_string())?;
    let folders: Vec<PathBuf> = paths.iter().filter(|p| p.is_dir()).cloned().collect();
    files.extend(attend::testing::test_files(&folders)?);
    let mut sources = SourceMap::new();
    let mut failed = false;
    for path in &files {
        let (file, problem) =
            syntax::load(&mut sources, path).map_err(|e| format!("{}: {e}", path.display()))?;
        let text = &sources.file(file).text;
        let is_test = path.extension().is_some_and(|e| e == "attend-test");
        let formatted = match problem {
            Some(p) => Err(vec![p]),
            None if is_test => {
                syntax::parse_tests(file, text).map(|t| syntax::format::format_tests(&t, text))
            }
            None => syntax::parse(file, text).map(|t| syntax::format::format(&t, text)),
        };
        let formatted = match formatted {
            Ok(formatted) => formatted,
            Err(diagnostics) => {
                eprint!("{}", render::human(&sources, &diagnostics, std::io::stderr().is_terminal()));
                failed = true;
                continue;
            }
        };
        if formatted == *text {
            continue;
        }
        if check_only {
            outln!("would reformat {}", path.display());
            failed = true;
        } else {
            std::fs::write(path, &formatted).map_err(|e| format!("{}: {e}", path.display()))?;
            outln!("formatted {}", path.display());
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
