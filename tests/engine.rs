//! The semantics of running rules, on small registers worked out by hand.
//! Each test builds a register in which a filler pupil `F` is present on every
//! school day (so the calendar is known), runs a small policy, and compares the
//! events with what the README says should happen.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use attend::compile;
use attend::compile::ir::Origin;
use attend::engine::{self, RunOptions};
use attend::regulations::Regimes;
use attend::vocabulary::{Action, MeasureUnit, Value};
use chrono::NaiveDate;
use common::registers::*;
use std::path::PathBuf;

#[test]
fn attendance_of_exactly_90_percent_is_below_96_but_not_below_90() {
    // 10 days = 20 possible sessions; 2 sessions of illness: 18/20 = 90.0%.
    let register = filler(10) + &rows("A", "2024-09-02", "/\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\ II");
    let policy = "rule \"below 90\" { when attendance < 90% over year to date then letter \"x\" }\n\
                  rule \"at most 90\" { when attendance <= 90% over year to date then letter \"y\" }\n";
    let output = run(policy, &register);
    assert!(fired(&output, "below 90").is_empty());
    assert_eq!(fired(&output, "at most 90"), [("A".to_string(), d("2024-09-13"))]);
    let a = output.summaries.iter().find(|s| s.pupil == "A").unwrap();
    assert_eq!((a.possible, a.present, a.authorised, a.unauthorised), (20, 18, 2, 0));
    assert_eq!(a.attendance().to_string(), "90.00%");
    assert!(a.persistent_absence, "10% absence is persistent absence");
}

#[test]
fn codes_that_are_not_possible_sessions_are_left_out() {
    // B and V are attendance; X and Z are not possible sessions.
    let register = filler(5) + &rows("A", "2024-09-02", "BV XX ZZ /\\ OI");
    let output = run("", &register);
    let a = output.summaries.iter().find(|s| s.pupil == "A").unwrap();
    assert_eq!((a.possible, a.present, a.authorised, a.unauthorised), (6, 4, 1, 1));
}

#[test]
fn a_two_character_code_is_one_mark() {
    let register = filler(1) + "A,2024-09-02,AM,C1\nA,2024-09-02,PM,J1\n";
    let output = run("", &register);
    let a = output.summaries.iter().find(|s| s.pupil == "A").unwrap();
    assert_eq!((a.possible, a.authorised), (2, 2));
}

#[test]
fn consecutive_school_days_run_over_a_weekend_and_fire_once() {
    // O on Thursday, Friday and Monday: a run of 3 on Monday 9 September.
    let register = filler(8) + &rows("A", "2024-09-02", "/\\ /\\ /\\ OO OO OO /\\ /\\");
    let policy = "rule \"three days\" { when consecutive school days(O) >= 3 then home visit }\n";
    let output = run(policy, &register);
    assert_eq!(fired(&output, "three days"), [("A".to_string(), d("2024-09-09"))]);
}

#[test]
fn half_a_day_present_breaks_a_run() {
    let register = filler(6) + &rows("A", "2024-09-02", "OO OO O\\ OO OO /\\");
    let policy = "rule \"three days\" { when consecutive school days(O) >= 3 then home visit }\n";
    assert!(fired(&run(policy, &register), "three days").is_empty());
}

#[test]
fn consecutive_weekdays_count_an_inset_day_inside_an_illness() {
    // Wednesday 4 September is an INSET day (everyone `#`): ill Monday, Tuesday,
    // Thursday, Friday is 4 school days but 5 weekdays.
    let register =
        rows("F", "2024-09-02", "/\\ /\\ ## /\\ /\\ /\\") + &rows("A", "2024-09-02", "II II ## II II /\\");
    let policy = "rule \"weekdays\" { when consecutive weekdays(I) >= 5 then request medical evidence }\n\
                  rule \"school days\" { when consecutive school days(I) >= 5 then request medical evidence }\n";
    let output = run(policy, &register);
    assert_eq!(fired(&output, "weekdays"), [("A".to_string(), d("2024-09-06"))]);
    assert!(fired(&output, "school days").is_empty());
}

