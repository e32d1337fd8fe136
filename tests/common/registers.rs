//! Small registers for engine tests: rows written compactly, a policy run
//! over them, and the firings of a rule.

use attend::compile;
use attend::engine::{self, Event, RunOptions, RunOutput};
use attend::register::{Mapping, Pupils};
use attend::regulations::Regimes;
use chrono::{Datelike, NaiveDate, Weekday};

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Rows for one pupil: two marks (AM, PM) a weekday from `start`, weekends
/// skipped; spaces in `marks` are ignored; `..` leaves a day without marks.
pub fn rows(pupil: &str, start: &str, marks: &str) -> String {
    let chars: Vec<char> = marks.chars().filter(|c| *c != ' ').collect();
    let mut out = String::new();
    let mut date = d(start);
    for pair in chars.chunks(2) {
        while matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            date = date.succ_opt().unwrap();
        }
        for (session, c) in ["AM", "PM"].iter().zip(pair) {
            if *c != '.' {
                out.push_str(&format!("{pupil},{date},{session},{c}\n"));
            }
        }
        date = date.succ_opt().unwrap();
    }
    out
}

pub const HEADER: &str = "school \"Test School\" {\n    regulations england-2024\n    effective 2024-09-01\n}\n\
register am { opens 08:40 closes 09:00 }\nregister pm { opens 13:00 closes 13:15 }\n";

pub fn run(policy: &str, register: &str) -> RunOutput {
    run_with_pupils(policy, register, None)
}

/// As [`run`], with a pupils file's text.
pub fn run_with_pupils(policy: &str, register: &str, pupils: Option<&str>) -> RunOutput {
    run_with_files(policy, register, pupils, None)
}

/// As [`run`], with a pupils file's and a records file's text.
pub fn run_with_files(
    policy: &str,
    register: &str,
    pupils: Option<&str>,
    records: Option<&str>,
) -> RunOutput {
    run_files(policy, register, pupils, records, false)
}

/// As [`run_with_pupils`], each event with the explanation of its firing.
pub fn run_explained(policy: &str, register: &str, pupils: Option<&str>) -> RunOutput {
    run_files(policy, register, pupils, None, true)
}

fn run_files(
    policy: &str,
    register: &str,
    pupils: Option<&str>,
    records: Option<&str>,
    explain: bool,
) -> RunOutput {
    let dir = tempfile::tempdir().unwrap();
    let policy_path = dir.path().join("policy.attend");
    std::fs::write(&policy_path, format!("{HEADER}{policy}")).unwrap();
    let register_path = dir.path().join("register.csv");
    std::fs::write(&register_path, format!("pupil,date,session,mark\n{register}")).unwrap();
    let rules = match compile::load(&policy_path, &Regimes::embedded(), None) {
        Ok(rules) => rules,
        Err(_) => panic!("the test policy does not compile"),
    };
    let mut options = RunOptions::new(false);
    options.explain = explain;
    if let Some(text) = pupils {
        let path = dir.path().join("pupils.csv");
        std::fs::write(&path, text).unwrap();
        let Ok(pupils) = Pupils::load(&path, &Mapping::default()) else {
            panic!("the test pupils file does not read")
        };
        options.pupils = Some(std::sync::Arc::new(pupils));
    }
    if let Some(text) = records {
        let path = dir.path().join("records.csv");
        std::fs::write(&path, text).unwrap();
        let mut pupils = options.pupils.as_deref().cloned().unwrap_or_default();
        let Ok(()) = pupils.add_records(&path, &Mapping::default()) else {
            panic!("the test records file does not read")
        };
        options.pupils = Some(std::sync::Arc::new(pupils));
    }
    match engine::run_collecting(&rules, &[register_path], &options) {
        Ok(output) => output,
        Err(_) => panic!("the test register does not read"),
    }
}

/// (pupil, date) of each firing of the rule named `rule`.
pub fn fired(output: &RunOutput, rule: &str) -> Vec<(String, NaiveDate)> {
    let mut out: Vec<(String, NaiveDate)> =
        output.events.iter().filter(|e: &&Event| e.rule == rule).map(|e| (e.pupil.clone(), e.date)).collect();
    out.dedup();
    out
}

/// Ten weekdays from Monday 2 September 2024, all present, for the filler.
pub fn filler(days: usize) -> String {
    rows("F", "2024-09-02", &"/\\".repeat(days))
}

/// The codes and messages of the diagnostics a policy (after [`HEADER`]) is
/// refused with; panics if it compiles.
pub fn refused(policy: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.attend");
    std::fs::write(&path, format!("{HEADER}{policy}")).unwrap();
    let Err(compile::CompileError::Policy { diagnostics, .. }) =
        compile::load(&path, &Regimes::embedded(), None)
    else {
        panic!("the policy compiles:\n{policy}")
    };
    diagnostics.iter().map(|d| (d.code.id().to_string(), d.message.clone())).collect()
}
