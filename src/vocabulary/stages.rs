//! What a rule knows beyond the marks: the stages it follows, the days it is
//! looked at, and the pupils it applies to.

use super::Period;
use super::words::plural;
use serde::{Deserialize, Serialize};

/// A stage a rule follows: the rule waits until `rule` (its index in the rule
/// set) has fired for the pupil on `times` earlier days, all within the
/// lookback when one is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub rule: usize,
    #[serde(default = "once", skip_serializing_if = "is_once")]
    pub times: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<Lookback>,
    /// Not until this long after the stage last fired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<Lookback>,
}

fn once() -> u32 {
    1
}

fn is_once(times: &u32) -> bool {
    *times == 1
}

/// How far back a stage or a limit looks from the day evaluated: the school
/// weeks ending with its week, or the calendar weeks or years ending with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lookback {
    SchoolWeeks(u32),
    Weeks(u32),
    Years(u32),
}

impl std::fmt::Display for Lookback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Lookback::SchoolWeeks(n) => write!(f, "{n} {}", plural(*n, "school week", "school weeks")),
            Lookback::Weeks(n) => write!(f, "{n} {}", plural(*n, "week", "weeks")),
            Lookback::Years(n) => write!(f, "{n} {}", plural(*n, "year", "years")),
        }
    }
}

impl Lookback {
    pub fn is_empty(self) -> bool {
        matches!(self, Lookback::SchoolWeeks(0) | Lookback::Weeks(0) | Lookback::Years(0))
    }
}

/// The most times a rule fires for a pupil within a lookback: `at most 2
/// times within 3 years`, as the law limits penalty notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub times: u32,
    pub within: Lookback,
}

/// The days a rule is looked at, when not every school day. Days and weeks
/// are counted from the start of each academic year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Review {
    /// The last of every n school days.
    EverySchoolDays(u32),
    /// The last school day of every n school weeks.
    EverySchoolWeeks(u32),
    /// Every n sessions, counted from the start of each academic year; only
    /// for reports ("throughout the day"), as a rule is looked at once a day.
    EverySessions(u32),
    /// The last school day of each half term, term or year.
    EndOf(Period),
    /// The last school day of the `week`th school week of each period.
    EndOfWeek { week: u32, period: Period },
    /// The first school day after a day without school on a weekday or a
    /// weekend: every Monday, and the first day back after a holiday.
    AfterBreak,
    /// Reviewed regularly, at an interval the policy does not state: never
    /// a review day, so the rule never fires when run.
    NotStated,
}

/// Pupils whose `attribute` has `value` (a pupils file's or CTF's words), or
/// with `without`, every other pupil.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub attribute: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub without: bool,
}

impl Group {
    /// Whether a pupil whose attribute has `value` is in the group.
    pub fn admits(&self, value: &str) -> bool {
        value.eq_ignore_ascii_case(&self.value) != self.without
    }
}

impl std::fmt::Display for Review {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Review::EverySchoolDays(n) => write!(f, "every {n} {}", plural(*n, "school day", "school days")),
            Review::EverySchoolWeeks(n) => {
                write!(f, "every {n} {}", plural(*n, "school week", "school weeks"))
            }
            Review::EverySessions(n) => write!(f, "every {n} {}", plural(*n, "session", "sessions")),
            Review::EndOf(period) => write!(f, "at the end of each {}", period.name()),
            Review::EndOfWeek { week, period } => {
                write!(f, "at the end of week {week} of each {}", period.name())
            }
            Review::AfterBreak => f.write_str("on the first school day after each break"),
            Review::NotStated => f.write_str("every not stated"),
        }
    }
}

/// Whom a report names on each day it falls due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Naming {
    /// The group of this pupils-file column with the best attendance since
    /// the report before: `naming the class with the best attendance`.
    Group(String),
    /// The pupils whose attendance rose most against the period before:
    /// `naming the pupils with the best attendance rise`.
    PupilsByRise,
}

impl std::fmt::Display for Naming {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Naming::Group(column) => write!(f, "naming the {column} with the best attendance"),
            Naming::PupilsByRise => f.write_str("naming the pupils with the best attendance rise"),
        }
    }
}
