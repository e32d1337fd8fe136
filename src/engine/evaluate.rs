//! Evaluating conditions on a day, and deciding whether a rule fires.

use super::history::{History, Part};
use super::plan::Planned;
use crate::register::Calendar;
use crate::vocabulary::{Comparison, Firing, Measure, Period, RunUnit, Threshold, Value, Window};
use std::collections::BTreeMap;

/// A measure's amount in a window, before it is made a [`Value`].
enum Measured {
    Count(u64),
    /// Sessions counted, and the possible sessions.
    Share(u64, u64),
    /// A change of attendance, worked out on its own.
    Change,
}

#[derive(Clone, Copy)]
pub struct Evaluator<'a> {
    pub calendar: &'a Calendar,
    pub history: &'a History,
    /// The first calendar day whose marks count: a statutory duty counts only
    /// marks from the day its regulations came into force; otherwise 0.
    pub floor: u32,
    /// Where each `since` window of the rule being evaluated starts: the day
    /// after the stage it names last fired.
    pub since: &'a [u32],
    /// What the school recorded of the pupil: each entry's school day (the
    /// first on or after its date) and name, in day order.
    pub records: &'a [(u32, &'a str)],
    /// The pupil's attributes from the pupils file, for thresholds of their own.
    pub attributes: Option<&'a BTreeMap<String, String>>,
}

