//! Registers and outputs under attack or misuse: data at the edges of the
//! calendar, pupil ids that must not leak, cells a spreadsheet would run, rows
//! that conflict. Each ends in a result or a problem with its place, quickly.
//! CTF files that bend the format are in hostile_ctf.rs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use common::process::{attend_quickly, text};
use std::path::Path;
use std::time::Duration;

/// Register data at the edge of the calendar ends in a result or a problem,
/// never a panic.
#[test]
fn a_ctf_start_date_near_the_year_9999_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let ctf = dir.path().join("edge.xml");
    let sample = std::fs::read_to_string("examples/ctf-sample.xml").unwrap();
    std::fs::write(&ctf, sample.replace("2025-09-01", "9999-12-20")).unwrap();
    let (out, took) =
        attend_quickly(&["run", "policies/stanborough.attend", "--register", ctf.to_str().unwrap()]);
    assert!(took < Duration::from_secs(1));
    assert!(!text(&out).contains("panicked"), "{}", text(&out));
    assert!(out.status.code().is_some_and(|c| c <= 2), "{}", text(&out));
}

/// Minutes late that would put the arrival past midnight are a data-quality
/// finding; they never wrap round to an early-morning time.
#[test]
fn lateness_past_midnight_is_a_finding_not_an_early_arrival() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("late.csv");
    std::fs::write(
        &register,
        "pupil,date,session,mark,minutes_late\nA,2025-09-03,AM,L,1000\nA,2025-09-03,PM,/,\n",
    )
    .unwrap();
    let (out, _) =
        attend_quickly(&["run", "policies/stanborough.attend", "--register", register.to_str().unwrap()]);
    let output = text(&out);
    assert!(output.contains("past midnight"), "{output}");
    assert!(!output.contains("lateness:"), "{output}");
}

const SALT: &str = "a secret salt of some length";

/// A register whose pupil ids are easy to search for: two pupils over a week,
/// with an unreadable row and a second mark for one session.
fn known_ids_register(dir: &Path) -> std::path::PathBuf {
    let mut rows = String::from("pupil,date,session,mark,minutes_late\n");
    for pupil in ["SECRETID001", "SECRETID002"] {
        for day in 1..=5 {
            rows.push_str(&format!("{pupil},2025-09-0{day},AM,O,\n{pupil},2025-09-0{day},PM,L,20\n"));
        }
    }
    rows.push_str("SECRETID001,2025-09-01,AM,/,\n"); // a second mark for a session
    rows.push_str("SECRETID002,2025-13-40,AM,/,\n"); // an unreadable date
    let path = dir.join("known.csv");
    std::fs::write(&path, rows).unwrap();
    path
}

#[test]
fn pseudonymised_output_never_shows_a_real_id() {
    let dir = tempfile::tempdir().unwrap();
    let register = known_ids_register(dir.path());
    let register = register.to_str().unwrap();
    let policy = "policies/stanborough.attend";
    let html = dir.path().join("report.html");
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for format in ["table", "jsonl", "csv"] {
        for mode in [vec!["--lenient"], vec![]] {
            let mut args = vec!["run", policy, "--register", register, "--summary", "--format", format];
            args.extend(["--pseudonymise", "--salt", SALT]);
            args.extend(mode);
            runs.push(args);
        }
    }
    for format in ["text", "json"] {
        runs.push(vec![
            "simulate",
            policy,
            "--register",
            register,
            "--lenient",
            "--pseudonymise",
            "--salt",
            SALT,
            "--format",
            format,
        ]);
    }
    runs.push(vec!["simulate", policy, "--register", register, "--pseudonymise", "--salt", SALT]);
    runs.push(vec![
        "simulate",
        policy,
        "--register",
        register,
        "--lenient",
        "--pseudonymise",
        "--salt",
        SALT,
        "--html",
        html.to_str().unwrap(),
    ]);
    for args in runs {
        let (out, _) = attend_quickly(&args);
        let all = text(&out);
        assert!(!all.contains("SECRETID"), "{args:?}: {all}");
        assert!(!all.contains("panicked"), "{args:?}: {all}");
    }
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(!page.contains("SECRETID"));
    // Pseudonyms are keyed: a salt is required, and a short one is refused.
    for salt in [vec![], vec!["--salt", "short"]] {
        let mut args = vec!["run", policy, "--register", register, "--lenient", "--pseudonymise"];
        args.extend(salt);
        let (out, _) = attend_quickly(&args);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    }
}

#[test]
fn each_pupil_has_one_pseudonym_in_every_part_of_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let register = known_ids_register(dir.path());
    let (out, _) = attend_quickly(&[
        "run",
        "policies/stanborough.attend",
        "--register",
        register.to_str().unwrap(),
        "--lenient",
        "--summary",
        "--format",
        "jsonl",
        "--pseudonymise",
        "--salt",
        SALT,
    ]);
    let mut pupils = std::collections::BTreeSet::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(p) = record["pupil"].as_str() {
            pupils.insert(p.to_string());
        }
    }
    assert_eq!(pupils.len(), 2, "{pupils:?}");
    assert!(pupils.iter().all(|p| p.starts_with("p-") && p.len() == 34), "{pupils:?}");
}

