//! `attend fmt`.

use super::*;
use attend::check;
use attend::syntax;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn fmt(paths: &[PathBuf], check_only: bool) -> Outcome {
    let files = check::policy_files(paths).map_err(|e| e.to_string())?;
    let mut sources = SourceMap::new();
    let mut failed = false;
    for path in &files {
        let (file, problem) =
            syntax::load(&mut sources, path).map_err(|e| format!("{}: {e}", path.display()))?;
        let parsed = match problem {
            Some(p) => Err(vec![p]),
            None => syntax::parse(file, &sources.file(file).text),
        };
        let tree = match parsed {
            Ok(tree) => tree,
            Err(diagnostics) => {
                eprint!("{}", render::human(&sources, &diagnostics, std::io::stderr().is_terminal()));
                failed = true;
                continue;
            }
        };
        let text = &sources.file(file).text;
        let formatted = syntax::format::format(&tree, text);
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
