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

/// `attend simulate` of a policy (after the common header) over a register's
/// rows, with a pupils file's text if given.
fn simulate_policy(policy: &str, register: &str, pupils: Option<&str>) -> simulate::Outcome {
    simulate_hiding(policy, register, pupils, simulate::SMALLEST_SHOWN)
}

/// The same, comparing only groups of at least `smallest` pupils.
fn simulate_hiding(policy: &str, register: &str, pupils: Option<&str>, smallest: usize) -> simulate::Outcome {
    let dir = tempfile::tempdir().unwrap();
    let policy_path = dir.path().join("policy.attend");
    std::fs::write(&policy_path, format!("{HEADER}{policy}")).unwrap();
    let register_path = dir.path().join("register.csv");
    std::fs::write(&register_path, format!("pupil,date,session,mark\n{register}")).unwrap();
    let rules = compile::load(&policy_path, &Regimes::embedded(), None).unwrap();
    let mut options = attend::engine::RunOptions::new(false);
    if let Some(text) = pupils {
        let path = dir.path().join("pupils.csv");
        std::fs::write(&path, text).unwrap();
        let loaded = attend::register::Pupils::load(&path, &attend::register::Mapping::default()).unwrap();
        options.pupils = Some(std::sync::Arc::new(loaded));
    }
    simulate::simulate(&rules, &[register_path], &options, smallest).unwrap()
}

