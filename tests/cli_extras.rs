//! What the command line gives besides checking and running: settings from
//! `attend.toml`, versioned JSON, completion scripts and the manual page.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use common::process::{attend, stdout};

#[test]
fn completions_and_the_manual_page_are_printed() {
    let out = attend(&["completions", "bash"]);
    assert!(out.status.success() && stdout(&out).contains("_attend()"), "{}", stdout(&out));
    let out = attend(&["completions", "zsh"]);
    assert!(out.status.success() && stdout(&out).contains("#compdef attend"));
    let out = attend(&["man"]);
    assert!(out.status.success() && stdout(&out).contains(".TH attend 1"), "{}", stdout(&out));
    assert_eq!(attend(&["completions", "cmd"]).status.code(), Some(2));
}

#[test]
fn json_outputs_name_their_format_and_version() {
    let out = attend(&["check", "policies", "--today", "2026-11-23", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!((json["format"].as_str(), json["version"].as_u64()), (Some("attend-check"), Some(1)));
    let out = attend(&[
        "simulate",
        "policies/stanborough.attend",
        "--register",
        "examples/ctf-sample.xml",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!((json["format"].as_str(), json["version"].as_u64()), (Some("attend-simulate"), Some(1)));
    assert!(json["rules"].is_array());
    let out = attend(&[
        "run",
        "policies/stanborough.attend",
        "--register",
        "examples/ctf-sample.xml",
        "--format",
        "jsonl",
    ]);
    let first: serde_json::Value = serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(
        (first["record"].as_str(), first["format"].as_str(), first["version"].as_u64()),
        (Some("header"), Some("attend-run"), Some(1))
    );
}

#[test]
fn an_attend_toml_above_the_policies_sets_what_check_does() {
    let dir = tempfile::tempdir().unwrap();
    let policies = dir.path().join("policies");
    std::fs::create_dir(&policies).unwrap();
    std::fs::copy(
        "tests/fixtures/compliance/fail/c701-school-week-short.attend",
        policies.join("oak.attend"),
    )
    .unwrap();
    let folder = policies.to_str().unwrap();
    let check = || attend(&["check", folder, "--today", "2026-11-23"]).status.code();
    // A warning alone passes, until the project denies warnings.
    assert_eq!(check(), Some(0));
    std::fs::write(dir.path().join("attend.toml"), "[check]\ndeny-warnings = true\n").unwrap();
    assert_eq!(check(), Some(1));
    // Leaving the check out passes again; the command line still wins.
    std::fs::write(dir.path().join("attend.toml"), "[check]\ndeny-warnings = true\nignore = [\"C701\"]\n")
        .unwrap();
    assert_eq!(check(), Some(0));
    assert_eq!(attend(&["check", folder, "--today", "2026-11-23", "--ignore", "C1"]).status.code(), Some(1));
    // An unknown setting is refused, by name.
    std::fs::write(dir.path().join("attend.toml"), "[check]\ndeny-warning = true\n").unwrap();
    let out = attend(&["check", folder, "--today", "2026-11-23"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("deny-warning"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // `today` (or `as-of`) sets the day judged on: before the policy takes
    // effect on 2025-09-01, only its review date's warning is left, and so on.
    let dated = |key: &str, day: &str| {
        std::fs::write(dir.path().join("attend.toml"), format!("[check]\n{key} = {day}\n")).unwrap();
        stdout(&attend(&["check", folder, "--format", "json"]))
    };
    assert_eq!(dated("today", "2026-11-23"), dated("as-of", "2026-11-23"));
    assert_ne!(dated("today", "2026-11-23"), dated("today", "2019-01-01"));
}
