//! Durations, money and the terms of penalty notices.

use serde::{Deserialize, Serialize};

/// A unit a policy writes a duration in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    SchoolDays,
    SchoolWeeks,
    Minutes,
    Days,
    Weeks,
    Years,
    Sessions,
}

impl Unit {
    pub fn name(self, plural: bool) -> &'static str {
        match (self, plural) {
            (Unit::SchoolDays, true) => "school days",
            (Unit::SchoolDays, false) => "school day",
            (Unit::SchoolWeeks, true) => "school weeks",
            (Unit::SchoolWeeks, false) => "school week",
            (Unit::Minutes, true) => "minutes",
            (Unit::Minutes, false) => "minute",
            (Unit::Days, true) => "days",
            (Unit::Days, false) => "day",
            (Unit::Weeks, true) => "weeks",
            (Unit::Weeks, false) => "week",
            (Unit::Years, true) => "years",
            (Unit::Years, false) => "year",
            (Unit::Sessions, true) => "sessions",
            (Unit::Sessions, false) => "session",
        }
    }
}

/// A whole number of some unit, at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duration {
    pub amount: u32,
    pub unit: Unit,
}

/// Which penalty notice, in the order notices are issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    First,
    Second,
    Suspension,
}

impl NoticeKind {
    pub fn word(self) -> &'static str {
        match self {
            NoticeKind::First => "first",
            NoticeKind::Second => "second",
            NoticeKind::Suspension => "suspension",
        }
    }
}

/// An amount and the days within which it is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    pub pence: u64,
    pub within_days: u32,
}

/// At most so many notices to a parent for a child within so many years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerChildLimit {
    pub notices: u32,
    pub within_years: u32,
}

/// Pence as pounds: `£80`, `£80.50`.
pub fn money(pence: u64) -> String {
    if pence.is_multiple_of(100) {
        format!("£{}", pence / 100)
    } else {
        format!("£{}.{:02}", pence / 100, pence % 100)
    }
}
