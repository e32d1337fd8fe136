//! Rules that remember: stages, improvement since a stage, review days and
//! groups of pupils, each on a small register worked out by hand. The filler
//! pupil `F` is present every day, so the calendar is known.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use common::registers::*;

fn a(date: &str) -> (String, chrono::NaiveDate) {
    ("A".to_string(), d(date))
}

#[test]
fn a_stage_waits_for_the_one_it_follows_to_fire_on_an_earlier_day() {
    // A: O all Monday and Tuesday (sessions of O: 2, then 4), then present,
    // then O again all of the third week's Monday.
    let register =
        filler(15) + &rows("A", "2024-09-02", "OO OO /\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\ OO /\\ /\\ /\\ /\\");
    let policy = "rule \"stage 1\" { when sessions(O) >= 3 then letter \"stage 1\" once }\n\
rule \"stage 2\" { after \"stage 1\" when sessions(O) >= 1 then meeting \"attendance lead\" once }\n\
rule \"soon after\" { after \"stage 1\" within 1 school weeks when sessions(O) >= 5 then home visit }\n\
rule \"any time after\" { after \"stage 1\" when sessions(O) >= 5 then home visit }\n";
    let output = run(policy, &register);
    // Stage 1 on Tuesday; stage 2's condition held from Monday, but it waits
    // for the day after stage 1 fired.
    assert_eq!(fired(&output, "stage 1"), [a("2024-09-03")]);
    assert_eq!(fired(&output, "stage 2"), [a("2024-09-04")]);
    // Five sessions of O are reached on Monday 16 September, two school weeks
    // after stage 1: too late for "within 1 school weeks".
    assert!(fired(&output, "soon after").is_empty());
    assert_eq!(fired(&output, "any time after"), [a("2024-09-16")]);
}

#[test]
fn improvement_since_a_stage_and_its_absence_are_both_rules() {
    // A and B: O all Monday and Tuesday (stage 1 fires on Tuesday for both);
    // then A is present every day and B absent every day.
    let register = filler(5)
        + &rows("A", "2024-09-02", "OO OO /\\ /\\ /\\")
        + &rows("B", "2024-09-02", "OO OO OO OO OO");
    let policy = "rule \"stage 1\" { when sessions(O) >= 3 then letter \"stage 1\" once }\n\
rule \"improved\" { after \"stage 1\" when attendance >= 100% since \"stage 1\" then letter \"well done\" minimum 6 possible sessions once }\n\
rule \"not improved\" { after \"stage 1\" when attendance < 90% since \"stage 1\" then meeting \"stage 2\" minimum 6 possible sessions once }\n";
    let output = run(policy, &register);
    // Wednesday to Friday are the six sessions since the letter.
    assert_eq!(fired(&output, "improved"), [a("2024-09-06")]);
    assert_eq!(fired(&output, "not improved"), [("B".to_string(), d("2024-09-06"))]);
    // The event's window is the days since the stage.
    let event = output.events.iter().find(|e| e.rule == "improved").unwrap();
    assert_eq!((event.window_from, event.window_to), (d("2024-09-04"), d("2024-09-06")));
}

#[test]
fn a_rule_with_review_days_is_looked_at_only_on_them() {
    // A: O on the first Monday morning only.
    let register = filler(10) + &rows("A", "2024-09-02", "O\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\ /\\");
    let policy = "rule \"daily\" { when sessions(O) >= 1 then letter \"daily\" once }\n\
rule \"weekly\" { when sessions(O) >= 1 then letter \"weekly\" once reviewed every 1 school weeks }\n\
rule \"fortnightly\" { when sessions(O) >= 1 then letter \"fortnightly\" once reviewed every 2 school weeks }\n\
rule \"every 3 days\" { when sessions(O) >= 1 then letter \"three\" once reviewed every 3 school days }\n";
    let output = run(policy, &register);
    assert_eq!(fired(&output, "daily"), [a("2024-09-02")]);
    // The last school day of the first week, and of the second.
    assert_eq!(fired(&output, "weekly"), [a("2024-09-06")]);
    assert_eq!(fired(&output, "fortnightly"), [a("2024-09-13")]);
    // The third school day of the year.
    assert_eq!(fired(&output, "every 3 days"), [a("2024-09-04")]);
}

