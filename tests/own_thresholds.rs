//! A rule for a group with no condition, a review interval not stated, and a
//! threshold each pupil has their own of (`pupil COLUMN`, from the pupils
//! file), on small registers worked out by hand. The filler pupil `F` is
//! present every day, so the calendar is known.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use attend::engine::QualityKind;
use common::registers::*;

#[test]
fn a_group_rule_without_a_condition_meets_every_pupil_of_the_group_on_its_review_days() {
    // Reviewed every 2 school weeks from Monday 2 September: the last school
    // days of weeks 2 and 4 are Fridays 13 and 27 September. A is in the
    // group and fires on both; B is not and never does, whatever the marks.
    let policy = "rule \"vulnerable: parents' meeting\" {\n\
        for pupils with vulnerable \"yes\"\n\
        reviewed every 2 school weeks\n\
        then meeting \"parents\"\n\
    }\n";
    let register = filler(20)
        + &rows("A", "2024-09-02", &"/\\ ".repeat(20))
        + &rows("B", "2024-09-02", &"NN ".repeat(20));
    let pupils = "pupil,vulnerable\nA,yes\nB,no\n";
    let output = run_with_pupils(policy, &register, Some(pupils));
    assert_eq!(
        fired(&output, "vulnerable: parents' meeting"),
        [("A".to_string(), d("2024-09-13")), ("A".to_string(), d("2024-09-27"))]
    );
}

#[test]
fn a_group_rule_without_a_condition_or_review_fires_once_on_the_first_day() {
    let policy = "rule \"vulnerable: welcome meeting\" {\n\
        for pupils with vulnerable \"yes\"\n\
        then meeting \"parents\"\n\
    }\n";
    let register = filler(10) + &rows("A", "2024-09-04", &"/\\ ".repeat(5));
    let output = run_with_pupils(policy, &register, Some("pupil,vulnerable\nA,yes\n"));
    assert_eq!(fired(&output, "vulnerable: welcome meeting"), [("A".to_string(), d("2024-09-04"))]);
}

#[test]
fn a_review_interval_not_stated_never_fires() {
    let policy = "rule \"vulnerable: regular meetings\" {\n\
        for pupils with vulnerable \"yes\"\n\
        reviewed every not stated\n\
        then meeting \"parents\"\n\
    }\n";
    let register = filler(20) + &rows("A", "2024-09-02", &"/\\ ".repeat(20));
    let output = run_with_pupils(policy, &register, Some("pupil,vulnerable\nA,yes\n"));
    assert!(fired(&output, "vulnerable: regular meetings").is_empty());
    // The same rule with an interval does fire for A.
    let stated = policy.replace("every not stated", "every 1 school week");
    let output = run_with_pupils(&stated, &register, Some("pupil,vulnerable\nA,yes\n"));
    assert_eq!(fired(&output, "vulnerable: regular meetings").len(), 4);
}

#[test]
fn each_pupil_is_compared_with_their_own_target() {
    // Five days, Friday missed (NN): 8 of 10 sessions, 80% on Friday 6th.
    // A's target is 85%: below it on Friday. B's is 75.5: not below.
    // C has no target and D's cannot be read (0.95 could mean 95% or 0.95%):
    // neither is compared, and D's is a data-quality finding dated D's first mark.
    let policy = "rule \"below own target\" {\n\
        when attendance < pupil attendance-target over year to date\n\
        then meeting \"parents: target\"\n\
    }\n";
    let register = filler(10)
        + &rows("A", "2024-09-02", "/\\ /\\ /\\ /\\ NN")
        + &rows("B", "2024-09-02", "/\\ /\\ /\\ /\\ NN")
        + &rows("C", "2024-09-02", "/\\ /\\ /\\ /\\ NN")
        + &rows("D", "2024-09-03", "/\\ /\\ /\\ NN");
    let pupils = "pupil,attendance-target\nA,85%\nB,75.5\nC,\nD,0.95\n";
    let output = run_with_pupils(policy, &register, Some(pupils));
    assert_eq!(fired(&output, "below own target"), [("A".to_string(), d("2024-09-06"))]);
    assert_eq!(output.quality.counts.get(&QualityKind::OwnThresholdUnreadable), Some(&1));
    let example = &output.quality.examples[&QualityKind::OwnThresholdUnreadable][0];
    assert_eq!((example.pupil.as_str(), example.date), ("D", d("2024-09-03")));
    // `attend why` shows the threshold A was compared with.
    let explained = run_explained(policy, &register, Some(pupils));
    let event = explained.events.iter().find(|e| e.pupil == "A").unwrap();
    let part = &event.explanation.as_ref().unwrap().parts[0];
    let own = part.own_threshold.as_ref().unwrap();
    assert_eq!((own.column.as_str(), own.value.as_deref()), ("attendance-target", Some("85%")));
    assert!(part.holds);
}

#[test]
fn a_count_compares_with_a_whole_number_of_the_pupil() {
    // E may miss 3 sessions: the fourth, on Thursday 5th, is one too many.
    // G's allowance of 3.5 is not a whole number: never compared, a finding.
    let policy = "rule \"more absence than agreed\" {\n\
        when sessions(absent) > pupil sessions-allowed over year to date\n\
        then letter \"absence\"\n\
    }\n";
    let register = filler(10)
        + &rows("E", "2024-09-02", "/\\ /\\ NN NN /\\")
        + &rows("G", "2024-09-02", "/\\ /\\ NN NN /\\");
    let output = run_with_pupils(policy, &register, Some("pupil,sessions-allowed\nE,3\nG,3.5\n"));
    assert_eq!(fired(&output, "more absence than agreed"), [("E".to_string(), d("2024-09-05"))]);
    assert_eq!(output.quality.counts.get(&QualityKind::OwnThresholdUnreadable), Some(&1));
}

#[test]
fn a_rule_without_a_condition_needs_a_group_it_applies_to() {
    // Only `without`: without pupil details every pupil would be in it.
    let policy =
        "rule \"everyone else\" {\n    for pupils without sen \"EHCP\"\n    then letter \"welcome\"\n}\n";
    let codes: Vec<String> = refused(policy).into_iter().map(|(code, _)| code).collect();
    assert_eq!(codes, ["N008"]);
}

#[test]
fn a_column_no_pupil_details_give_is_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.attend");
    let rule = "rule \"below own target\" {\n    when attendance < pupil attendance-target\n    then letter \"target\"\n}\n";
    std::fs::write(&policy, format!("{HEADER}{rule}")).unwrap();
    let register = dir.path().join("register.csv");
    std::fs::write(&register, format!("pupil,date,session,mark\n{}", filler(5))).unwrap();
    let pupils = dir.path().join("pupils.csv");
    std::fs::write(&pupils, "pupil,target\nF,95%\n").unwrap();
    let warned = |extra: &[&str]| {
        let mut args = vec!["run", policy.to_str().unwrap(), "--register", register.to_str().unwrap()];
        args.extend(extra);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_attend")).args(&args).output().unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(warned(&[]).contains("reads each pupil's `attendance-target`, but no pupils file was given"));
    let wrong_column = warned(&["--pupils", pupils.to_str().unwrap()]);
    assert!(wrong_column.contains("the pupils file has no such column"), "{wrong_column}");
    std::fs::write(&pupils, "pupil,attendance-target\nF,95%\n").unwrap();
    assert!(!warned(&["--pupils", pupils.to_str().unwrap()]).contains("warning"));
}
