//! `attend simulate`: its counts agree with `attend run`; sweeps move the way
//! their rule says; trust runs cover every school; the HTML report is one
//! self-contained file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

use attend::compile::{self, RuleSet};
use attend::engine::{self, RunOptions};
use attend::regulations::Regimes;
use attend::simulate;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const REGISTER: &str = "examples/stanborough-2024-25-synthetic.csv";

fn rules(path: &str) -> RuleSet {
    match compile::load(Path::new(path), &Regimes::embedded(), None) {
        Ok(rules) => rules,
        Err(_) => panic!("{path} compiles"),
    }
}

fn options() -> RunOptions {
    RunOptions::new(false)
}

fn outcome(path: &str) -> simulate::Outcome {
    match simulate::simulate(&rules(path), &[PathBuf::from(REGISTER)], &options(), simulate::SMALLEST_SHOWN) {
        Ok(o) => o,
        Err(_) => panic!("the example register reads"),
    }
}

#[test]
fn simulation_counts_agree_with_the_run() {
    let policy = "policies/stanborough.attend";
    let run = match engine::run_collecting(&rules(policy), &[PathBuf::from(REGISTER)], &options()) {
        Ok(o) => o,
        Err(_) => panic!("runs"),
    };
    let simulated = outcome(policy);
    assert_eq!(simulated.pupils, run.pupils);
    for count in &simulated.rules {
        let firings: BTreeSet<_> =
            run.events.iter().filter(|e| e.rule == count.rule).map(|e| (&e.pupil, e.date)).collect();
        let pupils: BTreeSet<_> = firings.iter().map(|(p, _)| *p).collect();
        assert_eq!(count.times, firings.len(), "{}", count.rule);
        assert_eq!(count.pupils, pupils.len(), "{}", count.rule);
        assert_eq!(count.by_month.values().sum::<usize>(), count.times, "{}", count.rule);
        assert_eq!(count.by_half_term.values().sum::<usize>(), count.times, "{}", count.rule);
    }
    let persistent = run.summaries.iter().filter(|s| s.persistent_absence).count();
    assert_eq!(simulated.persistent_at_end.len(), persistent);
    assert!(simulated.count("attendance concern letter").unwrap().times > 0);
}

