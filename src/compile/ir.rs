//! The rule set: what a policy compiles to and what the engine runs. It is
//! self-contained (codes expanded, times resolved, no spans) and versioned, so
//! a rule set compiled once can be kept and run many times.

use crate::diagnostics::Citation;
use crate::regulations::Category;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// Bumped whenever the meaning of a field changes; the engine refuses others.
pub const FORMAT_VERSION: u32 = 1;
pub const FORMAT_NAME: &str = "attend-ruleset";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    pub format: String,
    pub version: u32,
    pub school: String,
    pub regulations: String,
    pub effective: NaiveDate,
    /// Every code of the regulations with its statistical category.
    pub codes: Vec<CodeCategory>,
    /// The school's calendar, if the policy declares one; otherwise the run
    /// derives it from the register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<DeclaredCalendar>,
    pub registers: Vec<RegisterTimes>,
    pub rules: Vec<Rule>,
    pub lateness: Vec<ArrivalRule>,
    pub persistent_absence: Condition,
    pub severe_absence: Condition,
    /// The most school days an `N` mark may stand before a reason is found.
    pub unresolved_n_max_school_days: Option<u32>,
}

impl RuleSet {
    /// What `attend compile` guarantees, checked again for a rule set read from
    /// a file: every window and period at least one, percentages at most 100%,
    /// codes listed once, terms in order.
    pub fn check(&self) -> Result<(), String> {
        let mut seen = std::collections::HashSet::new();
        if let Some(code) = self.codes.iter().find(|c| !seen.insert(c.code.as_str())) {
            return Err(format!("the code {} is listed twice", code.code));
        }
        let mut conditions: Vec<(&str, &Condition)> =
            self.rules.iter().map(|r| (r.name.as_str(), &r.when)).collect();
        conditions.push(("persistent absence", &self.persistent_absence));
        conditions.push(("severe absence", &self.severe_absence));
        for (name, condition) in conditions {
            for c in condition.comparisons() {
                let window_ok = !matches!(
                    c.window,
                    Window::RollingSchoolWeeks(0) | Window::RollingWeeks(0) | Window::LastSchoolDays(0)
                );
                let threshold_ok = match (c.threshold, c.measure.is_percentage()) {
                    (Threshold::PercentHundredths(p), true) => p <= 10_000,
                    (Threshold::Count(_), false) => true,
                    _ => false,
                };
                if !window_ok || !threshold_ok {
                    return Err(format!("\"{name}\" has a window of zero or a threshold of the wrong kind"));
                }
            }
        }
        if let Some(rule) = self.rules.iter().find(|r| r.firing == Firing::RepeatEverySchoolDays(0)) {
            return Err(format!("\"{}\" repeats every 0 school days", rule.name));
        }
        if let Some(calendar) = &self.calendar
            && calendar.terms.windows(2).any(|t| t[1].start <= t[0].end)
        {
            return Err("the calendar's terms overlap or are out of order".to_string());
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclaredCalendar {
    pub terms: Vec<Term>,
    /// Weekdays within terms when the school is closed.
    pub closed: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The half-term holiday, first and last day.
    pub half_term: Option<(NaiveDate, NaiveDate)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeCategory {
    pub code: String,
    pub category: Category,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Session {
    Am,
    Pm,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterTimes {
    pub session: Session,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

/// Where a rule comes from: a line of the policy, or a duty of the regulations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Origin {
    Policy { file: String, line: usize, column: usize },
    Statutory { regulations: String, citation: Citation },
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Policy { file, line, column } => write!(f, "{file}:{line}:{column}"),
            Origin::Statutory { regulations, .. } => write!(f, "regulations {regulations}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub name: String,
    pub origin: Origin,
    pub when: Condition,
    pub actions: Vec<String>,
    pub firing: Firing,
    /// Percentage comparisons are false while their window holds fewer
    /// possible sessions than this.
    pub minimum_possible_sessions: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Firing {
    OnEachRise,
    Once,
    OncePerHalfTerm,
    OncePerTerm,
    OncePerYear,
    RepeatEverySchoolDays(u32),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArrivalRule {
    pub after: NaiveTime,
    pub action: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    Any(Vec<Condition>),
    All(Vec<Condition>),
    Compare(Comparison),
}

impl Condition {
    pub fn comparisons(&self) -> Vec<&Comparison> {
        match self {
            Condition::Compare(c) => vec![c],
            Condition::Any(parts) | Condition::All(parts) => {
                parts.iter().flat_map(|p| p.comparisons()).collect()
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    pub measure: Measure,
    pub comparator: Comparator,
    pub threshold: Threshold,
    pub window: Window,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
}

impl Comparator {
    /// Compares `value` with `threshold`; both scaled alike by the caller.
    pub fn holds(self, value: u128, threshold: u128) -> bool {
        match self {
            Comparator::Less => value < threshold,
            Comparator::LessOrEqual => value <= threshold,
            Comparator::Greater => value > threshold,
            Comparator::GreaterOrEqual => value >= threshold,
            Comparator::Equal => value == threshold,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    PercentHundredths(u32),
    Count(u64),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Attendance,
    Absence,
    AuthorisedAbsence,
    UnauthorisedAbsence,
    Sessions(Vec<String>),
    SchoolDays(Vec<String>),
    ConsecutiveSchoolDays(Vec<String>),
    ConsecutiveWeekdays(Vec<String>),
    Spells(Vec<String>),
    MinutesLate,
}

impl Measure {
    pub fn codes(&self) -> Option<&[String]> {
        match self {
            Measure::Sessions(c)
            | Measure::SchoolDays(c)
            | Measure::ConsecutiveSchoolDays(c)
            | Measure::ConsecutiveWeekdays(c)
            | Measure::Spells(c) => Some(c),
            _ => None,
        }
    }

    pub fn is_percentage(&self) -> bool {
        matches!(
            self,
            Measure::Attendance
                | Measure::Absence
                | Measure::AuthorisedAbsence
                | Measure::UnauthorisedAbsence
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Window {
    CurrentRun,
    YearToDate,
    Term,
    HalfTerm,
    RollingSchoolWeeks(u32),
    RollingWeeks(u32),
    LastSchoolDays(u32),
}