#[test]
fn a_group_rule_applies_only_to_the_pupils_in_the_group() {
    let register = filler(5) + &rows("A", "2024-09-02", "O\\ /\\") + &rows("B", "2024-09-02", "O\\ /\\");
    let policy = "rule \"safeguarding\" { for pupils with cp \"yes\" when sessions(O) >= 1 then contact \"designated safeguarding lead\" }\n";
    let output = run_with_pupils(policy, &register, Some("pupil,cp\nA,Y\nB,N\n"));
    assert_eq!(fired(&output, "safeguarding"), [a("2024-09-02")]);
    // Without pupil details no pupil is known to be in the group.
    assert!(fired(&run(policy, &register), "safeguarding").is_empty());
}

#[test]
fn a_return_after_a_run_of_absence_is_seen_on_the_day_back() {
    // A: absent Monday to Wednesday, back on Thursday. B: two days only.
    // C: absent three days and Thursday morning, in on Thursday afternoon.
    // D: absent Monday to Friday, never back within the register.
    let register = filler(5)
        + &rows("A", "2024-09-02", "OO OO OO /\\ /\\")
        + &rows("B", "2024-09-02", "OO OO /\\ /\\ /\\")
        + &rows("C", "2024-09-02", "OO OO OO O\\ /\\")
        + &rows("D", "2024-09-02", "OO OO OO OO OO");
    let policy = "rule \"reintegration\" { when return after school days(absent) >= 3 then meeting \"attendance lead\" }\n";
    let output = run(policy, &register);
    assert_eq!(
        fired(&output, "reintegration"),
        [("A".to_string(), d("2024-09-05")), ("C".to_string(), d("2024-09-05"))]
    );
    let event = output.events.iter().find(|e| e.rule == "reintegration").unwrap();
    assert_eq!(event.value.number(), "3");
}

#[test]
fn a_rise_since_a_stage_compares_the_year_so_far_with_the_day_it_fired() {
    // A: absent all Monday and Tuesday (stage 1 on Tuesday at 0%), then
    // present: 2/6 = 33.33% on Wednesday, 4/8 = 50% on Thursday. B stays away.
    let register = filler(5)
        + &rows("A", "2024-09-02", "OO OO /\\ /\\ /\\")
        + &rows("B", "2024-09-02", "OO OO OO OO OO");
    let policy = "rule \"stage 1\" { when sessions(O) >= 4 then letter \"stage 1\" once }\n\
rule \"improved\" { after \"stage 1\" when attendance rise >= 40% since \"stage 1\" then letter \"well done\" once }\n";
    let output = run(policy, &register);
    assert_eq!(fired(&output, "improved"), [a("2024-09-05")]);
    let event = output.events.iter().find(|e| e.rule == "improved").unwrap();
    assert_eq!(event.value.number(), "50.00");
}

#[test]
fn a_fall_over_a_window_compares_it_with_the_same_length_before() {
    // C: present Monday to Thursday, absent Friday: on Friday the last two
    // days (Thursday, Friday) are 50%, the two before (Tuesday, Wednesday)
    // 100%. D is absent on Tuesday only: on Wednesday the last two days are
    // 50% and the window before reaches back to Monday alone, 100%; on
    // Tuesday there is no window before.
    let register = filler(5)
        + &rows("C", "2024-09-02", "/\\ /\\ /\\ /\\ OO")
        + &rows("D", "2024-09-02", "/\\ OO /\\ /\\ /\\");
    let policy = "rule \"falling\" { when attendance fall >= 50% over last 2 school days then meeting \"attendance lead\" }\n";
    let output = run(policy, &register);
    assert_eq!(
        fired(&output, "falling"),
        [("C".to_string(), d("2024-09-06")), ("D".to_string(), d("2024-09-04"))]
    );
    // With a minimum of 4 possible sessions, both windows must hold them: D's
    // earlier window holds 2.
    let full = policy.replace(" }\n", " minimum 4 possible sessions }\n");
    assert_eq!(fired(&run(&full, &register), "falling"), [("C".to_string(), d("2024-09-06"))]);
    // One step higher and it does not hold.
    let stricter = policy.replace(">= 50%", "> 50%");
    assert!(fired(&run(&stricter, &register), "falling").is_empty());
}