#[test]
fn the_command_line_agrees_with_attend_run() {
    let exe = env!("CARGO_BIN_EXE_attend");
    let simulate = std::process::Command::new(exe)
        .args([
            "simulate",
            "policies/stanborough.attend",
            "--register",
            REGISTER,
            "--format",
            "json",
            "--quiet",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&simulate.stdout).unwrap();
    let run = std::process::Command::new(exe)
        .args(["run", "policies/stanborough.attend", "--register", REGISTER, "--format", "jsonl"])
        .output()
        .unwrap();
    let mut firings: BTreeSet<(String, String, String)> = BTreeSet::new();
    for line in String::from_utf8_lossy(&run.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["record"] == "event" {
            firings.insert((
                v["pupil"].to_string(),
                v["date"].to_string(),
                v["rule"].as_str().unwrap().to_string(),
            ));
        }
    }
    for rule in json["rules"].as_array().unwrap() {
        let name = rule["rule"].as_str().unwrap();
        let times = firings.iter().filter(|(_, _, r)| r == name).count();
        assert_eq!(rule["times"].as_u64().unwrap() as usize, times, "{name}");
    }
}

#[test]
fn comparing_a_policy_with_itself_finds_no_difference() {
    let a = outcome("policies/stanborough.attend");
    let b = outcome("policies/stanborough.attend");
    assert!(simulate::compare(&a, &b).differences.is_empty());
}

#[test]
fn a_lower_letter_threshold_sends_fewer_letters_to_fewer_pupils() {
    let a = outcome("policies/stanborough.attend");
    let b = outcome("examples/whatif/stanborough-letters-at-94.attend");
    let comparison = simulate::compare(&a, &b);
    let letters = "attendance concern letter";
    let (first, second) = (a.count(letters).unwrap(), b.count(letters).unwrap());
    assert!(second.pupils < first.pupils && second.times < first.times);
    // Every difference is in the letter rule or a stage that follows it;
    // every other rule fires the same.
    let set = rules("policies/stanborough.attend");
    let mut ladder = vec![letters.to_string()];
    for _ in 0..set.rules.len() {
        for r in &set.rules {
            let follows =
                r.after.iter().any(|s| set.rules.get(s.rule).is_some_and(|f| ladder.contains(&f.name)));
            if follows && !ladder.contains(&r.name) {
                ladder.push(r.name.clone());
            }
        }
    }
    assert!(!comparison.differences.is_empty());
    assert!(comparison.differences.iter().all(|d| ladder.contains(&d.rule)), "{ladder:?}");
}

#[test]
fn a_higher_attendance_threshold_never_sends_fewer_letters() {
    let spec = attend::syntax::parse_vary(
        attend::source::FileId(0),
        "rule \"attendance concern letter\" threshold 90%..98% step 1%",
    )
    .unwrap();
    let points = match simulate::sweep(
        &rules("policies/stanborough.attend"),
        &spec,
        &[PathBuf::from(REGISTER)],
        &options(),
        &mut |_, _| {},
    ) {
        Ok(points) => points,
        Err(_) => panic!("the sweep runs"),
    };
    assert_eq!(points.len(), 9);
    assert_eq!(points[0].value, "90%");
    // `attendance < T` holds on a superset of days as T rises, so the pupils it
    // fires for grow; with `once per term` so do its firings (one a pupil and
    // term in which it holds on any day).
    for pair in points.windows(2) {
        assert!(pair[1].pupils >= pair[0].pupils, "{pair:?}");
        assert!(pair[1].times >= pair[0].times, "{pair:?}");
    }
    assert!(points[8].times > points[0].times);
    // The sweep's value at the policy's own threshold is the policy's count.
    let at_96 = points.iter().find(|p| p.value == "96%").unwrap();
    assert_eq!(
        at_96.times,
        outcome("policies/stanborough.attend").count("attendance concern letter").unwrap().times
    );
}

#[test]
fn a_sweep_of_a_rule_that_does_not_exist_names_the_rules() {
    let spec =
        attend::syntax::parse_vary(attend::source::FileId(0), "rule \"letters\" threshold 1..3 step 1")
            .unwrap();
    match simulate::sweep(
        &rules("policies/stanborough.attend"),
        &spec,
        &[PathBuf::from(REGISTER)],
        &options(),
        &mut |_, _| {},
    ) {
        Err(simulate::sweep::SweepError::Spec(message)) => {
            assert!(message.contains("attendance concern letter"), "{message}")
        }
        _ => panic!("refused"),
    }
}

#[test]
fn a_trust_run_covers_six_schools_with_three_registers_each() {
    let dir = tempfile::tempdir().unwrap();
    let files = attend::synthetic::write_trust_registers(Path::new("policies"), dir.path(), 40).unwrap();
    assert_eq!(files.len(), 18);
    let run =
        simulate::trust(Path::new("policies"), dir.path(), &Regimes::embedded(), &options(), &|_, _| {})
            .unwrap();
    assert_eq!(run.schools.len(), 6, "{:?}", run.schools);
    for school in &run.schools {
        assert!(school.error.is_none(), "{school:?}");
        assert_eq!(school.registers, 3);
        assert_eq!(school.pupils, 40);
    }
    assert!(run.unmatched.is_empty());
    assert_eq!(run.totals.pupils, 240);
    assert_eq!(run.totals.firings, run.schools.iter().map(|s| s.firings).sum::<usize>());
}

#[test]
fn the_html_report_is_one_self_contained_file() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attend"))
        .args([
            "simulate",
            "policies/stanborough.attend",
            "--register",
            REGISTER,
            "--against",
            "examples/whatif/stanborough-letters-at-94.attend",
            "--pseudonymise",
            "--salt",
            "a secret of sixteen or more",
            "--quiet",
            "--html",
        ])
        .arg(&html)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    // Distribution, weekly actions and trend as charts; each escalation
    // ladder's stages and each rule the what-if changes as a row with a bar,
    // named in full.
    let rows = page.matches("<svg class=\"delta\"").count();
    let what_if = &page[page.find("<h2>What if").unwrap()..];
    let changed = what_if[..what_if.find("</table>").unwrap()].matches("<svg class=\"delta\"").count();
    assert!(changed >= 1, "the what-if changes at least the letter rules");
    assert!(page.contains("<h2>Escalation ladder</h2>"));
    assert_eq!(page.matches("<svg").count(), 3 + rows);
    for outside in ["http://", "https://", "<script", "<link", "@import", "url("] {
        assert!(!page.contains(outside), "the report refers outside itself: {outside}");
    }
    assert!(!page.contains("S000001"), "pupil ids are pseudonymised");
    assert!(page.contains("What if"));
}

#[test]
fn the_shipped_what_if_is_the_policy_with_one_number_changed() {
    let policy = std::fs::read_to_string("policies/stanborough.attend").unwrap();
    let what_if = std::fs::read_to_string("examples/whatif/stanborough-letters-at-94.attend").unwrap();
    let body: Vec<&str> =
        what_if.lines().skip_while(|l| !l.starts_with("# Stanborough School attendance policy")).collect();
    let changed: Vec<(&str, &str)> =
        policy.lines().zip(&body).filter(|(a, b)| a != *b).map(|(a, b)| (a, *b)).collect();
    assert_eq!(policy.lines().count(), body.len());
    assert_eq!(
        changed,
        [("    when attendance < 96% over year to date", "    when attendance < 94% over year to date")]
    );
}
