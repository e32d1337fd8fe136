//! `attend why`: every firing explained, the marks an explanation lists add
//! up to the value it reports, and the command's output (snapshotted).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

use attend::compile;
use attend::engine::{self, RunOptions};
use attend::regulations::Regimes;
use attend::vocabulary::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const REGISTER: &str = "examples/stanborough-2024-25-synthetic.csv";

fn attend(args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_attend")).args(args).output().expect("attend runs");
    (String::from_utf8_lossy(&out.stdout).into_owned(), out.status.code().unwrap_or(-1))
}

#[test]
fn the_marks_an_explanation_lists_add_up_to_the_value_it_reports() {
    let rules = compile::load(Path::new("policies/stanborough.attend"), &Regimes::embedded(), None).unwrap();
    let options = RunOptions { explain: true, ..RunOptions::new(false) };
    let output = engine::run_collecting(&rules, &[PathBuf::from(REGISTER)], &options).unwrap();
    let (mut sessions, mut shares, mut days) = (0, 0, 0);
    for event in &output.events {
        let explanation = event.explanation.as_ref().expect("every event of an explaining run is explained");
        for part in &explanation.parts {
            let counted: u64 = part.counted.values().sum();
            match (part.value, &part.possible) {
                (Value::Share { part: attending, possible }, Some(listed)) => {
                    assert_eq!(counted, attending, "{}: {part:?}", event.rule);
                    assert_eq!(listed.values().sum::<u64>(), possible, "{}: {part:?}", event.rule);
                    shares += 1;
                }
                (Value::Count { n, .. }, None) if part.comparison.starts_with("sessions") => {
                    assert_eq!(counted, n, "{}: {part:?}", event.rule);
                    sessions += 1;
                }
                (Value::Count { n, .. }, None)
                    if part.comparison.starts_with("school days")
                        || part.comparison.starts_with("consecutive school days") =>
                {
                    assert_eq!(counted, n, "{}: {part:?}", event.rule);
                    days += 1;
                }
                _ => {}
            }
            assert!(part.from <= part.to, "{part:?}");
        }
    }
    // The policy's letters, penalty thresholds and notifications all fire on this register.
    assert!(sessions > 0 && shares > 0 && days > 0, "{sessions} {shares} {days}");
}

#[test]
fn why_explains_a_penalty_notice_and_a_letter() {
    let (penalty, code) = attend(&[
        "why",
        "policies/stanborough.attend",
        "--register",
        REGISTER,
        "--pupil",
        "S000004",
        "--date",
        "2024-10-31",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("penalty_notice", penalty);
    let (letter, code) = attend(&[
        "why",
        "policies/stanborough.attend",
        "--register",
        REGISTER,
        "--pupil",
        "S000001",
        "--rule",
        "attendance concern letter",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("letter", letter);
}

#[test]
fn why_json_is_a_versioned_record() {
    let (json, code) = attend(&[
        "why",
        "policies/stanborough.attend",
        "--register",
        REGISTER,
        "--pupil",
        "S000004",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let record: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(record["format"], "attend-why");
    assert_eq!(record["version"], 1);
    let firings = record["firings"].as_array().unwrap();
    assert!(firings.iter().any(|f| f["rule"] == "national penalty-notice threshold"));
    for firing in firings {
        assert!(firing["firing"].is_string() && firing["condition"].is_string(), "{firing}");
    }
}

#[test]
fn why_refuses_a_pupil_not_in_the_register_and_a_rule_not_in_the_policy() {
    let base = ["why", "policies/stanborough.attend", "--register", REGISTER];
    let (_, code) = attend(&[&base[..], &["--pupil", "NOBODY"]].concat());
    assert_eq!(code, 2);
    let out = Command::new(env!("CARGO_BIN_EXE_attend"))
        .args([&base[..], &["--pupil", "S000004", "--rule", "no such rule"]].concat())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the policy has no rule \"no such rule\""), "{stderr}");
}

#[test]
fn why_explains_a_compliance_finding_with_its_statement_and_provision() {
    let base = ["why", "policies/jam-academy.attend", "--finding", "C201", "--as-of", "2026-11-23"];
    let (text, code) = attend(&base);
    assert_eq!(code, 0);
    insta::assert_snapshot!("finding", text);
    let (json, _) = attend(&[&base[..], &["--format", "json"]].concat());
    let record: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!((record["format"].as_str(), record["code"].as_str()), (Some("attend-why"), Some("C201")));
    let finding = &record["findings"][0];
    assert_eq!(finding["statement"], "first £60 within 21 days, £120 within 28 days");
    assert!(finding["citation"]["provision"].as_str().unwrap().contains("regulation 4"), "{finding}");
    let (_, code) = attend(&["why", "policies/jam-academy.attend", "--finding", "Z999"]);
    assert_eq!(code, 2);
}