#[test]
fn rolling_ten_school_weeks_hold_the_current_week_and_nine_before() {
    // Eleven school weeks from 2 September. Pupil A: 9 sessions of O in week 1,
    // 1 in week 11: never 10 within 10 school weeks. Pupil B: 9 in week 2 and 1
    // in week 11: 10 within weeks 2 to 11, on the day of the tenth.
    let weeks = 11;
    let present_week = "/\\ /\\ /\\ /\\ /\\ ";
    let mut a = String::from("OO OO OO OO O\\ ");
    let mut b = String::from(present_week);
    b.push_str("OO OO OO OO O\\ ");
    for _ in 1..weeks - 1 {
        a.push_str(present_week);
    }
    for _ in 2..weeks - 1 {
        b.push_str(present_week);
    }
    a.push_str("O\\ /\\ /\\ /\\ /\\");
    b.push_str("O\\ /\\ /\\ /\\ /\\");
    let register = filler(5 * weeks) + &rows("A", "2024-09-02", &a) + &rows("B", "2024-09-02", &b);
    let output = run("", &register);
    let national = "national penalty-notice threshold";
    assert_eq!(fired(&output, national), [("B".to_string(), d("2024-11-11"))]);
    let event = output.events.iter().find(|e| e.rule == national).unwrap();
    assert_eq!(
        (event.window_from, event.window_to, event.value),
        (d("2024-09-09"), d("2024-11-11"), Value::Count { n: 10, unit: MeasureUnit::Sessions })
    );
}

#[test]
fn a_rule_fires_when_its_condition_becomes_true_and_again_after_it_was_false() {
    // Absent (O) 3 days, back 2 days, absent 3 days again: the run reaches 3
    // twice, so the rule fires twice.
    let register = filler(8) + &rows("A", "2024-09-02", "OO OO OO /\\ /\\ OO OO OO");
    let policy = "rule \"three days\" { when consecutive school days(O) >= 3 then home visit }\n\
                  rule \"three days once\" { when consecutive school days(O) >= 3 then home visit once }\n";
    let output = run(policy, &register);
    // Monday to Wednesday absent (fires on Wednesday 4th), Thursday and Friday
    // present (re-armed), Monday to Wednesday absent again (fires on the 11th).
    assert_eq!(
        fired(&output, "three days"),
        [("A".to_string(), d("2024-09-04")), ("A".to_string(), d("2024-09-11"))]
    );
    assert_eq!(fired(&output, "three days once"), [("A".to_string(), d("2024-09-04"))]);
}

#[test]
fn a_rule_that_stays_true_fires_once_a_term_when_asked() {
    // Two terms: 5 days, a two-week break (a new term), 5 days. Pupil A is
    // absent throughout: "on each rise" fires once; "once per term" twice.
    let mut register = rows("F", "2024-12-09", &"/\\".repeat(5)) + &rows("F", "2025-01-06", &"/\\".repeat(5));
    register += &rows("A", "2024-12-09", &"OO".repeat(5));
    register += &rows("A", "2025-01-06", &"OO".repeat(5));
    let policy = "rule \"rise\" { when unauthorised absence >= 50% over year to date then letter \"x\" }\n\
                  rule \"termly\" { when unauthorised absence >= 50% over year to date then letter \"x\" once per term }\n";
    let output = run(policy, &register);
    assert_eq!(fired(&output, "rise"), [("A".to_string(), d("2024-12-09"))]);
    assert_eq!(
        fired(&output, "termly"),
        [("A".to_string(), d("2024-12-09")), ("A".to_string(), d("2025-01-06"))]
    );
}

#[test]
fn repeat_every_fires_again_while_the_condition_holds() {
    let register = filler(8) + &rows("A", "2024-09-02", "NN NN NN NN NN NN NN /\\");
    let policy = "rule \"call\" { when consecutive school days(N) >= 1 then contact \"parents\" repeat every 3 school days }\n";
    let days: Vec<NaiveDate> = fired(&run(policy, &register), "call").into_iter().map(|(_, d)| d).collect();
    assert_eq!(days, [d("2024-09-02"), d("2024-09-05"), d("2024-09-10")]);
}

#[test]
fn a_minimum_of_possible_sessions_stops_a_letter_on_the_first_day() {
    // Absent on the first day: 0% attendance, but fewer than 20 possible sessions.
    let register = filler(12) + &rows("A", "2024-09-02", "II /\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\ II");
    let policy = "rule \"letter\" { when attendance < 96% over year to date then letter \"x\" minimum 20 possible sessions }\n\
                  rule \"hasty\" { when attendance < 96% over year to date then letter \"x\" }\n";
    let output = run(policy, &register);
    assert_eq!(fired(&output, "hasty"), [("A".to_string(), d("2024-09-02"))]);
    // 20 possible sessions on day 10 (18/20 = 90%): the letter goes then.
    assert_eq!(fired(&output, "letter"), [("A".to_string(), d("2024-09-13"))]);
}

#[test]
fn spells_count_separate_runs_within_the_window() {
    let register = filler(8) + &rows("A", "2024-09-02", "II II /\\ II /\\ I\\ /\\ II");
    let policy =
        "rule \"third spell\" { when spells(I) >= 3 over half term then request medical evidence once }\n";
    // Runs of whole days of I: Mon-Tue, Thu, and the following Wednesday (the
    // half day on Tuesday 10th is not a whole day of illness).
    assert_eq!(fired(&run(policy, &register), "third spell"), [("A".to_string(), d("2024-09-11"))]);
}