#[expect(
    clippy::indexing_slicing,
    reason = "day indexes are positions in the calendar (below its len()), and its per-day tables have len() entries"
)]
impl Evaluator<'_> {
    /// The first calendar day of a comparison's window on day `i`.
    pub fn window_start(&self, window: Window, i: u32) -> u32 {
        let c = self.calendar;
        let start = match window {
            Window::CurrentRun => i,
            Window::YearToDate => c.year_start[i as usize],
            Window::Term => c.term_start[i as usize],
            Window::HalfTerm => c.half_term_start[i as usize],
            Window::RollingSchoolWeeks(n) => c.rolling_school_weeks_start(i, n),
            Window::RollingWeeks(n) => c.rolling_weeks_start(i, n),
            Window::LastSchoolDays(n) => c.last_school_days_start(i, n),
            // A rule is evaluated only once its stages have fired, before today.
            Window::SinceStage(k) => self.since.get(k as usize).copied().unwrap_or(i).min(i),
        };
        start.max(self.floor.min(i))
    }

    /// The measure's value on day `i`.
    pub fn value(&self, comparison: &Comparison<(), usize>, i: u32) -> Value {
        let from = self.window_start(comparison.window, i);
        let measure = &comparison.measure;
        match self.measured(measure, from, i) {
            Measured::Count(n) => Value::Count { n, unit: measure.unit() },
            Measured::Share(part, possible) => Value::Share { part, possible },
            Measured::Change => {
                let (now, before) = self.compared(comparison.window, from, i);
                Value::Change { now, before, rise: *measure == Measure::AttendanceRise }
            }
        }
    }

    /// A count or a share of the window `from..=i`; a change of attendance
    /// is left to [`Evaluator::compared`].
    fn measured(&self, measure: &Measure<usize>, from: u32, i: u32) -> Measured {
        let h = self.history;
        let share = |part| {
            let (counted, possible) = h.share(part, from, i);
            Measured::Share(counted, possible)
        };
        match measure {
            Measure::Attendance => share(Part::Attending),
            Measure::Absence => share(Part::Absent),
            Measure::AuthorisedAbsence => share(Part::Authorised),
            Measure::UnauthorisedAbsence => share(Part::Unauthorised),
            Measure::AttendanceRise | Measure::AttendanceFall => Measured::Change,
            Measure::Sessions(set) => Measured::Count(h.sessions_in(*set, from, i)),
            Measure::SchoolDays(set) => Measured::Count(h.days_in(*set, from, i)),
            Measure::Consecutive { unit, codes: set } => {
                let run = h.run(*set, i, *unit == RunUnit::Weekdays, self.calendar);
                // A run counts back no further than the floor; a weekday run
                // also counts closed weekdays, so it is capped by school days
                // only where that is the smaller.
                Measured::Count(if self.floor > 0 {
                    run.min(u64::from(i.saturating_sub(self.floor)) + 1)
                } else {
                    run
                })
            }
            Measure::Spells(set) => Measured::Count(h.spells_in(*set, from, i, self.calendar)),
            Measure::ReturnAfter(set) => Measured::Count(self.returned_after(*set, i)),
            Measure::MinutesLate => Measured::Count(h.minutes_late(from, i)),
            Measure::Records(name) => Measured::Count(self.records_in(name, from, i)),
        }
    }

    /// Whether the comparison holds on day `i`. A percentage with no possible
    /// sessions in its window, or fewer than `minimum`, does not hold.
    pub fn holds(&self, comparison: &Comparison<(), usize>, i: u32, minimum: u32) -> bool {
        let share_holds = |part: u64, possible: u64, t: u32| {
            // part / possible OP t / 10000, without division.
            possible > 0
                && possible >= u64::from(minimum)
                && comparison
                    .comparator
                    .holds(u128::from(part) * 10_000, u128::from(t) * u128::from(possible))
        };
        // The usual thresholds, a count or a percentage the policy states, are
        // compared without making a value.
        let stated = match &comparison.threshold {
            Threshold::NotStated => return false,
            Threshold::Pupil(_) => None,
            threshold => Some(threshold),
        };
        if let Some(threshold) = stated {
            let from = self.window_start(comparison.window, i);
            match (self.measured(&comparison.measure, from, i), threshold) {
                (Measured::Count(n), &Threshold::Count(t)) => {
                    return comparison.comparator.holds(n.into(), t.into());
                }
                (Measured::Share(part, possible), &Threshold::PercentHundredths(t)) => {
                    return share_holds(part, possible, t);
                }
                _ => {}
            }
        }
        let value = self.value(comparison, i);
        let own;
        let threshold = match &comparison.threshold {
            Threshold::Pupil(column) => match self.own_threshold(column, &value) {
                Some(t) => {
                    own = t;
                    &own
                }
                None => return false,
            },
            t => t,
        };
        match (value, threshold) {
            (Value::Count { n, .. }, &Threshold::Count(t)) => comparison.comparator.holds(n.into(), t.into()),
            (Value::Share { part, possible }, &Threshold::PercentHundredths(t)) => {
                share_holds(part, possible, t)
            }
            (
                value @ Value::Change { now: (_, possible), before: (_, earlier), .. },
                &Threshold::PercentHundredths(t),
            ) => {
                let Some((n, d)) = value.change() else { return false };
                if possible.min(earlier) < u64::from(minimum) {
                    return false;
                }
                comparison.comparator.holds(n * 10_000, u128::from(t) * d)
            }
            _ => false, // kinds are checked when the policy is compiled
        }
    }

    /// The pupil's own threshold from the pupils file, read as the measure's
    /// kind: `95%`, `95` or `95.5` for a percentage, a whole number for a count.
    fn own_threshold(&self, column: &str, value: &Value) -> Option<Threshold> {
        let text = self.attributes?.get(column)?;
        match value {
            Value::Count { .. } => read_own_threshold(text, false),
            Value::Share { .. } | Value::Change { .. } => read_own_threshold(text, true),
            Value::Time(_) => None,
        }
    }

    /// Attended and possible sessions of the two windows a change compares:
    /// since a stage, the school year so far today and on the day the stage
    /// fired; otherwise the window `from..=i` and the window of the same kind
    /// that ends the day before it (the last half term, term or school year
    /// whole; the N school days or weeks before). A window before the pupil's
    /// first day is empty.
    fn compared(&self, window: Window, from: u32, i: u32) -> ((u64, u64), (u64, u64)) {
        let h = self.history;
        let c = self.calendar;
        let of = |from: u32, to: u32| {
            if to < h.lo || from > to {
                return (0, 0);
            }
            let s = h.sessions(from, to);
            (s.attending, s.possible)
        };
        let year = |d: u32| c.year_start.get(d as usize).copied().unwrap_or(d).max(self.floor.min(d));
        match window {
            Window::SinceStage(_) => {
                let fired = from.saturating_sub(1);
                (of(year(i), i), if from == 0 { (0, 0) } else { of(year(fired), fired) })
            }
            _ if from == 0 => (of(from, i), (0, 0)),
            _ => {
                let end = from - 1;
                (of(from, i), of(self.window_start(window, end), end))
            }
        }
    }

    /// On a day `i` the pupil attends, the length of the run of school days
    /// with the codes that ended the day before (counted no further back than
    /// the floor); otherwise 0.
    pub fn returned_after(&self, set: usize, i: u32) -> u64 {
        let h = self.history;
        if i <= h.lo || i <= self.floor || h.sessions(i, i).attending == 0 {
            return 0;
        }
        let run = h.run(set, i - 1, false, self.calendar);
        if self.floor > 0 { run.min(u64::from(i - 1 - self.floor) + 1) } else { run }
    }

    /// Entries named `name` recorded on days `from..=i` (the records are in
    /// day order).
    pub fn records_in(&self, name: &str, from: u32, i: u32) -> u64 {
        let start = self.records.partition_point(|(day, _)| *day < from);
        let end = self.records.partition_point(|(day, _)| *day <= i);
        self.records.get(start..end).map_or(0, |days| days.iter().filter(|(_, n)| *n == name).count() as u64)
    }

    pub fn condition(&self, condition: &Planned, i: u32, minimum: u32) -> bool {
        match condition {
            Planned::Compare(c) => self.holds(c, i, minimum),
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

#[expect(
    clippy::indexing_slicing,
    reason = "day indexes are positions in the calendar (below its len()), and its per-day tables have len() entries"
)]
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
            Firing::OncePer(Period::HalfTerm) => {
                holds && self.period_fired != Some(period(&calendar.half_term_start))
            }
            Firing::OncePer(Period::Term) => holds && self.period_fired != Some(period(&calendar.term_start)),
            Firing::OncePer(Period::Year) => holds && self.period_fired != Some(period(&calendar.year_start)),
            Firing::RepeatEverySchoolDays(n) => holds && (self.armed || i - self.last_fired >= n),
        };
        self.armed = !holds;
        if fire {
            self.fired = true;
            self.last_fired = i;
            self.period_fired = Some(match firing {
                Firing::OncePer(Period::HalfTerm) => period(&calendar.half_term_start),
                Firing::OncePer(Period::Term) => period(&calendar.term_start),
                _ => period(&calendar.year_start),
            });
        }
        fire
    }
}

