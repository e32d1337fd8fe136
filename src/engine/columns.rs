//! A rule's condition worked out for a run of days at once, a column at a
//! time: for each comparison the kind of measure and threshold is decided
//! once, then one loop finds each day's window, measures it and compares.
//! The answer is the condition's, day by day ([`Evaluator::condition`]); a
//! test holds the two together over every shipped policy.

use super::evaluate::Evaluator;
use super::history::Part;
use super::plan::Planned;
use crate::vocabulary::{Comparison, Measure, Threshold, Window};

impl Evaluator<'_> {
    /// Whether `condition` holds on each day `first..=last`, in order; `None`
    /// when it measures since a stage, whose start the days before decide.
    pub fn condition_column(
        &self,
        condition: &Planned,
        first: u32,
        last: u32,
        minimum: u32,
    ) -> Option<Vec<bool>> {
        match condition {
            Planned::Compare(comparison) => self.comparison_column(comparison, first, last, minimum),
            Planned::All(parts) | Planned::Any(parts) => {
                let all = matches!(condition, Planned::All(_));
                let mut column = vec![all; last.saturating_add(1).saturating_sub(first) as usize];
                for part in parts {
                    let part = self.condition_column(part, first, last, minimum)?;
                    for (holds, part_holds) in column.iter_mut().zip(part) {
                        *holds = if all { *holds && part_holds } else { *holds || part_holds };
                    }
                }
                Some(column)
            }
        }
    }

    /// Whether each day `first..=last` holds, from its window's start and the day.
    fn column(&self, window: Window, first: u32, last: u32, holds: impl Fn(u32, u32) -> bool) -> Vec<bool> {
        (first..last.saturating_add(1)).map(|i| holds(self.window_start(window, i), i)).collect()
    }

    fn comparison_column(
        &self,
        comparison: &Comparison<(), usize>,
        first: u32,
        last: u32,
        minimum: u32,
    ) -> Option<Vec<bool>> {
        if matches!(comparison.window, Window::SinceStage(_)) {
            return None;
        }
        let window = comparison.window;
        let h = self.history;
        let comparator = comparison.comparator;
        let count = |n: u64, t: u64| comparator.holds(n.into(), t.into());
        // part / possible OP t / 10000, without division, as `holds` decides.
        let share = |(counted, possible): (u64, u64), t: u32| {
            possible > 0
                && possible >= u64::from(minimum)
                && comparator.holds(u128::from(counted) * 10_000, u128::from(t) * u128::from(possible))
        };
        Some(match (&comparison.measure, &comparison.threshold) {
            (Measure::Attendance, &Threshold::PercentHundredths(t)) => {
                self.column(window, first, last, |from, i| share(h.share(Part::Attending, from, i), t))
            }
            (Measure::Absence, &Threshold::PercentHundredths(t)) => {
                self.column(window, first, last, |from, i| share(h.share(Part::Absent, from, i), t))
            }
            (Measure::AuthorisedAbsence, &Threshold::PercentHundredths(t)) => {
                self.column(window, first, last, |from, i| share(h.share(Part::Authorised, from, i), t))
            }
            (Measure::UnauthorisedAbsence, &Threshold::PercentHundredths(t)) => {
                self.column(window, first, last, |from, i| share(h.share(Part::Unauthorised, from, i), t))
            }
            (Measure::Sessions(set), &Threshold::Count(t)) => {
                self.column(window, first, last, |from, i| count(h.sessions_in(*set, from, i), t))
            }
            (Measure::SchoolDays(set), &Threshold::Count(t)) => {
                self.column(window, first, last, |from, i| count(h.days_in(*set, from, i), t))
            }
            (Measure::MinutesLate, &Threshold::Count(t)) => {
                self.column(window, first, last, |from, i| count(h.minutes_late(from, i), t))
            }
            (Measure::Records(name), &Threshold::Count(t)) => {
                self.column(window, first, last, |from, i| count(self.records_in(name, from, i), t))
            }
            _ => self.column(window, first, last, |_, i| self.holds(comparison, i, minimum)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::earliest::tests::each_rule_of_made_up_pupils;

    /// Over the shipped policies' rules and many made-up pupils (with
    /// lateness, with records of every name the policies count and without,
    /// with and without a floor, from several first days), each condition's
    /// column is the condition day by day.
    #[test]
    fn columns_are_the_conditions_day_by_day() {
        let (mut columns, mut since, mut held, mut checked) = (0, 0, 0, 0);
        each_rule_of_made_up_pupils(30, |rule, planned, eval| {
            let (lo, hi) = (eval.history.lo, eval.history.hi);
            let minimum = rule.minimum_possible_sessions;
            for first in [lo, lo + 17, hi, hi + 1] {
                let Some(column) = eval.condition_column(planned, first, hi, minimum) else {
                    since += 1;
                    continue;
                };
                let by_day: Vec<bool> = (first..=hi).map(|i| eval.condition(planned, i, minimum)).collect();
                assert_eq!(column, by_day, "{}, from day {first}", rule.name);
                columns += 1;
                held += column.iter().filter(|h| **h).count();
                checked += column.len();
            }
        });
        assert!(columns > 1000 && since > 100, "{columns} columns, {since} since a stage");
        assert!(checked > 100_000 && held > 10_000, "{held} of {checked} rule-days hold");
    }
}
