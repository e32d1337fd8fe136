//! Shared by the register targets: the rule set they run, and a run over
//! bytes written to a file, strict and lenient, with the properties each
//! must keep.

use attend::compile::{self, RuleSet};
use attend::engine::{self, RunError, RunOptions};
use attend::regulations::Regimes;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        let policy = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies/stanborough.attend");
        compile::load(&policy, &Regimes::embedded(), None).unwrap_or_else(|e| panic!("{e}"))
    })
}

/// A run's outcome as text: its output, or the first problem.
fn outcome(result: Result<engine::RunOutput, RunError>) -> String {
    match result {
        Ok(output) => format!("{}\n{}", attend::report::jsonl(&output, true), output.skipped.summary()),
        Err(RunError::Register(problems)) => problems.first().map(|p| p.to_string()).unwrap_or_default(),
        Err(e) => e.to_string(),
    }
}

/// A file of the process's own for the register bytes.
fn scratch(extension: &str) -> PathBuf {
    let dir = if Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
    dir.join(format!("attend-fuzz-{}.{extension}", std::process::id()))
}

/// A lenient run's counts add up: each kind of skipped row shows between one
/// and all of its examples, and no pupil has more sessions than possible.
fn keeps_counts(output: &engine::RunOutput) {
    for (kind, count) in &output.skipped.counts {
        let shown = output.skipped.examples.get(kind).map_or(0, Vec::len) as u64;
        assert!(shown >= 1 && shown <= *count, "{kind:?}: {shown} examples of {count}");
    }
    let summed: u64 = output.summaries.iter().map(|s| u64::from(s.possible)).sum();
    let parts: u64 =
        output.summaries.iter().map(|s| u64::from(s.present) + u64::from(s.authorised) + u64::from(s.unauthorised)).sum();
    assert!(parts <= summed, "present and absent sessions exceed the possible ones");
}

pub fn run_register(bytes: &[u8], extension: &str) {
    let path = scratch(extension);
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let files = [path.clone()];
    // Read whole, with pass 2 from marks pass 1 packed, and cut into parts of
    // a third of the file, each read again: the same outcome.
    let part_bytes = 1 + bytes.len() as u64 / 3;
    for lenient in [false, true] {
        let whole = engine::run_collecting(rules(), &files, &RunOptions::new(lenient));
        let options = RunOptions { part_bytes, packed_bytes: 0, ..RunOptions::new(lenient) };
        let cut = engine::run_collecting(rules(), &files, &options);
        match &whole {
            // A strict run that refuses the file says where.
            Err(RunError::Register(problems)) => {
                let first = problems.first().unwrap_or_else(|| panic!("a refused register names no problem"));
                assert!(first.line >= 1 && first.column >= 1, "{first}");
            }
            Ok(output) if lenient => keeps_counts(output),
            Ok(_) | Err(_) => {}
        }
        assert_eq!(outcome(whole), outcome(cut), "parts of {part_bytes} bytes, read again, change the outcome");
    }
    let _ = std::fs::remove_file(&path);
}
