//! Pupil details beside the register (`--pupils FILE`): roll dates bound a
//! pupil's sessions, summaries carry the attributes, and simulate breaks its
//! counts down by one, hiding small groups.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use common::process::{attend, text};
use std::path::Path;

const POLICY: &str = "policies/stanborough.attend";
const REGISTER: &str = "examples/stanborough-2024-25-synthetic.csv";
const PUPILS: &str = "examples/stanborough-2024-25-pupils.csv";

#[test]
fn simulate_breaks_counts_down_by_sen_in_text_json_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let html = html.to_str().unwrap();
    let by_sen = |extra: &[&str]| {
        let mut args = vec!["simulate", POLICY, "--register", REGISTER, "--pupils", PUPILS, "--by", "sen"];
        args.extend(extra);
        attend(&args)
    };
    let out = by_sen(&["--html", html]);
    assert!(out.status.success(), "{}", text(&out));
    let shown = text(&out);
    assert!(shown.contains("by sen (groups of fewer than 5 pupils are not shown"), "{shown}");
    let page = std::fs::read_to_string(html).unwrap();
    assert!(page.contains("<h2>By sen</h2>") && page.contains("SEN support"), "the HTML has no breakdown");

    let out = by_sen(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let groups = json["breakdown"]["groups"].as_array().unwrap();
    let pupils: u64 = groups.iter().map(|g| g["pupils"].as_u64().unwrap()).sum();
    let hidden = json["breakdown"]["hidden_pupils"].as_u64().unwrap();
    assert_eq!(
        pupils + hidden,
        json["pupils"].as_u64().unwrap(),
        "every pupil is in a group, shown or hidden"
    );
    // The groups' firings add up to the whole school's for each rule.
    for (k, rule) in json["rules"].as_array().unwrap().iter().enumerate() {
        let sum: u64 = groups.iter().map(|g| g["rules"][k][2].as_u64().unwrap()).sum();
        if hidden == 0 {
            assert_eq!(sum, rule["times"].as_u64().unwrap(), "{rule}");
        }
    }
}

/// A register of `n` pupils present every day of one week, and their details.
fn school(dir: &Path, groups: &[(&str, usize)]) -> (String, String) {
    let mut register = String::from("pupil,date,session,mark\n");
    let mut pupils = String::from("pupil,sen\n");
    let mut k = 0;
    for (sen, n) in groups {
        for _ in 0..*n {
            k += 1;
            for day in 2..=6 {
                register.push_str(&format!("P{k:03},2024-09-0{day},AM,/\nP{k:03},2024-09-0{day},PM,\\\n"));
            }
            pupils.push_str(&format!("P{k:03},{sen}\n"));
        }
    }
    let (r, p) = (dir.join("register.csv"), dir.join("pupils.csv"));
    std::fs::write(&r, register).unwrap();
    std::fs::write(&p, pupils).unwrap();
    (r.to_str().unwrap().to_string(), p.to_str().unwrap().to_string())
}