#[test]
fn the_statutory_duty_to_tell_the_local_authority_is_always_run() {
    let register = filler(10) + &rows("A", "2024-09-02", &"OO".repeat(10));
    let output = run("", &register);
    let rule = "continuous unauthorised absence: tell the local authority";
    assert_eq!(fired(&output, rule), [("A".to_string(), d("2024-09-13"))]);
    let event = output.events.iter().find(|e| e.rule == rule).unwrap();
    assert_eq!(event.source.to_string(), "regulations england-2024");
    assert!(matches!(event.source, Origin::Statutory { .. }));
    assert_eq!(event.action, Action::NotifyLocalAuthority);
    assert_eq!(event.value, Value::Count { n: 10, unit: MeasureUnit::SchoolDays });
}

#[test]
fn unresolved_n_and_missing_marks_are_reported() {
    // N on the first day stays for 9 more school days (more than 5); a missing
    // afternoon mark on day 3.
    let register = filler(10) + &rows("A", "2024-09-02", "NN /\\ /. /\\ /\\ /\\ /\\ /\\ /\\ /\\");
    let output = run("", &register);
    use attend::engine::QualityKind;
    assert_eq!(output.quality.counts.get(&QualityKind::UnresolvedN), Some(&2));
    assert_eq!(output.quality.counts.get(&QualityKind::MissingMark), Some(&1));
    let missing = &output.quality.examples[&QualityKind::MissingMark][0];
    assert_eq!((missing.pupil.as_str(), missing.date), ("A", d("2024-09-04")));
}

#[test]
fn files_are_read_by_content_not_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.txt");
    std::fs::write(&path, format!("pupil,date,am,pm\n{}", "A,2024-09-02,/,\\\n")).unwrap();
    let rules = match compile::load(&PathBuf::from("policies/stanborough.attend"), &Regimes::embedded(), None)
    {
        Ok(r) => r,
        Err(_) => panic!("compiles"),
    };
    let output = match engine::run_collecting(&rules, &[path], &RunOptions::new(false)) {
        Ok(o) => o,
        Err(_) => panic!("reads"),
    };
    assert_eq!(output.marks, 2);
}

#[test]
fn a_declared_calendar_leaves_out_closed_days_and_reports_marks_on_them() {
    // The school declares Wednesday 4 September closed (INSET). Pupil A has a
    // mark that day anyway: it is reported, and left out of every count.
    let calendar = "calendar {\n    term 2024-09-02 to 2024-12-20, half term 2024-10-28 to 2024-11-01\n    closed 2024-09-04\n}\n";
    let register = filler(5) + &rows("A", "2024-09-02", "/\\ /\\ OO /\\ /\\");
    let output = run(calendar, &register);
    let a = output.summaries.iter().find(|s| s.pupil == "A").unwrap();
    assert_eq!((a.possible, a.unauthorised), (8, 0));
    use attend::engine::QualityKind;
    assert_eq!(
        output.quality.counts.get(&QualityKind::ClosedDayMark),
        Some(&4),
        "A's and the filler's two marks"
    );
    assert!(output.calendar.index(d("2024-09-04")).is_none());
}

#[test]
fn a_declared_half_term_starts_the_half_term_window() {
    // Absent (O) on the last two days before the declared half term and the
    // first day after it: three days in the term, but at most two in a half term.
    let calendar = "calendar {\n    term 2024-10-21 to 2024-12-20, half term 2024-10-28 to 2024-11-01\n}\n";
    let register = rows("F", "2024-10-21", &"/\\".repeat(5))
        + &rows("F", "2024-11-04", &"/\\".repeat(2))
        + &rows("A", "2024-10-21", "/\\ /\\ /\\ OO OO")
        + &rows("A", "2024-11-04", "OO /\\");
    let policy = format!(
        "{calendar}rule \"half term\" {{ when school days(O) >= 3 over half term then letter \"x\" }}\n\
                          rule \"term\" {{ when school days(O) >= 3 over term then letter \"x\" }}\n"
    );
    let output = run(&policy, &register);
    assert!(fired(&output, "half term").is_empty());
    assert_eq!(fired(&output, "term"), [("A".to_string(), d("2024-11-04"))]);
}

