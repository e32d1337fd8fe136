//! The rule set: what a policy compiles to and what the engine runs. It is
//! self-contained (codes expanded, times resolved, no spans) and versioned, so
//! a rule set compiled once can be kept and run many times.

use crate::regulations::{Category, Citation};
use crate::vocabulary::{
    Action, DeclaredCalendar, Firing, Group, Limit, Review, Session, Stage, Validity, push_decimal,
};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

pub use crate::vocabulary::{Comparison, Condition, Measure, Threshold, Window};

/// Bumped whenever the meaning of a field changes; the engine refuses others.
/// Version 2: actions and firing limits are typed; a run of days is one
/// measure with its unit.
pub const FORMAT_VERSION: u32 = 2;
pub const FORMAT_NAME: &str = "attend-ruleset";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    pub format: String,
    pub version: u32,
    pub school: String,
    /// The regulations the policy is read under, and the days they are in force.
    pub regulations: String,
    pub regulations_in_force: Validity,
    pub effective: NaiveDate,
    /// Every code of every regime with its statistical category and the days
    /// it is a code of the regulations in force: the policy's regulations'
    /// codes first.
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
    /// Reports on the whole school the policy schedules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<SchoolReport>,
    /// The policy's limits on part-time timetables, in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_time: Option<PartTimeLimits>,
}

/// How long a part-time timetable may last and how often it must be
/// reviewed, in days; `None` where the policy does not state it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartTimeLimits {
    pub longest_days: Option<u32>,
    pub review_every_days: Option<u32>,
}

/// A report on the whole school: what, to whom, and on which school days
/// (`None`: the policy does not state how often).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolReport {
    pub what: String,
    /// To whom; `None` where the policy does not say.
    pub to: Option<String>,
    pub when: Option<Review>,
    /// The pupils-file column whose group with the best attendance each
    /// report names (`naming the class with the best attendance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best: Option<crate::vocabulary::Naming>,
}

impl RuleSet {
    /// The pupils-file columns the rules read a value from: thresholds of a
    /// pupil's own, and the groups reports name.
    pub fn pupil_columns(&self) -> std::collections::BTreeSet<&str> {
        let thresholds =
            self.rules.iter().flat_map(|r| r.when.comparisons()).filter_map(|c| match &c.threshold {
                crate::vocabulary::Threshold::Pupil(column) => Some(column.as_str()),
                _ => None,
            });
        let named = self.reports.iter().filter_map(|r| match &r.best {
            Some(crate::vocabulary::Naming::Group(column)) => Some(column.as_str()),
            _ => None,
        });
        thresholds.chain(named).collect()
    }

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
                let window_ok = !c.window.is_empty() && c.window.within_limits();
                let threshold_ok = match (&c.threshold, c.measure.takes_percent()) {
                    (Threshold::PercentHundredths(p), true) => *p <= 10_000,
                    (Threshold::Count(_), false) | (Threshold::NotStated | Threshold::Pupil(_), _) => true,
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
        for rule in &self.rules {
            let stages_ok =
                rule.after.iter().all(|s| {
                    s.rule < self.rules.len() && s.times > 0 && !s.within.is_some_and(|w| w.is_empty())
                }) && !rule.limit.is_some_and(|l| l.within.is_empty());
            let since_ok = rule.when.comparisons().iter().all(|c| match c.window {
                Window::SinceStage(k) => (k as usize) < rule.after.len(),
                _ => true,
            });
            let review_ok =
                !matches!(rule.review, Some(Review::EverySchoolDays(0) | Review::EverySchoolWeeks(0)));
            if !stages_ok || !since_ok || !review_ok {
                return Err(format!(
                    "\"{}\" follows a stage that is not a rule, or counts or reviews over a period of 0",
                    rule.name
                ));
            }
        }
        if let Some(calendar) = &self.calendar
            && calendar.terms.windows(2).any(|t| matches!(t, [a, b] if b.start <= a.end))
        {
            return Err("the calendar's terms overlap or are out of order".to_string());
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeCategory {
    pub code: String,
    pub category: Category,
    #[serde(default)]
    pub valid: Validity,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterTimes {
    pub session: Session,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

/// Where a rule comes from: a line of the policy, or a duty of the regulations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Origin {
    Policy { file: String, line: usize, column: usize },
    Statutory { regulations: String, citation: Citation },
}

impl Origin {
    /// Appends the text to `out` without the formatting machinery: a run
    /// writes one for every event.
    pub fn push_to(&self, out: &mut String) {
        match self {
            Origin::Policy { file, line, column } => {
                out.push_str(file);
                for number in [line, column] {
                    out.push(':');
                    push_decimal(out, *number as u64);
                }
            }
            Origin::Statutory { regulations, .. } => {
                out.push_str("regulations ");
                out.push_str(regulations);
            }
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut text = String::new();
        self.push_to(&mut text);
        f.write_str(&text)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub name: String,
    pub origin: Origin,
    pub when: Condition,
    pub actions: Vec<Action>,
    pub firing: Firing,
    /// Percentage comparisons are false while their window holds fewer
    /// possible sessions than this.
    pub minimum_possible_sessions: u32,
    /// The days the rule applies: a statutory duty only while its regulations
    /// are in force; a policy's own rule always.
    #[serde(default)]
    pub in_force: Validity,
    /// The stages the rule follows: rules that must have fired for the pupil before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<Stage>,
    /// The days the rule is looked at, when not every school day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// The most times the rule fires for a pupil within a period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
    /// The pupils the rule applies to, when not all: each group must match.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArrivalRule {
    pub after: NaiveTime,
    pub action: Action,
    pub origin: Origin,
}
