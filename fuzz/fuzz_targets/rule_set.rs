//! The rule-set loader on any bytes; a rule set it accepts must run.
#![no_main]

use attend::compile;
use attend::engine::{self, RunOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(rules) = compile::read_rule_set(bytes) else { return };
    let path = std::env::temp_dir().join(format!("attend-fuzz-rules-{}.csv", std::process::id()));
    let register = "pupil,date,session,mark,minutes_late\nA,2025-09-01,AM,L,5\nA,2025-09-01,PM,O,\nA,2025-09-02,AM,/,\n";
    if std::fs::write(&path, register).is_ok() {
        let _ = engine::run_collecting(&rules, &[path.clone()], &RunOptions::new(true));
        let _ = std::fs::remove_file(&path);
    }
});
