//! The rules in a parent's words: conditions, actions and how often.

use crate::model::{CodeSet, Comparison, Condition, Measure};
use crate::vocabulary::{Action, CodeList, Comparator, Firing, Period, Review, RunUnit, Threshold, Window};

fn codes(set: &CodeSet) -> String {
    let names = set.items.names();
    match names.as_slice() {
        [one] => format!("`{one}`"),
        _ => format!("any of {}", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")),
    }
}

fn window(w: Window, stages: &[String]) -> String {
    match w {
        Window::CurrentRun => String::new(),
        Window::YearToDate => " over the school year so far".into(),
        Window::Term => " this term".into(),
        Window::HalfTerm => " this half term".into(),
        Window::RollingSchoolWeeks(1) => " in any school week".into(),
        Window::RollingSchoolWeeks(n) => format!(" in any {n} school weeks"),
        Window::RollingWeeks(1) => " in any week".into(),
        Window::RollingWeeks(n) => format!(" in any {n} weeks"),
        Window::LastSchoolDays(1) => " that day".into(),
        Window::LastSchoolDays(n) => format!(" in the last {n} school days"),
        Window::SinceStage(k) => {
            format!(" since the {}", stages.get(k as usize).map_or("earlier step", String::as_str))
        }
    }
}

fn threshold(t: &Threshold) -> String {
    match t {
        Threshold::NotStated => "a number the policy does not state".into(),
        Threshold::Pupil(column) => format!("your child's own {column} (from the school's records)"),
        other => other.to_string(),
    }
}

fn comparison(c: &Comparison, stages: &[String]) -> String {
    let (more, less) = ("reaches", "falls below");
    let verb = match c.comparator {
        Comparator::Less => less.to_string(),
        Comparator::LessOrEqual => "is at or below".into(),
        Comparator::Greater => "is above".into(),
        Comparator::GreaterOrEqual => more.into(),
        Comparator::Equal => "is exactly".into(),
    };
    let t = threshold(&c.threshold);
    let w = window(c.window, stages);
    let points = t.strip_suffix('%').map_or(t.clone(), |n| format!("{n} percentage points"));
    match &c.measure {
        Measure::AttendanceRise => format!("the rise in your child's attendance{w} {verb} {points}"),
        Measure::AttendanceFall => format!("the fall in your child's attendance{w} {verb} {points}"),
        Measure::Attendance => format!("your child's attendance {verb} {t}{w}"),
        Measure::Absence => format!("your child's absence {verb} {t} of sessions{w}"),
        Measure::AuthorisedAbsence => format!("authorised absence {verb} {t} of sessions{w}"),
        Measure::UnauthorisedAbsence => format!("unauthorised absence {verb} {t} of sessions{w}"),
        Measure::Sessions(set) => format!("the number of sessions marked {} {verb} {t}{w}", codes(set)),
        Measure::SchoolDays(set) => format!("the number of school days marked {} {verb} {t}{w}", codes(set)),
        Measure::Consecutive { unit, codes: set } => {
            let days = if *unit == RunUnit::Weekdays { "weekdays" } else { "school days" };
            format!("the number of {days} in a row marked {} {verb} {t}", codes(set))
        }
        Measure::ReturnAfter(set) => {
            format!(
                "on the day your child returns, the number of school days just missed marked {} {verb} {t}",
                codes(set)
            )
        }
        Measure::Spells(set) => format!("the number of separate spells marked {} {verb} {t}{w}", codes(set)),
        Measure::MinutesLate => format!("the minutes late {verb} {t}{w}"),
        Measure::Records(name) => match (c.comparator, &c.threshold) {
            (Comparator::GreaterOrEqual, Threshold::Count(1)) => format!("we have recorded \"{name}\"{w}"),
            (Comparator::Equal, Threshold::Count(0)) => format!("we have not recorded \"{name}\"{w}"),
            _ => format!("the number of times we have recorded \"{name}\" {verb} {t}{w}"),
        },
    }
}

/// A condition as a clause: "your child's attendance falls below 96% over the
/// school year so far".
pub fn condition(c: &Condition, stages: &[String]) -> String {
    match c {
        Condition::Compare(c) => comparison(c, stages),
        Condition::All(parts) => parts.iter().map(|p| condition(p, stages)).collect::<Vec<_>>().join(" and "),
        Condition::Any(parts) => parts.iter().map(|p| condition(p, stages)).collect::<Vec<_>>().join(", or "),
    }
}

/// An action as what the school does: "we will write to you".
pub fn action(a: &Action) -> String {
    match a {
        Action::Letter(name) => format!("write to you (\"{name}\")"),
        Action::Meeting(with) => format!("invite you to a meeting ({with})"),
        Action::Contact(whom) => format!("contact you ({whom})"),
        Action::HomeVisit => "visit your home".into(),
        Action::NotifyLocalAuthority => "tell the local authority".into(),
        Action::Sanction(what) => format!("give a sanction ({what})"),
        Action::ConsiderPenaltyNotice => "consider a penalty notice".into(),
        Action::ConsiderSuspensionPenaltyNotice => {
            "consider a penalty notice for a suspended or excluded pupil found in a public place".into()
        }
        Action::IssueNoticeToImprove => "issue a notice to improve".into(),
        Action::ReferChildrenMissingEducation => {
            "refer your child to the local authority's children missing education team".into()
        }
        Action::RequestMedicalEvidence => "ask for medical evidence".into(),
        Action::Refer(to) => format!("refer your child to {to}"),
        Action::SignIn(at) => format!("ask your child to sign in at {at}"),
        Action::RemoveFromRoll => "take your child's name off the school's roll".into(),
        Action::Recode(code) => format!("record those sessions as `{code}` instead"),
        Action::Mark(code) => format!("record the mark `{code}`"),
    }
}

/// Several actions joined: "write to you and invite you to a meeting".
pub fn actions(all: &[Action]) -> String {
    let words: Vec<String> = all.iter().map(action).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

pub fn firing(f: Firing) -> Option<String> {
    match f {
        Firing::OnEachRise => None,
        Firing::Once => Some("once".into()),
        Firing::OncePer(Period::HalfTerm) => Some("at most once each half term".into()),
        Firing::OncePer(Period::Term) => Some("at most once each term".into()),
        Firing::OncePer(Period::Year) => Some("at most once each school year".into()),
        Firing::RepeatEverySchoolDays(1) => Some("again every school day while it lasts".to_string()),
        Firing::RepeatEverySchoolDays(n) => Some(format!("again every {n} school days while it lasts")),
    }
}

pub fn review(r: Review) -> String {
    match r {
        Review::EverySchoolDays(1) => "we look at this every school day".into(),
        Review::EverySchoolDays(n) => format!("we look at this every {n} school days"),
        Review::EverySchoolWeeks(1) => "we look at this every week".into(),
        Review::EverySchoolWeeks(n) => format!("we look at this every {n} school weeks"),
        Review::EverySessions(1) => "we look at this every session".into(),
        Review::EverySessions(n) => format!("we look at this every {n} sessions"),
        Review::EndOf(p) => format!("we look at this at the end of each {}", p.name()),
        Review::EndOfWeek { week, period } => {
            format!("we look at this at the end of week {week} of each {}", period.name())
        }
        Review::AfterBreak => "we look at this on the first school day after a weekend or a holiday".into(),
        Review::NotStated => "we look at this regularly; how often is not stated".into(),
    }
}

/// A group of pupils in words: "pupils with a child-protection plan",
/// "pupils other than pupils with an education, health and care plan".
pub fn group(g: &crate::vocabulary::Group) -> String {
    let named = match (g.attribute.as_str(), g.value.as_str()) {
        ("cp", "yes") => "pupils with a child-protection plan".into(),
        ("cin", "yes") => "pupils with a child-in-need plan".into(),
        ("fsm", "yes") => "pupils eligible for free school meals".into(),
        ("sen", "EHCP") => "pupils with an education, health and care plan".into(),
        ("sen", "SEN support") => "pupils receiving SEN support".into(),
        ("year", year) => format!("pupils in year {year}"),
        (attribute, value) => format!("pupils whose {attribute} is \"{value}\""),
    };
    if g.without { format!("pupils other than {named}") } else { named }
}