/// Each school day runs the statutory duties of the regulations in force on
/// it: across the summer of 2024 a policy written under the 2006 regulations
/// gets the 2024 national penalty-notice threshold from 19 August, and not
/// before, and the run says its regulations were not in force throughout.
/// Absence before 19 August 2024 does not count towards the threshold
/// (SI 2024/210 regulation 5(2)), so B's July absence never reaches it.
#[test]
fn duties_follow_the_regulations_in_force_on_each_day() {
    let dir = tempfile::tempdir().unwrap();
    let policy_path = dir.path().join("policy.attend");
    std::fs::write(
        &policy_path,
        "school \"Old School\" {\n    regulations england-2006\n    effective 2022-09-01\n}\n\
         register am { opens 08:40 closes 09:00 }\nregister pm { opens 13:00 closes 13:15 }\n",
    )
    .unwrap();
    // Five weeks before the summer holiday and five after, everyone present
    // but B (ten unauthorised sessions in July) and C (ten in September).
    let present = "/\\".repeat(25);
    let register = rows("F", "2024-06-17", &present)
        + &rows("F", "2024-09-02", &present)
        + &rows("B", "2024-06-17", &("/\\".repeat(20) + &"OO".repeat(5)))
        + &rows("B", "2024-09-02", &present)
        + &rows("C", "2024-06-17", &present)
        + &rows("C", "2024-09-02", &("OO".repeat(5) + &"/\\".repeat(20)));
    let register_path = dir.path().join("register.csv");
    std::fs::write(&register_path, format!("pupil,date,session,mark\n{register}")).unwrap();
    let rules = compile::load(&policy_path, &Regimes::embedded(), None).unwrap();
    let output = engine::run_collecting(&rules, &[register_path], &RunOptions::new(false)).unwrap();
    let national = "national penalty-notice threshold";
    assert_eq!(fired(&output, national), [("C".to_string(), d("2024-09-06"))]);
    let note = output.regulations_note.expect("the register runs past the 2006 regulations");
    assert!(note.contains("england-2006") && note.contains("2024-09-02 to 2024-10-04"), "{note}");
}

/// A code is read only on dates the regulations in force have it: `K` (2024)
/// in a 2023 register is a problem with its reason, `H` (2006) in 2023 is not.
#[test]
fn a_code_is_read_only_where_the_regulations_in_force_have_it() {
    let dir = tempfile::tempdir().unwrap();
    let policy_path = dir.path().join("policy.attend");
    std::fs::write(&policy_path, HEADER).unwrap();
    let rules = compile::load(&policy_path, &Regimes::embedded(), None).unwrap();
    let register_path = dir.path().join("register.csv");
    std::fs::write(&register_path, "pupil,date,session,mark\nA,2023-09-04,AM,H\nA,2023-09-04,PM,K\n")
        .unwrap();
    match engine::run_collecting(&rules, &[register_path], &RunOptions::new(false)) {
        Err(engine::RunError::Register(problems)) => {
            let first = problems.first().unwrap().to_string();
            assert!(first.contains("`K` is not a code of the regulations in force on 2023-09-04"), "{first}");
            assert!(first.contains("from 2024-08-19"), "{first}");
            assert_eq!(problems.total(), 1);
        }
        _ => panic!("K is not a code in 2023"),
    }
}

#[test]
fn a_comparison_whose_number_is_not_stated_never_holds_and_the_rest_runs() {
    // Unauthorised absence all of the first week, then three more days away.
    let register = filler(10) + &rows("A", "2024-09-02", "OO OO OO OO OO /\\ OO OO OO /\\");
    let policy = "rule \"either\" { when sessions(O) >= not stated or consecutive school days(O) >= 3 then home visit }\n\
rule \"unstated\" { when sessions(O) >= not stated over rolling 52 weeks then letter \"concern\" }\n\
penalty notices { threshold sessions(unauthorised) >= not stated over rolling 52 weeks }\n";
    let output = run(policy, &register);
    assert_eq!(
        fired(&output, "either"),
        [("A".to_string(), d("2024-09-04")), ("A".to_string(), d("2024-09-12"))]
    );
    assert!(fired(&output, "unstated").is_empty());
    // The policy's threshold adds no rule; the national duty still runs.
    assert!(fired(&output, "penalty-notice threshold").is_empty());
    assert_eq!(fired(&output, "national penalty-notice threshold"), [("A".to_string(), d("2024-09-06"))]);
}

#[test]
fn a_run_that_keeps_no_summaries_has_the_same_events_and_holds_none() {
    let rules =
        compile::load(std::path::Path::new("policies/stanborough.attend"), &Regimes::embedded(), None)
            .unwrap();
    let files = [PathBuf::from("examples/stanborough-2024-25-synthetic.csv")];
    let kept = engine::run_collecting(&rules, &files, &RunOptions::new(false)).unwrap();
    let options = RunOptions { summaries: false, ..RunOptions::new(false) };
    let dropped = engine::run_collecting(&rules, &files, &options).unwrap();
    assert_eq!(kept.summaries.len(), kept.pupils, "one year: one summary a pupil");
    assert!(dropped.summaries.is_empty());
    assert!(!kept.events.is_empty());
    assert_eq!(kept.events, dropped.events);
    assert_eq!((kept.pupils, &kept.trend), (dropped.pupils, &dropped.trend));
}