#[expect(
    clippy::indexing_slicing,
    reason = "day indexes are positions in the calendar (below its len()), and its per-day tables have len() entries"
)]
impl FiringState {
    /// Why a rule that fires on day `i` fires then rather than before, from
    /// its state before the day; `first` is the pupil's first school day.
    pub fn reason(&self, firing: Firing, i: u32, first: u32, calendar: &Calendar) -> String {
        let day = |d: u32| calendar.days[d as usize];
        let rose = if i == first {
            "the condition holds on the pupil's first school day in the register".to_string()
        } else {
            format!("the condition holds, and did not on the school day before ({})", day(i - 1))
        };
        match firing {
            Firing::OnEachRise => format!("{rose}; the rule fires each time its condition becomes true"),
            Firing::Once => format!("{rose}; the rule fires once, on the first day its condition holds"),
            Firing::OncePer(period) => {
                let starts = match period {
                    Period::HalfTerm => &calendar.half_term_start,
                    Period::Term => &calendar.term_start,
                    Period::Year => &calendar.year_start,
                };
                let last = if self.fired {
                    format!("; it last fired on {}", day(self.last_fired))
                } else {
                    String::new()
                };
                format!(
                    "the first day the condition holds this {} (which began on {}); the rule fires once per {}{last}",
                    period.name(),
                    day(starts[i as usize]),
                    period.name()
                )
            }
            Firing::RepeatEverySchoolDays(n) if self.armed => {
                format!("{rose}; while it holds, the rule fires again every {n} school days")
            }
            Firing::RepeatEverySchoolDays(n) => format!(
                "the condition has held since the rule fired on {}, {} school days before; it fires again every {n} school days while it holds",
                day(self.last_fired),
                i - self.last_fired
            ),
        }
    }
}

/// A pupil's own threshold as the pupils file gives it: a percentage (`95%`,
/// `95`, `95.5`, up to 100%) or a whole number.
pub fn read_own_threshold(text: &str, percent: bool) -> Option<Threshold> {
    let text = text.trim();
    if percent {
        let (number, sign) = match text.strip_suffix('%') {
            Some(number) => (number.trim_end(), true),
            None => (text, false),
        };
        // `0.95` could be a fraction meaning 95%: ambiguous, so not read.
        if !sign && number.starts_with("0.") {
            return None;
        }
        percent_hundredths(number).map(Threshold::PercentHundredths)
    } else {
        text.parse().ok().map(Threshold::Count)
    }
}

/// `95`, `95.5` or `95.25` as hundredths of a percent, up to 100%.
fn percent_hundredths(text: &str) -> Option<u32> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty()
        || fraction.len() > 2
        || !(whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let whole: u32 = whole.parse().ok()?;
    let fraction: u32 = if fraction.is_empty() { 0 } else { format!("{fraction:0<2}").parse().ok()? };
    let hundredths = whole.checked_mul(100)?.checked_add(fraction)?;
    (hundredths <= 10_000).then_some(hundredths)
}