/// A pupil id a spreadsheet would run as a formula is written as text.
#[test]
fn csv_output_does_not_start_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("formula.csv");
    let mut rows = String::from("pupil,date,session,mark\n");
    for day in 1..=5 {
        rows.push_str(&format!("\"=HYPERLINK(\"\"http://x\"\")\",2025-09-0{day},AM,O\n"));
        rows.push_str(&format!("\"=HYPERLINK(\"\"http://x\"\")\",2025-09-0{day},PM,O\n"));
    }
    std::fs::write(&register, rows).unwrap();
    let (out, _) = attend_quickly(&[
        "run",
        "policies/stanborough.attend",
        "--register",
        register.to_str().unwrap(),
        "--format",
        "csv",
        "--summary",
    ]);
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.lines().skip(1).any(|l| l.starts_with("\"'=HYPERLINK")), "{csv}");
    assert!(!csv.lines().any(|l| l.starts_with("=") || l.contains(",=")), "{csv}");
}

/// Every command that reads registers says what it skipped.
#[test]
fn simulate_reports_the_rows_a_lenient_run_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let register = known_ids_register(dir.path());
    let register = register.to_str().unwrap();
    let (out, _) =
        attend_quickly(&["simulate", "policies/stanborough.attend", "--register", register, "--lenient"]);
    let output = text(&out);
    assert!(output.contains("unreadable rows (skipped)") && output.contains("bad dates"), "{output}");
    let (out, _) = attend_quickly(&[
        "simulate",
        "policies/stanborough.attend",
        "--register",
        register,
        "--lenient",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["skipped_rows"]["bad-date"], 1, "{json}");
    assert_eq!(json["skipped_rows"]["duplicate-mark"], 1, "{json}");
}

/// Two marks for one session keep neither, so a lenient run's result does not
/// depend on which row came first.
#[test]
fn conflicting_marks_for_a_session_keep_neither_whatever_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let header = "pupil,date,session,mark\n";
    let week = (1..=5).map(|d| format!("A,2025-09-0{d},AM,/\nA,2025-09-0{d},PM,/\n")).collect::<String>();
    let orders = [("present-first.csv", "A,2025-09-01,AM,O\n"), ("absent-first.csv", "")];
    let mut summaries = Vec::new();
    for (name, before) in orders {
        // The same rows, with the conflicting mark before or after the first.
        let rows = if before.is_empty() {
            format!("{header}{week}A,2025-09-01,AM,O\n")
        } else {
            format!("{header}{before}{week}")
        };
        let path = dir.path().join(name);
        std::fs::write(&path, rows).unwrap();
        let (out, _) = attend_quickly(&[
            "run",
            "policies/stanborough.attend",
            "--register",
            path.to_str().unwrap(),
            "--lenient",
            "--summary",
            "--format",
            "jsonl",
        ]);
        let summary = String::from_utf8_lossy(&out.stdout)
            .lines()
            .find(|l| l.contains("\"record\":\"summary\""))
            .unwrap()
            .to_string();
        summaries.push(summary);
    }
    assert_eq!(summaries[0], summaries[1]);
    assert!(summaries[0].contains("\"possible\":9"), "{}", summaries[0]);
}

#[test]
fn a_report_naming_pupils_shows_only_pseudonyms() {
    // Week 1 both pupils miss a day; week 2 SECRETID001 attends every session,
    // so the report names it on Friday 12 September 2025.
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.attend");
    std::fs::write(
        &policy,
        "school \"Test\" {\n    regulations england-2024\n    effective 2025-09-01\n\
         register am { opens 08:40 closes 09:10 }\n    register pm { opens 13:00 closes 13:10 }\n\
         report \"most improved\" to \"assembly\" every 1 school week naming the pupils with the best attendance rise\n}\n",
    )
    .unwrap();
    let mut rows = String::from("pupil,date,session,mark\n");
    for pupil in ["SECRETID001", "SECRETID002"] {
        for day in 1..=12 {
            let date = format!("2025-09-{day:02}");
            if [6, 7].contains(&day) {
                continue;
            }
            let mark = if day == 3 || (day == 10 && pupil == "SECRETID002") { "O" } else { "/" };
            rows.push_str(&format!("{pupil},{date},AM,{mark}\n{pupil},{date},PM,{mark}\n"));
        }
    }
    let register = dir.path().join("known.csv");
    std::fs::write(&register, rows).unwrap();
    let (policy, register) = (policy.to_str().unwrap(), register.to_str().unwrap());
    let (out, _) = attend_quickly(&["simulate", policy, "--register", register]);
    let plain = text(&out);
    assert!(plain.contains("2025-09-12  SECRETID001"), "{plain}");
    for format in ["text", "json"] {
        let args = [
            "simulate",
            policy,
            "--register",
            register,
            "--pseudonymise",
            "--salt",
            SALT,
            "--format",
            format,
        ];
        let (out, _) = attend_quickly(&args);
        let all = text(&out);
        assert!(!all.contains("SECRETID"), "{format}: {all}");
        assert!(all.contains("most improved"), "{format}: {all}");
    }
}
