//! `attend test`: the shipped policies' tests pass, a one-step change to any
//! threshold of a shipped policy fails at least one of them, and malformed
//! test files get diagnostics (snapshotted).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

use std::path::Path;
use std::process::Command;

fn attend(args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_attend")).args(args).output().expect("attend runs");
    (String::from_utf8_lossy(&out.stdout).into_owned(), out.status.code().unwrap_or(-1))
}

#[test]
fn the_shipped_policy_tests_pass() {
    let (out, code) = attend(&["test", "policies"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(" passed, 0 failed"), "{out}");
}

/// Each change moves one threshold, time or count of Stanborough's policy by one step.
const ONE_STEP: &[(&str, &str)] = &[
    ("attendance < 96%", "attendance < 95%"),
    ("attendance < 96%", "attendance < 97%"),
    ("minimum 20 possible sessions", "minimum 19 possible sessions"),
    ("minimum 20 possible sessions", "minimum 21 possible sessions"),
    ("consecutive school days(N) >= 1", "consecutive school days(N) >= 2"),
    ("consecutive school days(unauthorised) >= 10", "consecutive school days(unauthorised) >= 9"),
    ("consecutive school days(unauthorised) >= 10", "consecutive school days(unauthorised) >= 11"),
    ("school days(I) >= 15", "school days(I) >= 14"),
    ("school days(I) >= 15", "school days(I) >= 16"),
    ("sessions(G, O, U) >= 10", "sessions(G, O, U) >= 9"),
    ("sessions(G, O, U) >= 10", "sessions(G, O, U) >= 11"),
    ("arrival after 08:35", "arrival after 08:36"),
    ("arrival after 08:35", "arrival after 08:34"),
    ("arrival after 09:00 => sanction", "arrival after 09:01 => sanction"),
    ("arrival after 09:00 => sanction", "arrival after 08:59 => sanction"),
    ("absence when absence >= 10%", "absence when absence >= 9%"),
    ("absence when absence >= 10%", "absence when absence >= 11%"),
    ("absence when absence >= 50%", "absence when absence >= 49%"),
];

#[test]
fn moving_any_threshold_of_stanborough_one_step_fails_a_test() {
    let original = std::fs::read_to_string("policies/stanborough.attend").unwrap();
    let tests = std::fs::read_to_string("policies/stanborough.attend-test").unwrap();
    for (from, to) in ONE_STEP {
        assert!(original.contains(from), "the policy no longer says {from}");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("stanborough.attend"), original.replacen(from, to, 1)).unwrap();
        std::fs::write(dir.path().join("stanborough.attend-test"), &tests).unwrap();
        let (out, code) = attend(&["test", dir.path().to_str().unwrap()]);
        assert_eq!(code, 1, "changing `{from}` to `{to}` fails no test:\n{out}");
    }
}

#[test]
fn each_malformed_test_file_gets_its_diagnostic() {
    insta::glob!("fixtures/policy-tests/*.attend-test", |path| {
        let relative = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path);
        let (out, code) = attend(&["test", relative.to_str().unwrap()]);
        assert_eq!(code, 1, "{out}");
        insta::assert_snapshot!(out);
    });
}

#[test]
fn every_test_file_code_has_a_malformed_fixture() {
    let mut shown = String::new();
    for entry in std::fs::read_dir("tests/fixtures/policy-tests").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "attend-test") {
            shown.push_str(&attend(&["test", path.to_str().unwrap()]).0);
        }
    }
    for code in attend::check::all_codes().into_iter().filter(|c| c.id().starts_with('E')) {
        assert!(shown.contains(code.id()), "no fixture in tests/fixtures/policy-tests shows {}", code.id());
    }
}

#[test]
fn a_failing_test_shows_expected_and_actual_and_the_marks() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("policies/stanborough.attend", dir.path().join("stanborough.attend")).unwrap();
    let test = "tests for \"stanborough.attend\"\n\ntest \"a letter a day late\" {\n    pupil \"A\" from 2024-09-02 marks \"OO /\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\\"\n    expect \"attendance concern letter\" on 2024-09-16\n}\n";
    std::fs::write(dir.path().join("late.attend-test"), test).unwrap();
    let (out, code) = attend(&["test", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("FAIL  a letter a day late"), "{out}");
    assert!(out.contains("expected  it fires on 2024-09-16"), "{out}");
    assert!(out.contains("actual    it fires on 2024-09-13"), "{out}");
    assert!(out.contains("marks     Mon 09 Sep /\\"), "{out}");
    assert!(out.ends_with("0 passed, 1 failed\n"), "{out}");
    let (json, _) = attend(&["test", dir.path().to_str().unwrap(), "--format", "json"]);
    let record: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!((record["format"].as_str(), record["version"].as_u64()), (Some("attend-test"), Some(1)));
    assert_eq!(record["failed"], 1);
    let (junit, _) = attend(&["test", dir.path().to_str().unwrap(), "--format", "junit"]);
    assert!(
        junit.contains("<testcase name=\"a letter a day late\"") && junit.contains("<failure message="),
        "{junit}"
    );
    assert!(Path::new(dir.path()).exists());
}