fn breakdown(dir: &Path, groups: &[(&str, usize)]) -> serde_json::Value {
    let (register, pupils) = school(dir, groups);
    let out = attend(&[
        "simulate",
        POLICY,
        "--register",
        &register,
        "--pupils",
        &pupils,
        "--by",
        "sen",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["breakdown"].clone()
}

fn shown(b: &serde_json::Value) -> Vec<String> {
    b["groups"].as_array().unwrap().iter().map(|g| g["value"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_small_group_is_hidden_and_so_is_the_next_smallest_when_it_is_alone() {
    let dir = tempfile::tempdir().unwrap();
    // Two pupils with an EHC plan: hidden; alone, they could be worked out
    // from the total, so the next smallest group (6 on SEN support) goes too.
    let b = breakdown(dir.path(), &[("EHCP", 2), ("K", 6), ("N", 20)]);
    assert_eq!(shown(&b), ["none"]);
    assert_eq!((b["hidden_groups"].as_u64(), b["hidden_pupils"].as_u64()), (Some(2), Some(8)));
    // Two small groups hide each other; the large ones are shown.
    let b = breakdown(dir.path(), &[("EHCP", 2), ("K", 3), ("N", 20)]);
    assert_eq!(shown(&b), ["none"]);
    let b = breakdown(dir.path(), &[("EHCP", 5), ("K", 6), ("N", 20)]);
    assert_eq!(shown(&b), ["EHCP", "SEN support", "none"]);
    assert_eq!(b["hidden_groups"].as_u64(), Some(0));
}

#[test]
fn a_pupils_marks_outside_the_roll_dates_are_left_out_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("register.csv");
    let mut rows = String::from("pupil,date,session,mark\n");
    for day in 2..=6 {
        rows.push_str(&format!("A,2024-09-0{day},AM,/\nA,2024-09-0{day},PM,O\n"));
    }
    std::fs::write(&register, rows).unwrap();
    let pupils = dir.path().join("pupils.csv");
    std::fs::write(&pupils, "pupil,year,admitted,left,house\nA,Year 9,2024-09-03,2024-09-05,Red\n").unwrap();
    let out = attend(&[
        "run",
        POLICY,
        "--register",
        register.to_str().unwrap(),
        "--pupils",
        pupils.to_str().unwrap(),
        "--summary",
        "--format",
        "csv",
    ]);
    let shown = text(&out);
    let summary = shown.lines().skip_while(|l| !l.starts_with("pupil,year,possible")).collect::<Vec<_>>();
    assert_eq!(
        summary[0],
        "pupil,year,possible,present,authorised,unauthorised,attendance,persistent,severe,late,cin,cp,fsm,house,sen,year group"
    );
    // Three days on roll: six possible sessions, three of them O.
    assert!(summary[1].starts_with("A,2024-25,6,3,0,3,50.00%"), "{shown}");
    assert!(summary[1].ends_with(",not given,not given,not given,Red,not given,9"), "{shown}");

    let out = attend(&[
        "run",
        POLICY,
        "--register",
        register.to_str().unwrap(),
        "--pupils",
        pupils.to_str().unwrap(),
    ]);
    assert!(
        text(&out).contains("4 marks before the pupil was admitted or after they left"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_bad_pupils_file_is_refused_with_every_problem_and_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let pupils = dir.path().join("pupils.csv");
    std::fs::write(&pupils, "pupil,sen,fsm\nA,maybe,Y\nB,N,perhaps\n").unwrap();
    let out = attend(&["run", POLICY, "--register", REGISTER, "--pupils", pupils.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let shown = text(&out);
    assert!(shown.contains("pupils.csv:2:2: `maybe` is not a SEN status"), "{shown}");
    assert!(shown.contains("pupils.csv:3:3: `perhaps` is not yes or no"), "{shown}");
}

#[test]
fn by_needs_pupil_details_and_a_known_attribute() {
    let out = attend(&["simulate", POLICY, "--register", REGISTER, "--by", "sen"]);
    assert!(text(&out).contains("--by needs pupil details"), "{}", text(&out));
    let out = attend(&["simulate", POLICY, "--register", REGISTER, "--pupils", PUPILS, "--by", "house"]);
    assert!(text(&out).contains("no pupil has the attribute \"house\""), "{}", text(&out));
}

#[test]
fn a_ctf_register_gives_its_pupils_details_without_a_pupils_file() {
    let out =
        attend(&["run", POLICY, "--register", "examples/ctf-sample.xml", "--summary", "--format", "csv"]);
    let shown = text(&out);
    let rows: Vec<&str> = shown.lines().skip_while(|l| !l.starts_with("pupil,year,possible")).collect();
    assert!(rows[0].ends_with(",cin,cp,fsm,sen,year group"), "{shown}");
    assert!(rows[1].starts_with("X00000000001A,") && rows[1].ends_with(",SEN support,7"), "{shown}");
    assert!(rows[3].ends_with(",not given,not given"), "{shown}");
}