#[test]
fn each_report_falls_due_on_its_school_days() {
    // Four weeks of school from Monday 2 September 2024, one term.
    let outcome = simulate_policy(POLICY, &filler(20), None);
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

const BEST_CLASS: &str = "report \"best class attendance\" to \"assembly\" every 1 school week naming the class with the best attendance\n";

/// Classes 7A and 7B of five pupils each, and 7C of two. Week 1: one 7A pupil
/// misses Wednesday (48 of 50 sessions, 96%); 7B attends every session (100%).
/// Week 2: 7A attends every session; one 7B pupil misses the whole week (40 of
/// 50, 80%). 7C attends throughout. Due on Fridays 6 and 13 September.
fn three_classes() -> (String, String) {
    let week = "/\\ /\\ /\\ /\\ /\\ ";
    let mut register = String::new();
    let mut pupils = "pupil,class\n".to_string();
    for n in 1..=5 {
        let first = if n == 1 { "/\\ /\\ NN /\\ /\\ " } else { week };
        register += &rows(&format!("A{n}"), "2024-09-02", &format!("{first}{week}"));
        let second = if n == 1 { "NN NN NN NN NN" } else { week };
        register += &rows(&format!("B{n}"), "2024-09-02", &format!("{week}{second}"));
        pupils += &format!("A{n},7A\nB{n},7B\n");
    }
    for n in 1..=2 {
        register += &rows(&format!("C{n}"), "2024-09-02", &format!("{week}{week}"));
        pupils += &format!("C{n},7C\n");
    }
    (register, pupils)
}

/// Each day the report fell due: the day, the best groups, their figure and
/// how many groups were compared.
fn best_of(outcome: &simulate::Outcome) -> Vec<(String, Vec<String>, String, usize)> {
    outcome.reports[0]
        .best
        .iter()
        .map(|b| (b.date.to_string(), b.groups.clone(), b.figure.clone(), b.compared))
        .collect()
}

#[test]
fn a_report_names_the_class_with_the_best_attendance_since_the_last() {
    // 7C, of two pupils, is too small to compare at the default of five.
    let (register, pupils) = three_classes();
    let outcome = simulate_policy(BEST_CLASS, &register, Some(&pupils));
    assert_eq!(
        best_of(&outcome),
        [
            ("2024-09-06".to_string(), vec!["7B".to_string()], "100.00%".to_string(), 2),
            ("2024-09-13".to_string(), vec!["7A".to_string()], "100.00%".to_string(), 2),
        ]
    );
    assert_eq!(outcome.reports[0].naming, Some(attend::vocabulary::Naming::Group("class".to_string())));
    // The HTML report lists the schedule and whom each report named.
    let html = attend::report::html::report(&outcome, None, ("policy.attend", ""), "");
    assert!(html.contains("<h2>Reports</h2>"), "{html}");
    assert!(
        html.contains("<td>best class attendance</td><td>assembly</td><td>every 1 school week</td>"),
        "{html}"
    );
    assert!(
        html.contains("<td>2024-09-06</td><td>7B</td><td class=\"n\">100.00%</td><td class=\"n\">2</td>"),
        "{html}"
    );
}

#[test]
fn the_smallest_group_compared_is_the_one_asked_for() {
    let (register, pupils) = three_classes();
    // Groups of two are compared: 7C ties with the best class each week.
    let outcome = simulate_hiding(BEST_CLASS, &register, Some(&pupils), 2);
    let tied = |a: &str| vec![a.to_string(), "7C".to_string()];
    assert_eq!(
        best_of(&outcome),
        [
            ("2024-09-06".to_string(), tied("7B"), "100.00%".to_string(), 3),
            ("2024-09-13".to_string(), tied("7A"), "100.00%".to_string(), 3),
        ]
    );
    assert!(
        attend::report::simulate::outcome(&outcome)
            .contains("groups of fewer than 2 pupils are not compared")
    );
    // Groups of six or more only: no class is large enough, none is named.
    assert!(best_of(&simulate_hiding(BEST_CLASS, &register, Some(&pupils), 6)).is_empty());
}

#[test]
fn a_report_can_fall_due_every_session_but_a_rule_cannot() {
    // Four weeks of school from Monday 2 September 2024: 20 school days, 40 sessions.
    let policy = "report \"registers not completed\" to not stated every 1 session\n\
        report \"registers checked\" to \"office\" every 3 sessions\n";
    let outcome = simulate_policy(policy, &filler(20), None);
    let every = &outcome.reports[0];
    assert_eq!((every.times, every.dates.len()), (40, 20));
    // Sessions 3, 6, ..., 39: thirteen, on the days holding them (the second
    // school day holds sessions 3 and 4, the third 5 and 6, the fourth none).
    let third = &outcome.reports[1];
    assert_eq!(third.times, 13);
    assert_eq!(
        third.dates.iter().take(3).map(|d| d.to_string()).collect::<Vec<_>>(),
        ["2024-09-03", "2024-09-04", "2024-09-06"]
    );
    // A rule is looked at once a school day.
    let found = refused(
        "rule \"r\" {\n    when attendance < 90%\n    reviewed every 1 session\n    then letter \"l\"\n}\n",
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "T001");
    assert!(found[0].1.contains("sessions"), "{}", found[0].1);
}

#[test]
fn the_most_improved_are_compared_only_with_most_of_the_sessions() {
    // Two full weeks from Monday 2 September. A: 80% then 100% (20 points).
    // B: 90% then 100% (10 points). L joins on Friday 6th, absent (0%), then
    // attends week 2 (100%): 2 possible sessions in week 1, fewer than half
    // of the fullest pupil's 10, so L is not compared.
    let policy = "report \"most improved\" to \"assembly\" every 1 school week naming the pupils with the best attendance rise\n";
    let week = "/\\ /\\ /\\ /\\ /\\ ";
    let register = rows("A", "2024-09-02", &format!("/\\ NN /\\ /\\ /\\ {week}"))
        + &rows("B", "2024-09-02", &format!("/\\ N\\ /\\ /\\ /\\ {week}"))
        + &rows("L", "2024-09-06", &format!("NN {week}"));
    let outcome = simulate_policy(policy, &register, None);
    let best: Vec<(String, Vec<String>, String, usize)> = outcome.reports[0]
        .best
        .iter()
        .map(|b| (b.date.to_string(), b.groups.clone(), b.figure.clone(), b.compared))
        .collect();
    assert_eq!(best, [("2024-09-13".to_string(), vec!["A".to_string()], "20.00 points".to_string(), 2)]);
}

#[test]
fn pupils_are_not_a_column_a_report_can_name() {
    // Without `rise`, "the pupils" would read as a pupils-file column.
    let policy =
        "report \"best\" to \"assembly\" every 1 school week naming the pupils with the best attendance\n";
    let codes: Vec<String> = refused(policy).into_iter().map(|(code, _)| code).collect();
    assert_eq!(codes, ["P001"]);
}
