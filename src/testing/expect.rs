//! Holding a run to a test's expectations; each one not met is a failure
//! with what was expected, what happened, and the pupil's marks around it.

use super::Test;
use super::marks::TestMark;
use crate::engine::RunOutput;
use crate::source::{FileId, SourceMap};
use crate::syntax::ast::Expected;
use crate::vocabulary::Value;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The expectation's line in the test file (none when the run itself failed).
    pub line: Option<usize>,
    pub expectation: String,
    pub expected: String,
    pub actual: String,
    /// The pupil's marks around the day in question.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marks: Option<String>,
}

impl Failure {
    pub fn refused(message: String) -> Failure {
        Failure {
            line: None,
            expectation: "the test's register".into(),
            expected: "a register the run reads".into(),
            actual: message,
            marks: None,
        }
    }
}

pub fn failures(test: &Test, output: &RunOutput, sources: &SourceMap, file: FileId) -> Vec<Failure> {
    let mut out = Vec::new();
    for (e, typed) in test.case.expectations.iter().zip(&test.expectations) {
        let super::Typed { pupil, on, times, percent } = typed;
        let marks = test.marks.iter().find(|(p, _)| p == pupil).map_or(&[][..], |(_, m)| m.as_slice());
        let (held, expected, actual, around) = match &e.what {
            Expected::Rule { name, .. } => {
                let mut days: Vec<NaiveDate> = output
                    .events
                    .iter()
                    .filter(|ev| &ev.pupil == pupil && ev.rule == name.node)
                    .map(|ev| ev.date)
                    .collect();
                days.dedup();
                let fired = match days.as_slice() {
                    [] => "it never fires".to_string(),
                    many => format!("it fires on {}", join(many)),
                };
                let (held, expected) = match (on, times) {
                    (Some(day), _) => (days.contains(day), format!("it fires on {day}")),
                    (None, Some(n)) => {
                        (days.len() == *n as usize, format!("it fires {n} time{}", plural(*n)))
                    }
                    (None, None) => (!days.is_empty(), "it fires".to_string()),
                };
                let around = on.or_else(|| days.first().copied());
                (held, expected, fired, around)
            }
            Expected::Attendance(_) => {
                let summary = output.summaries.iter().rfind(|s| &s.pupil == pupil);
                let actual = summary.map(|s| s.attendance());
                let wanted = percent.unwrap_or(0);
                let held = actual.and_then(Value::hundredths) == Some(u64::from(wanted));
                let shown = actual.map_or_else(|| "no possible sessions".to_string(), |v| v.to_string());
                (
                    held,
                    format!("attendance {}.{:02}%", wanted / 100, wanted % 100),
                    format!("attendance {shown}"),
                    None,
                )
            }
            Expected::Persistent | Expected::Severe => {
                let severe = matches!(e.what, Expected::Severe);
                let summary = output.summaries.iter().rfind(|s| &s.pupil == pupil);
                let absent =
                    summary.is_some_and(|s| if severe { s.severe_absence } else { s.persistent_absence });
                let what = if severe { "severely absent" } else { "persistently absent" };
                let state = |yes: bool| if yes { what.to_string() } else { format!("not {what}") };
                (absent, state(true), state(absent), marks.last().map(|m| m.date))
            }
        };
        let met = held != e.negated;
        if !met {
            let expected = if e.negated { format!("not: {expected}") } else { expected };
            out.push(Failure {
                line: Some(sources.line_col(file, e.span.start).line),
                expectation: sources.quote(e.span),
                expected,
                actual,
                marks: around.map(|day| around_day(marks, day)),
            });
        }
    }
    out
}

/// The marks of the school days from a week before `day` to a week after.
fn around_day(marks: &[TestMark], day: NaiveDate) -> String {
    let week = chrono::Days::new(7);
    let from = day.checked_sub_days(week).unwrap_or(NaiveDate::MIN);
    let to = day.checked_add_days(week).unwrap_or(NaiveDate::MAX);
    let mut out = String::new();
    let mut last: Option<NaiveDate> = None;
    for m in marks.iter().filter(|m| m.date >= from && m.date <= to) {
        if last != Some(m.date) {
            if last.is_some() {
                out.push_str("  ");
            }
            out.push_str(&format!("{} ", m.date.format("%a %d %b")));
            last = Some(m.date);
        }
        out.push_str(&m.code);
    }
    out
}

fn join(days: &[NaiveDate]) -> String {
    const SHOWN: usize = 6;
    let mut shown: Vec<String> = days.iter().take(SHOWN).map(NaiveDate::to_string).collect();
    if days.len() > SHOWN {
        shown.push(format!("and {} more days", days.len() - SHOWN));
    }
    shown.join(", ")
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}
