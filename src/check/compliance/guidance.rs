//! Expectations of the statutory guidance rather than the regulations: these
//! findings are warnings.

use super::Context;
use crate::diagnostics::Code;
use crate::model::MedicalTrigger;

pub(super) fn check(cx: &mut Context) {
    school_week(cx);
    medical_evidence(cx);
    review_date(cx);
    regulations_still_in_force(cx);
}

fn regulations_still_in_force(cx: &mut Context) {
    let Some(until) = cx.regime.in_force_until else { return };
    if until >= cx.today {
        return;
    }
    let Some(current) = cx.regimes.in_force_on(cx.today) else { return };
    let span = cx.school.regulations.as_ref().map_or(cx.school.effective.span, |r| r.span);
    let (old, new) = (cx.regime.name.clone(), current.name.clone());
    let message = format!("{old} ended on {until}; the regulations in force today are {new}");
    let help = format!(
        "if the policy is still in use, bring it under {new}: `regulations {new}` and a new `effective` date, then check it again"
    );
    // Cite the regulations in force today, or nothing if they lack the provision.
    let citation = current.citation("regulations");
    cx.report(Code::SupersededRegulations, message, span, "replaced since", help).citation = citation;
}

fn school_week(cx: &mut Context) {
    let Some(min) = cx.regime.limits.school_week_min_minutes.as_ref().map(|l| l.value) else { return };
    let Some(day) = &cx.school.sections.day else { return };
    let (Some(starts), Some(ends)) = (&day.starts, &day.ends) else { return };
    let weekly = (ends.node - starts.node).num_minutes() * 5;
    if weekly > 0 && weekly < i64::from(min) {
        cx.report(
            Code::SchoolWeekShort,
            format!(
                "a week of five days from {} to {} is {}; the expected minimum is {}",
                starts.node.format("%H:%M"),
                ends.node.format("%H:%M"),
                hours(weekly),
                hours(i64::from(min))
            ),
            ends.span,
            "the day ends here",
            format!("a day of at least {} meets the expectation", hours(i64::from(min) / 5)),
        );
    }
}

fn hours(minutes: i64) -> String {
    format!("{}h{:02}", minutes / 60, minutes % 60)
}

fn medical_evidence(cx: &mut Context) {
    if !cx.applies(Code::RoutineMedicalEvidence) {
        return;
    }
    let Some(triggers) = &cx.school.sections.medical_evidence else { return };
    let routine: Vec<_> =
        triggers.node.iter().filter(|t| matches!(t.node, MedicalTrigger::When(_))).map(|t| t.span).collect();
    for span in routine {
        cx.report(
            Code::RoutineMedicalEvidence,
            "medical evidence is asked for routinely, after a set amount of illness".to_string(),
            span,
            "a routine request",
            "ask for medical evidence only where there is genuine and reasonable doubt: `when in doubt`"
                .to_string(),
        );
    }
}

fn review_date(cx: &mut Context) {
    if !cx.applies(Code::ReviewDatePassed) {
        return;
    }
    let Some(review) = cx.school.review else { return };
    if review.node < cx.today {
        cx.report(
            Code::ReviewDatePassed,
            format!("the policy was due for review on {}", review.node),
            review.span,
            "this date has passed",
            "review the policy against the regulations in force today, and give the next review date"
                .to_string(),
        );
    }
}
