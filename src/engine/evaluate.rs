//! Evaluating conditions on a day, and deciding whether a rule fires.

use super::history::History;
use super::plan::Planned;
use crate::compile::ir::{Comparison, Firing, Measure, Threshold, Window};
use crate::register::Calendar;

/// A measured value, kept exact: a count, or a share of possible sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Count(u64),
    Share { part: u64, possible: u64 },
}

impl Value {
    pub fn display(self) -> String {
        match self {
            Value::Count(n) => n.to_string(),
            Value::Share { possible: 0, .. } => "no possible sessions".to_string(),
            Value::Share { part, possible } => {
                // Hundredths of a percent, rounded half up, printed with two decimals.
                let hundredths = (u128::from(part) * 1_000_000 / u128::from(possible) + 50) / 100;
                format!("{}.{:02}%", hundredths / 100, hundredths % 100)
            }
        }
    }
}

pub struct Evaluator<'a> {
    pub calendar: &'a Calendar,
    pub history: &'a History,
}

impl Evaluator<'_> {
    /// The first calendar day of a comparison's window on day `i`.
    pub fn window_start(&self, window: Window, i: u32) -> u32 {
        let c = self.calendar;
        match window {
            Window::CurrentRun => i,
            Window::YearToDate => c.year_start[i as usize],
            Window::Term => c.term_start[i as usize],
            Window::HalfTerm => c.half_term_start[i as usize],
            Window::RollingSchoolWeeks(n) => c.rolling_school_weeks_start(i, n),
            Window::RollingWeeks(n) => c.rolling_weeks_start(i, n),
            Window::LastSchoolDays(n) => c.last_school_days_start(i, n),
        }
    }

    /// The measure's value on day `i`; `set` is the index of its code list.
    pub fn value(&self, comparison: &Comparison, set: Option<usize>, i: u32) -> Value {
        let from = self.window_start(comparison.window, i);
        let h = self.history;
        let set = || set.expect("a measure of codes has its set in the plan");
        match &comparison.measure {
            Measure::Attendance => {
                let s = h.sessions(from, i);
                Value::Share { part: s.attending, possible: s.possible }
            }
            Measure::Absence => {
                let s = h.sessions(from, i);
                Value::Share { part: s.authorised + s.unauthorised, possible: s.possible }
            }
            Measure::AuthorisedAbsence => {
                let s = h.sessions(from, i);
                Value::Share { part: s.authorised, possible: s.possible }
            }
            Measure::UnauthorisedAbsence => {
                let s = h.sessions(from, i);
                Value::Share { part: s.unauthorised, possible: s.possible }
            }
            Measure::Sessions(_) => Value::Count(h.sessions_in(set(), from, i)),
            Measure::SchoolDays(_) => Value::Count(h.days_in(set(), from, i)),
            Measure::ConsecutiveSchoolDays(_) => Value::Count(h.run(set(), i, false)),
            Measure::ConsecutiveWeekdays(_) => Value::Count(h.run(set(), i, true)),
            Measure::Spells(_) => Value::Count(h.spells_in(set(), from, i)),
            Measure::MinutesLate => Value::Count(h.minutes_late(from, i)),
        }
    }

    /// Whether the comparison holds on day `i`. A percentage with no possible
    /// sessions in its window, or fewer than `minimum`, does not hold.
    pub fn holds(&self, comparison: &Comparison, set: Option<usize>, i: u32, minimum: u32) -> bool {
        match (self.value(comparison, set, i), comparison.threshold) {
            (Value::Count(n), Threshold::Count(t)) => comparison.comparator.holds(n.into(), t.into()),
            (Value::Share { part, possible }, Threshold::PercentHundredths(t)) => {
                if possible == 0 || possible < u64::from(minimum) {
                    return false;
                }
                // part / possible OP t / 10000, without division.
                comparison.comparator.holds(u128::from(part) * 10_000, u128::from(t) * u128::from(possible))
            }
            _ => false, // kinds are checked when the policy is compiled
        }
    }

    pub fn condition(&self, condition: &Planned, i: u32, minimum: u32) -> bool {
        match condition {
            Planned::Compare(c, set) => self.holds(c, *set, i, minimum),
            Planned::All(parts) => parts.iter().all(|p| self.condition(p, i, minimum)),
            Planned::Any(parts) => parts.iter().any(|p| self.condition(p, i, minimum)),
        }
    }
}

/// What a rule remembers between days, for one pupil.
#[derive(Debug, Clone, Copy)]
pub struct FiringState {
    armed: bool,
    fired: bool,
    last_fired: u32,
    period_fired: Option<u32>,
}

impl Default for FiringState {
    fn default() -> Self {
        FiringState { armed: true, fired: false, last_fired: 0, period_fired: None }
    }
}

impl FiringState {
    /// Whether the rule fires on day `i`, given whether its condition holds.
    ///
    /// - on each rise: fires when the condition becomes true; again only after
    ///   a day on which it was false;
    /// - once: the first day it holds, never again;
    /// - once per half term, term or year: the first day it holds in each;
    /// - repeat every n school days: when it becomes true, and then every n
    ///   school days while it stays true.
    pub fn step(&mut self, firing: Firing, holds: bool, i: u32, calendar: &Calendar) -> bool {
        let period = |starts: &[u32]| starts[i as usize];
        let fire = match firing {
            Firing::OnEachRise => holds && self.armed,
            Firing::Once => holds && !self.fired,
            Firing::OncePerHalfTerm => holds && self.period_fired != Some(period(&calendar.half_term_start)),
            Firing::OncePerTerm => holds && self.period_fired != Some(period(&calendar.term_start)),
            Firing::OncePerYear => holds && self.period_fired != Some(period(&calendar.year_start)),
            Firing::RepeatEverySchoolDays(n) => holds && (self.armed || i - self.last_fired >= n),
        };
        self.armed = !holds;
        if fire {
            self.fired = true;
            self.last_fired = i;
            self.period_fired = Some(match firing {
                Firing::OncePerHalfTerm => period(&calendar.half_term_start),
                Firing::OncePerTerm => period(&calendar.term_start),
                _ => period(&calendar.year_start),
            });
        }
        fire
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_display_with_two_decimals() {
        assert_eq!(Value::Share { part: 171, possible: 180 }.display(), "95.00%");
        assert_eq!(Value::Share { part: 2, possible: 3 }.display(), "66.67%");
        assert_eq!(Value::Share { part: 0, possible: 0 }.display(), "no possible sessions");
    }
}
