//! C701: a school week of the expected length (guidance: a warning).

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C701",
    name: "school-week-short",
    severity: Severity::Warning,
    summary: "a school week shorter than the expected minimum",
    explanation: "Mainstream state schools are expected to deliver at least 32.5 hours a week, counted from the official start of the day (the morning register) to its official end, breaks included. attend measures from the morning register's opening, or from `starts` when no morning register is stated, to `ends`. Five such days come to less. This is non-statutory guidance, not law: a warning.",
    before: "register am { opens 08:35 closes 09:00 }\nday { ends 15:00 }",
    after: "register am { opens 08:35 closes 09:00 }\nday { ends 15:05 }",
});

pub static CHECK: Check = Check { code: CODE, citations: &["school_week"], run };

fn run(cx: &mut Context) {
    let Some(min) = cx.regime.limits.school_week_min_minutes.as_ref().map(|l| l.value) else { return };
    let sections = &cx.school.sections;
    let Some(day) = &sections.day else { return };
    // The official day starts with morning registration.
    let morning = sections.registers.get(&crate::vocabulary::Session::Am).map(|r| &r.opens);
    let (Some(starts), Some(ends)) = (morning.or(day.starts.as_ref()), &day.ends) else { return };
    let weekly = (ends.node - starts.node).num_minutes() * 5;
    if weekly > 0 && weekly < i64::from(min) {
        cx.report(
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
