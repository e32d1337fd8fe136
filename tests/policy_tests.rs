//! `attend test`: the shipped policies' tests pass, a one-step change to any
//! threshold of a shipped policy fails at least one of them, and malformed
//! test files get diagnostics (snapshotted).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use std::path::{Path, PathBuf};
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

/// Each threshold a policy file states, moved one step each way: the number
/// compared in a `when` line or a penalty-notice `threshold`, a `minimum`, and
/// the time of a lateness line that is run (a `mark` line is what the register
/// records, not run), outside `medical evidence` (when the school asks for
/// evidence: checked, not run). Returns a description and the changed text of each.
fn one_step_variants(text: &str, unstated: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut in_medical = false;
    let mut rule = String::new();
    for (n, line) in lines.iter().enumerate() {
        let code = line.split('#').next().unwrap_or("");
        if let Some(name) = code.trim_start().strip_prefix("rule \"").and_then(|r| r.split('"').next()) {
            rule = name.to_string();
        }
        // A rule that can never fire (it, or a stage it follows, has a number
        // not stated) has nothing a test could notice.
        if unstated.contains(&rule) && !code.trim_start().starts_with("rule ") {
            continue;
        }
        if code.trim() == "}" {
            rule.clear();
        }
        if code.trim_start().starts_with("medical evidence") {
            in_medical = true;
        }
        if in_medical {
            in_medical = code.trim() != "}";
            continue;
        }
        let tokens: Vec<&str> = code.split_whitespace().collect();
        // A condition with a number not stated never holds: nothing in it can be noticed.
        let measured =
            tokens.iter().any(|t| *t == "when" || *t == "threshold") && !code.contains("not stated");
        for (i, pair) in tokens.windows(2).enumerate() {
            let [word, value] = pair else { continue };
            let compared = measured && [">=", "<=", "<", ">", "="].contains(word);
            let stepped: Vec<String> = if compared || *word == "minimum" {
                step_number(value)
            } else if *word == "after" && code.contains("=>") && !code.contains("=> mark") {
                step_time(value)
            } else {
                Vec::new()
            };
            for to in stepped {
                let mut changed: Vec<String> = tokens.iter().map(|t| t.to_string()).collect();
                changed[i + 1] = to.clone();
                let indent = &line[..line.len() - line.trim_start().len()];
                let mut all: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                all[n] = format!("{indent}{}", changed.join(" "));
                out.push((
                    format!("line {}: {value} -> {to} in `{}`", n + 1, code.trim()),
                    all.join("\n") + "\n",
                ));
            }
        }
    }
    out
}

fn step_number(value: &str) -> Vec<String> {
    let (digits, percent) = value.strip_suffix('%').map_or((value, ""), |d| (d, "%"));
    let Ok(n) = digits.parse::<u32>() else { return Vec::new() };
    [n.checked_sub(1), n.checked_add(1)].into_iter().flatten().map(|m| format!("{m}{percent}")).collect()
}

fn step_time(value: &str) -> Vec<String> {
    let Some((h, m)) = value.split_once(':') else { return Vec::new() };
    let (Ok(h), Ok(m)) = (h.parse::<u32>(), m.parse::<u32>()) else { return Vec::new() };
    let minutes = h * 60 + m;
    [minutes - 1, minutes + 1].iter().map(|t| format!("{:02}:{:02}", t / 60, t % 60)).collect()
}

/// A trust's penalty-notice threshold that is exactly the national one is not
/// run (the national duty is), and a policy's test cannot name a rule the
/// policy does not have; moving such a threshold makes a new rule, which these
/// tests do not look for.
const NOT_RUN: &[&str] = &["threshold sessions(unauthorised) >= 10 over rolling 10 school weeks"];

#[test]
fn moving_any_threshold_of_a_shipped_policy_one_step_fails_a_test() {
    let mut files = attend::policy::policy_files(&[PathBuf::from("policies")]).unwrap();
    files.sort();
    // Rules coverage finds can never fire, in any school.
    let (json, _) = attend(&["test", "policies", "--coverage", "--format", "json"]);
    let record: serde_json::Value = serde_json::from_str(&json).unwrap();
    let unstated: Vec<String> = record["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["coverage"]["items"].as_array().cloned().unwrap_or_default())
        .filter(|i| i["kind"] == "unstated")
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect();
    let (mut tried, mut unnoticed) = (0, Vec::new());
    for file in files {
        let relative = file.strip_prefix("policies").unwrap().to_path_buf();
        let text = std::fs::read_to_string(&file).unwrap();
        for (what, changed) in one_step_variants(&text, &unstated) {
            if NOT_RUN.iter().any(|line| what.contains(line)) {
                continue;
            }
            let dir = tempfile::tempdir().unwrap();
            common::copy_folder(Path::new("policies"), dir.path());
            std::fs::write(dir.path().join(&relative), changed).unwrap();
            let (_, code) = attend(&["test", dir.path().to_str().unwrap()]);
            if code != 1 {
                unnoticed.push(format!("{}: {what}", relative.display()));
            }
            tried += 1;
        }
    }
    assert!(unnoticed.is_empty(), "no test fails when these move one step:\n{}", unnoticed.join("\n"));
    assert!(tried >= 40, "only {tried} thresholds were moved");
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
fn the_shipped_tests_fire_and_hold_back_every_rule() {
    let (out, code) = attend(&["test", "policies", "--coverage-min", "100%"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.matches("(100.00%)").count(), 6, "{out}");
    // Run against each threshold, window, minimum and time moved one step, some test fails.
    assert!(!out.contains("no test notices"), "{out}");
    let (json, _) = attend(&["test", "policies", "--coverage", "--format", "json"]);
    let record: serde_json::Value = serde_json::from_str(&json).unwrap();
    let items = record["files"][0]["coverage"]["items"].as_array().unwrap();
    assert!(
        items.iter().any(|i| i["kind"] == "rule" && !i["steps"].as_array().unwrap().is_empty()),
        "{json}"
    );
}

#[test]
fn coverage_names_what_no_test_exercises_and_fails_below_the_minimum() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("policies/stanborough.attend", dir.path().join("stanborough.attend")).unwrap();
    // One test only: the letter fires; nothing else does, and no moved threshold but the letter's is noticed.
    let test = "tests for \"stanborough.attend\"\n\ntest \"the letter\" {\n    pupil \"A\" from 2024-09-02 marks \"OO /\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\\"\n    expect \"attendance concern letter\" on 2024-09-13\n}\n";
    std::fs::write(dir.path().join("one.attend-test"), test).unwrap();
    let folder = dir.path().to_str().unwrap();
    let (out, code) = attend(&["test", folder, "--coverage"]);
    assert_eq!(code, 0, "the test passes; coverage alone does not fail it:\n{out}");
    assert!(out.contains("\"first day contact\""), "{out}");
    assert!(out.contains("never fired"), "{out}");
    assert!(
        out.contains("no test notices sessions(G, O, U) >= 10 over rolling 10 school weeks -> >= 9"),
        "{out}"
    );
    let (_, code) = attend(&["test", folder, "--coverage-min", "90%"]);
    assert_eq!(code, 1);
    let out = Command::new(env!("CARGO_BIN_EXE_attend"))
        .args(["test", folder, "--coverage-min", "12x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
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
    let mut reader = quick_xml::Reader::from_str(&junit);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("JUnit output is not XML: {e}\n{junit}"),
        }
    }
}
