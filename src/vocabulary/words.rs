//! Conditions written back in the policy language, for explanations:
//! `sessions(G, N, O, U) >= 10 over rolling 10 school weeks`.

use super::condition::{Comparison, Condition, Measure, RunUnit, Threshold, Window};
use std::fmt;

impl<A> fmt::Display for Condition<A, Vec<String>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let joined = |parts: &[Condition<A, Vec<String>>], word: &str, f: &mut fmt::Formatter<'_>| {
            for (n, part) in parts.iter().enumerate() {
                if n > 0 {
                    write!(f, " {word} ")?;
                }
                match part {
                    Condition::Compare(c) => write!(f, "{c}")?,
                    nested => write!(f, "({nested})")?,
                }
            }
            Ok(())
        };
        match self {
            Condition::Compare(c) => write!(f, "{c}"),
            Condition::All(parts) => joined(parts, "and", f),
            Condition::Any(parts) => joined(parts, "or", f),
        }
    }
}

impl<A> fmt::Display for Comparison<A, Vec<String>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.measure, self.comparator.symbol(), self.threshold)?;
        match self.window {
            Window::CurrentRun => Ok(()),
            window => write!(f, " {window}"),
        }
    }
}

/// A list of codes as the language writes it between brackets.
pub trait CodeList {
    fn names(&self) -> Vec<String>;
}

impl CodeList for Vec<String> {
    fn names(&self) -> Vec<String> {
        self.iter().map(|code| code_name(code)).collect()
    }
}

/// A code as written in a list: bare (`L`, `C1`, `/`) or quoted.
pub fn code_name(code: &str) -> String {
    if super::is_bare_code(code) { code.to_string() } else { format!("\"{code}\"") }
}

impl<C: CodeList> fmt::Display for Measure<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let codes = |c: &C| c.names().join(", ");
        match self {
            Measure::Attendance => f.write_str("attendance"),
            Measure::Absence => f.write_str("absence"),
            Measure::AuthorisedAbsence => f.write_str("authorised absence"),
            Measure::UnauthorisedAbsence => f.write_str("unauthorised absence"),
            Measure::AttendanceRise => f.write_str("attendance rise"),
            Measure::AttendanceFall => f.write_str("attendance fall"),
            Measure::Sessions(c) => write!(f, "sessions({})", codes(c)),
            Measure::SchoolDays(c) => write!(f, "school days({})", codes(c)),
            Measure::Consecutive { unit: RunUnit::SchoolDays, codes: c } => {
                write!(f, "consecutive school days({})", codes(c))
            }
            Measure::Consecutive { unit: RunUnit::Weekdays, codes: c } => {
                write!(f, "consecutive weekdays({})", codes(c))
            }
            Measure::Spells(c) => write!(f, "spells({})", codes(c)),
            Measure::ReturnAfter(c) => write!(f, "return after school days({})", codes(c)),
            Measure::MinutesLate => f.write_str("minutes late"),
            Measure::Records(name) => write!(f, "records(\"{name}\")"),
        }
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Threshold::Count(n) => write!(f, "{n}"),
            Threshold::NotStated => f.write_str("not stated"),
            Threshold::Pupil(ref column) => write!(f, "pupil {column}"),
            Threshold::PercentHundredths(h) if h % 100 == 0 => write!(f, "{}%", h / 100),
            Threshold::PercentHundredths(h) => {
                write!(f, "{}.{}%", h / 100, format!("{:02}", h % 100).trim_end_matches('0'))
            }
        }
    }
}

/// `one` for a count of 1, `many` for any other: `1 school week`, `2 school weeks`.
pub fn plural<'a>(n: u32, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Window::CurrentRun => f.write_str("the current run"),
            Window::YearToDate => f.write_str("over year to date"),
            Window::Term => f.write_str("over term"),
            Window::HalfTerm => f.write_str("over half term"),
            Window::RollingSchoolWeeks(n) => {
                write!(f, "over rolling {n} {}", plural(n, "school week", "school weeks"))
            }
            Window::RollingWeeks(n) => write!(f, "over rolling {n} {}", plural(n, "week", "weeks")),
            Window::LastSchoolDays(n) => {
                write!(f, "over last {n} {}", plural(n, "school day", "school days"))
            }
            Window::SinceStage(0) => f.write_str("since the stage it follows"),
            Window::SinceStage(k) => write!(f, "since the stage it follows {}", k + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::source::SourceMap;
    use crate::vocabulary::CodeList;
    use crate::{model, syntax};

    /// Each condition, parsed and typed by the language, reads back as written.
    #[test]
    fn conditions_read_back_as_the_policy_writes_them() {
        for text in [
            "sessions(G, N, O, U) >= 10 over rolling 10 school weeks",
            "attendance < 96% over year to date",
            "attendance < 92.5% over term",
            "consecutive school days(I) >= 15 or school days(I) >= 15 over year to date",
            "consecutive weekdays(O) >= 10",
            "spells(I) >= 3 over last 20 school days",
            "minutes late > 60 over rolling 1 week",
            "absence >= 10% over half term and (sessions(L) > 3 over term or unauthorised absence >= 1% over year to date)",
        ] {
            let mut sources = SourceMap::new();
            let file = sources.add("condition", text.to_string());
            let parsed =
                syntax::parse_condition(file, text).unwrap_or_else(|d| panic!("{text}: {}", d.message));
            let typed = model::type_condition(&parsed).unwrap_or_else(|_| panic!("{text}: does not type"));
            let written =
                typed.node.map(&mut |codes: &model::CodeSet| Ok::<_, ()>(codes.items.names())).unwrap();
            assert_eq!(written.to_string(), text);
        }
    }
}