#[test]
fn a_fall_over_half_term_compares_it_with_the_whole_of_the_last() {
    // Two weeks before the October break, all present; after it, A is away
    // on Monday and Tuesday. On the Monday the half term so far is 0%
    // against the last half term's 100%: a fall of 100 points, the rule's
    // first day.
    let before = "/\\ ".repeat(10);
    let after = "OO OO /\\ /\\ /\\";
    let register = rows("F", "2024-10-14", &before)
        + &rows("F", "2024-11-04", &"/\\ ".repeat(5))
        + &rows("A", "2024-10-14", &before)
        + &rows("A", "2024-11-04", after);
    let policy = "rule \"falling\" { when attendance fall >= 40% over half term then letter \"falling\" }\n";
    let output = run(policy, &register);
    assert_eq!(fired(&output, "falling"), [a("2024-11-04")]);
    let event = output.events.iter().find(|e| e.rule == "falling").unwrap();
    assert_eq!(event.value.number(), "100.00", "Monday alone: 0% against 100%");
}

#[test]
fn a_review_in_a_week_of_each_half_term_falls_on_its_last_school_day() {
    // Two weeks before the October break, three after; A is away on the
    // first Monday. Week 2 of each half term ends on Friday 25 October and
    // Friday 15 November.
    let register = rows("F", "2024-10-14", &"/\\ ".repeat(10))
        + &rows("F", "2024-11-04", &"/\\ ".repeat(15))
        + &rows("A", "2024-10-14", &format!("OO{}", " /\\".repeat(9)))
        + &rows("A", "2024-11-04", &"/\\ ".repeat(15));
    let policy = "rule \"review\" { when sessions(O) >= 1 then letter \"review\" reviewed at the end of week 2 of each half term }\n";
    let output = run(policy, &register);
    assert_eq!(fired(&output, "review"), [a("2024-10-25"), a("2024-11-15")]);
}

#[test]
fn a_review_after_each_break_is_the_first_school_day_after_a_weekend_or_holiday() {
    // A: N on Tuesday 3 September (not after a break) and on Monday 9th (after
    // the weekend), then on Monday 28 October, the first day back after the
    // half-term break (the register has no school from 14 to 25 October).
    let register = filler(10)
        + &rows("F", "2024-10-28", "/\\ /\\")
        + &rows("A", "2024-09-02", "/\\ NN /\\ /\\ /\\ NN /\\ /\\ /\\ /\\")
        + &rows("A", "2024-10-28", "NN /\\");
    let policy = "rule \"not back after a break\" { when sessions(N) >= 1 over last 1 school days then home visit reviewed on the first school day after each break }\n";
    let output = run(policy, &register);
    assert_eq!(fired(&output, "not back after a break"), [a("2024-09-09"), a("2024-10-28")]);
}

#[test]
fn a_stage_with_at_least_waits_out_the_improvement_period() {
    // A: a notice to improve on Monday 2 September (two O), another O on
    // Tuesday morning, then present. Two weeks after the notice is Monday
    // 16 September: the first day the penalty rule is looked at, when the
    // Tuesday absence since the notice is counted.
    let register = filler(15) + &rows("A", "2024-09-02", &format!("OO O\\{}", " /\\".repeat(13)));
    let policy = "rule \"notice\" { when sessions(O) >= 2 then issue notice to improve once }\n\
rule \"penalty\" { after \"notice\" at least 2 weeks when sessions(O) >= 1 since \"notice\" then consider penalty notice once }\n";
    let output = run(policy, &register);
    assert_eq!(fired(&output, "notice"), [a("2024-09-02")]);
    assert_eq!(fired(&output, "penalty"), [a("2024-09-16")]);
    // Without the wait it comes the day after the notice.
    let output = run(&policy.replace(" at least 2 weeks", ""), &register);
    assert_eq!(fired(&output, "penalty"), [a("2024-09-03")]);
}

