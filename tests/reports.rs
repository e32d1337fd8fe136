//! Reports on the whole school: what the policy schedules, the school days
//! each falls due in a run, and how the published policy says it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use attend::compile;
use attend::regulations::Regimes;
use attend::simulate;
use common::registers::*;

const POLICY: &str = "report \"attendance figures\" to \"senior leaders\" every 2 school weeks\n\
report \"attendance figures\" to \"governors\" at the end of each term\n\
report \"attendance\" to \"parents\" not stated\n\
report \"registers not completed\" to not stated every 1 school day\n";

#[test]
fn each_report_falls_due_on_its_school_days() {
    // Four weeks of school from Monday 2 September 2024, one term.
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.attend");
    std::fs::write(&policy, format!("{HEADER}{POLICY}")).unwrap();
    let register = dir.path().join("register.csv");
    std::fs::write(&register, format!("pupil,date,session,mark\n{}", filler(20))).unwrap();
    let rules = compile::load(&policy, &Regimes::embedded(), None).unwrap();
    let outcome = simulate::simulate(&rules, &[register], &attend::engine::RunOptions::new(false)).unwrap();
    let due: Vec<(&str, Vec<String>)> = outcome
        .reports
        .iter()
        .map(|r| (r.to.as_str(), r.dates.iter().map(|d| d.to_string()).collect()))
        .collect();
    assert_eq!(
        due,
        [
            // The last school day of every second week.
            ("senior leaders", vec!["2024-09-13".to_string(), "2024-09-27".to_string()]),
            // The register's one term ends on its last day.
            ("governors", vec!["2024-09-27".to_string()]),
            ("parents", vec![]),
            // Every school day, to someone the policy does not name.
            (
                "not stated",
                (2..=27)
                    .filter(|d| ![7, 8, 14, 15, 21, 22].contains(d))
                    .map(|d| format!("2024-09-{d:02}"))
                    .collect()
            ),
        ]
    );
    assert_eq!(outcome.reports[2].when, None);
}

#[test]
fn the_published_policy_says_who_is_told_and_how_often() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.attend");
    std::fs::write(&policy, format!("{HEADER}{POLICY}")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attend"))
        .args(["doc", policy.to_str().unwrap(), "--format", "markdown", "--as-of", "2026-11-23"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("## How we report on attendance"), "{text}");
    assert!(text.contains("We report attendance figures to governors at the end of each term."), "{text}");
    assert!(text.contains("We report attendance figures to senior leaders every 2 school weeks."), "{text}");
    assert!(text.contains("We report attendance to parents regularly (the policy does not say how often)."));
    assert!(text.contains(
        "We report registers not completed to those it concerns (the policy does not say whom) every day."
    ));
}

#[test]
fn a_report_given_twice_is_refused_and_the_formatter_keeps_each() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.attend");
    std::fs::write(
        &policy,
        format!("{HEADER}{POLICY}{}", "report \"attendance\" to \"parents\" every 6 school weeks\n"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attend"))
        .args(["check", policy.to_str().unwrap(), "--as-of", "2026-11-23", "--format", "json"])
        .output()
        .unwrap();
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(json.contains("report \\\"attendance\\\" to \\\"parents\\\""), "{json}");
    assert_eq!(out.status.code(), Some(1));
    let mut sources = attend::source::SourceMap::new();
    let file = sources.add("p.attend", POLICY.to_string());
    let tree = attend::syntax::parse(file, POLICY).unwrap();
    assert_eq!(attend::syntax::format::format(&tree, POLICY), POLICY);
}
