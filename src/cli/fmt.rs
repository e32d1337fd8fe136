//! `attend fmt`.

use super::*;
use attend::check;
use attend::syntax;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn fmt(paths: &[PathBuf], check_only: bool, diff: bool) -> Outcome {
    if paths.iter().any(|p| p.as_os_str() == "-") {
        if paths.len() > 1 {
            return Err("`-` (standard input) is formatted alone: give no other paths".into());
        }
        return stdin(check_only, diff);
    }
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
            None => formatted(file, text, is_test),
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
        if diff {
            out!("{}", super::diff::unified(&path.display().to_string(), text, &formatted));
            failed = true;
        } else if check_only {
            outln!("would reformat {}", path.display());
            failed = true;
        } else {
            std::fs::write(path, &formatted).map_err(|e| format!("{}: {e}", path.display()))?;
            outln!("formatted {}", path.display());
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A policy's or a test file's text in the canonical layout.
fn formatted(
    file: attend::source::FileId,
    text: &str,
    is_test: bool,
) -> Result<String, Vec<attend::diagnostics::Diagnostic>> {
    if is_test {
        syntax::parse_tests(file, text).map(|t| syntax::format::format_tests(&t, text))
    } else {
        syntax::parse(file, text).map(|t| syntax::format::format(&t, text))
    }
}

/// Standard input formatted to standard output (a test file when it starts
/// with `tests for`); with `--check` or `--diff`, nothing but the verdict.
fn stdin(check_only: bool, diff: bool) -> Outcome {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
        .map_err(|e| format!("standard input: {e}"))?;
    let mut sources = SourceMap::new();
    let (text, problem) = syntax::decode(attend::source::FileId(0), &bytes);
    let file = sources.add("<stdin>", text);
    let text = sources.file(file).text.clone();
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'));
    let is_test = first.is_some_and(|l| l.starts_with("tests for"));
    let result = match problem {
        Some(p) => Err(vec![p]),
        None => formatted(file, &text, is_test),
    };
    let formatted = match result {
        Ok(f) => f,
        Err(diagnostics) => {
            eprint!("{}", render::human(&sources, &diagnostics, std::io::stderr().is_terminal()));
            return Ok(ExitCode::from(1));
        }
    };
    let changed = formatted != text;
    if diff {
        if changed {
            out!("{}", super::diff::unified("<stdin>", &text, &formatted));
        }
    } else if check_only {
        if changed {
            outln!("would reformat <stdin>");
        }
    } else {
        out!("{formatted}");
        return Ok(ExitCode::SUCCESS);
    }
    Ok(if changed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