#[test]
fn a_group_left_out_of_a_rule_is_every_other_pupil() {
    // A has an EHCP, B none, C no row in the pupils file.
    let register = filler(5)
        + &rows("A", "2024-09-02", "O\\ /\\")
        + &rows("B", "2024-09-02", "O\\ /\\")
        + &rows("C", "2024-09-02", "O\\ /\\");
    let policy =
        "rule \"reward\" { for pupils without sen \"EHCP\" when sessions(O) >= 1 then letter \"x\" }\n";
    let output = run_with_pupils(policy, &register, Some("pupil,sen\nA,E\nB,N\n"));
    let pupils: Vec<String> = fired(&output, "reward").into_iter().map(|(p, _)| p).collect();
    assert_eq!(pupils, ["B", "C"]);
    // Without pupil details no pupil is known to have the plan: the rule applies to all.
    assert_eq!(fired(&run(policy, &register), "reward").len(), 3);
}

#[test]
fn simulate_shows_each_ladder_in_stage_order_and_the_report_draws_it() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attend"))
        .args(["simulate", "tests/fixtures/ladders/a-ladder-in-order.attend", "--register"])
        .arg("examples/stanborough-2024-25-synthetic.csv")
        .args(["--format", "json", "--html"])
        .arg(&html)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stages = json["ladders"][0]["stages"].as_array().unwrap();
    let names: Vec<&str> = stages.iter().map(|s| s["rule"].as_str().unwrap()).collect();
    assert_eq!(names, ["stage 1", "stage 2", "improved"]);
    // Each stage's pupils are the rule's, and no later stage reaches more
    // pupils than the one it follows.
    for stage in stages {
        let rule = json["rules"].as_array().unwrap().iter().find(|r| r["rule"] == stage["rule"]).unwrap();
        assert_eq!(stage["pupils"], rule["pupils"]);
        assert!(stage["pupils"].as_u64() <= stages[0]["pupils"].as_u64());
    }
    let page = std::fs::read_to_string(&html).unwrap();
    // The funnel names each stage in full, with what it follows and its pupils.
    assert!(page.contains("<h2>Escalation ladder</h2>"));
    for stage in stages {
        let row = format!("<tr><td>{}</td>", stage["rule"].as_str().unwrap());
        assert!(page.contains(&row), "{row}");
    }
    assert!(page.contains("<td>stage 1</td><td class=\"n\">"), "stage 2 follows stage 1");
}

#[test]
fn part_time_marks_outside_an_agreed_plan_or_without_a_review_are_findings() {
    use attend::engine::QualityKind;
    // A: C2 on Monday and Friday afternoons under a plan from Monday to
    // Wednesday with a review; B: C2 on Monday and Tuesday afternoons under a
    // plan without a review date; C: C2 on Monday afternoon with no plan.
    let c2 = |pupil: &str, days: &[&str]| {
        days.iter()
            .map(|day| format!("{pupil},2024-09-{day},AM,/\n{pupil},2024-09-{day},PM,C2\n"))
            .collect::<String>()
    };
    let register = filler(5) + &c2("A", &["02", "06"]) + &c2("B", &["02", "03"]) + &c2("C", &["02"]);
    let pupils = "pupil,part_time_from,part_time_to,part_time_review\n\
A,2024-09-02,2024-09-04,2024-09-20\nB,2024-09-02,2024-09-30,\nC,,,\n";
    let output = run_with_pupils("", &register, Some(pupils));
    let found = |kind| output.quality.counts.get(&kind).copied().unwrap_or(0);
    // A's Friday is after its plan; C has no plan.
    assert_eq!(found(QualityKind::PartTimeOutsidePlan), 2);
    assert_eq!(found(QualityKind::PartTimeWithoutReview), 2);
}

