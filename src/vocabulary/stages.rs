//! What a rule knows beyond the marks: the stages it follows, the days it is
//! looked at, and the pupils it applies to.

use super::Period;
use serde::{Deserialize, Serialize};

/// A stage a rule follows: the rule waits until `rule` (its index in the rule
/// set) has fired for the pupil on an earlier day, within `within_school_weeks`
/// school weeks when given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub rule: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_school_weeks: Option<u32>,
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
    /// The last school day of each half term, term or year.
    EndOf(Period),
}

/// Pupils whose `attribute` has `value` (a pupils file's or CTF's words).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub attribute: String,
    pub value: String,
}

impl std::fmt::Display for Review {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Review::EverySchoolDays(n) => write!(f, "every {n} school days"),
            Review::EverySchoolWeeks(n) => write!(f, "every {n} school weeks"),
            Review::EndOf(period) => write!(f, "at the end of each {}", period.name()),
        }
    }
}
