//! Findings a policy accepts with a comment and a reason: CI passes, and
//! machines still see them, marked as suppressed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

use std::process::{Command, Output};

fn check(path: &std::path::Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attend"))
        .args(["check", path.to_str().unwrap(), "--today", "2026-11-23"])
        .args(extra)
        .output()
        .unwrap()
}

fn policy(comment: &str, alone: bool) -> (tempfile::TempDir, std::path::PathBuf) {
    let text =
        std::fs::read_to_string("tests/fixtures/compliance/fail/c701-school-week-short.attend").unwrap();
    let text = if alone {
        text.replace("    ends 14:50", &format!("    {comment}\n    ends 14:50"))
    } else {
        text.replace("    ends 14:50", &format!("    ends 14:50  {comment}"))
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.attend");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn an_accepted_finding_passes_ci_and_is_reported_as_suppressed() {
    let reason = "the governors kept a 30h50 week (minutes of 3 March 2026)";
    for alone in [false, true] {
        let (_dir, path) = policy(&format!("# attend: allow C701 because {reason}"), alone);
        let out = check(&path, &["--deny", "warnings"]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
        assert!(
            String::from_utf8_lossy(&out.stdout)
                .contains("0 warnings (1 accepted in the policy with a reason)")
        );
        let json: serde_json::Value =
            serde_json::from_slice(&check(&path, &["--format", "json"]).stdout).unwrap();
        assert_eq!(json["diagnostics"][0]["code"], "C701");
        assert_eq!(json["diagnostics"][0]["suppressed"], reason);
        assert_eq!(json["summary"]["suppressed"], 1);
        let sarif: serde_json::Value =
            serde_json::from_slice(&check(&path, &["--format", "sarif"]).stdout).unwrap();
        let suppression = &sarif["runs"][0]["results"][0]["suppressions"][0];
        assert_eq!(
            (suppression["kind"].as_str(), suppression["justification"].as_str()),
            (Some("inSource"), Some(reason))
        );
        let github = check(&path, &["--format", "github"]);
        assert!(github.stdout.is_empty(), "{}", String::from_utf8_lossy(&github.stdout));
    }
}

#[test]
fn a_comment_without_a_reason_or_for_another_finding_accepts_nothing() {
    let (_dir, path) = policy("# attend: allow C701", false);
    let json: serde_json::Value =
        serde_json::from_slice(&check(&path, &["--format", "json"]).stdout).unwrap();
    let codes: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["C701", "N021"]);
    let (_dir, path) = policy("# attend: allow C101 because of something else", false);
    let json: serde_json::Value =
        serde_json::from_slice(&check(&path, &["--format", "json"]).stdout).unwrap();
    let codes: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["C701", "N022"]);
}