#[test]
fn a_plan_longer_than_the_policy_allows_or_reviewed_too_late_is_a_finding() {
    use attend::engine::QualityKind;
    // A plan from Monday 2 September to the end of October, reviewed on
    // 15 October; the policy allows 2 weeks and a review every week. C2 on
    // 2 September is within both; on 9 September the week has passed with
    // no review yet due; on 16 September the 2 weeks have passed.
    let c2 = |day: &str| format!("A,2024-09-{day},AM,/\nA,2024-09-{day},PM,C2\n");
    let register = filler(15) + &c2("02") + &c2("09") + &c2("16");
    let pupils = "pupil,part_time_from,part_time_to,part_time_review\nA,2024-09-02,2024-10-31,2024-10-15\n";
    let policy = "part-time timetables {\n    at most 2 weeks\n    reviewed every 1 weeks\n}\n";
    let output = run_with_pupils(policy, &register, Some(pupils));
    let found = |kind| output.quality.counts.get(&kind).copied().unwrap_or(0);
    assert_eq!(found(QualityKind::PartTimeReviewOverdue), 1);
    assert_eq!(found(QualityKind::PartTimeBeyondLimit), 1);
    // Limits not stated check nothing.
    let unstated = "part-time timetables {\n    at most not stated\n    reviewed every not stated\n}\n";
    let output = run_with_pupils(unstated, &register, Some(pupils));
    assert!(
        output
            .quality
            .counts
            .keys()
            .all(|k| !matches!(k, QualityKind::PartTimeBeyondLimit | QualityKind::PartTimeReviewOverdue))
    );
}

#[test]
fn the_national_threshold_applies_at_most_twice_in_three_years_and_a_third_occasion_can_follow() {
    // A whole school week of O in weeks 0, 20, 52 and 157 from Monday
    // 2 September 2024; present on every other weekday, like the filler.
    let weeks = 158;
    let away = [0, 20, 52, 157];
    let marks: String =
        (0..weeks).map(|w| if away.contains(&w) { "OO ".repeat(5) } else { "/\\ ".repeat(5) }).collect();
    let register = filler(weeks * 5) + &rows("A", "2024-09-02", &marks);
    let policy = "rule \"third occasion\" { after \"national penalty-notice threshold\" 2 times within 3 years \
when sessions(unauthorised) >= 10 since \"national penalty-notice threshold\" then notify local authority }\n";
    let output = run(policy, &register);
    // The tenth session of O is each week's Friday afternoon. The third week
    // away (September 2025) is within three years of two notices considered,
    // so the duty does not apply; by September 2027 the first is three years
    // old, and it applies again. The third occasion counts the sessions since
    // the last notice was considered.
    assert_eq!(
        fired(&output, "national penalty-notice threshold"),
        [a("2024-09-06"), a("2025-01-24"), a("2027-09-10")]
    );
    assert_eq!(fired(&output, "third occasion"), [a("2025-09-05")]);
}

#[test]
fn a_policy_test_gives_its_pupils_details_for_group_rules() {
    let dir = tempfile::tempdir().unwrap();
    let policy = format!(
        "{HEADER}rule \"safeguarding\" {{\n    for pupils with cp \"yes\"\n    when sessions(O) >= 1 over year to date\n    then contact \"designated safeguarding lead\"\n}}\n"
    );
    std::fs::write(dir.path().join("p.attend"), policy).unwrap();
    let tests = "tests for \"p.attend\"\n\n\
test \"a pupil with a plan is contacted\" {\n    pupil \"A\" from 2024-09-02 marks \"O\\\\ /\\\\\" with cp \"Y\"\n    pupil \"B\" from 2024-09-02 marks \"O\\\\ /\\\\\" with cp \"no\"\n    expect \"safeguarding\" on 2024-09-02 for \"A\"\n    expect no \"safeguarding\" for \"B\"\n}\n";
    std::fs::write(dir.path().join("p.attend-test"), tests).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attend"))
        .args(["test", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}{}", String::from_utf8_lossy(&out.stderr));
    assert!(shown.contains("1 passed, 0 failed"), "{shown}");
    // The layout keeps the details.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attend"))
        .args(["fmt", "--check", dir.path().join("p.attend-test").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_part_time_limit_given_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.attend");
    std::fs::write(
        &policy,
        format!("{HEADER}part-time timetables {{\n    at most 6 weeks\n    at most 4 weeks\n}}\n"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attend"))
        .args(["check", policy.to_str().unwrap(), "--as-of", "2026-11-23", "--format", "json"])
        .output()
        .unwrap();
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(json.contains("`at most` is given twice"), "{json}");
    assert_eq!(out.status.code(), Some(1));
}
