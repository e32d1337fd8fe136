//! The first day a rule's condition could hold for a pupil. Counts of codes
//! only grow as days are added, so a count that has not reached its
//! threshold over all the pupil's days so far cannot have reached it in any
//! window ending then: the rule need not be looked at before.

use super::evaluate::Evaluator;
use super::plan::Planned;
use crate::vocabulary::{Comparator, Comparison, Measure, RunUnit, Threshold};

impl Evaluator<'_> {
    /// The first day the condition could hold; the pupil's first day when
    /// nothing bounds it.
    pub fn earliest(&self, condition: &Planned) -> u32 {
        let first = self.history.lo;
        match condition {
            Planned::Compare(c) => self.earliest_compare(c),
            Planned::All(parts) => parts.iter().map(|p| self.earliest(p)).max().unwrap_or(first),
            Planned::Any(parts) => parts.iter().map(|p| self.earliest(p)).min().unwrap_or(first),
        }
    }

    fn earliest_compare(&self, comparison: &Comparison<(), usize>) -> u32 {
        let h = self.history;
        let Threshold::Count(t) = comparison.threshold else { return h.lo };
        let n = match comparison.comparator {
            Comparator::GreaterOrEqual | Comparator::Equal => t,
            Comparator::Greater => t.saturating_add(1),
            Comparator::Less | Comparator::LessOrEqual => return h.lo,
        };
        match &comparison.measure {
            Measure::Sessions(set) => h.first_reaching(*set, false, n),
            // A run of school days in the list is never longer than the days in it.
            Measure::SchoolDays(set) | Measure::Consecutive { unit: RunUnit::SchoolDays, codes: set } => {
                h.first_reaching(*set, true, n)
            }
            Measure::MinutesLate => h.first_late_reaching(n),
            // The day of the nth record of the name (records are in day order).
            Measure::Records(name) => {
                match n.checked_sub(1).and_then(|before| usize::try_from(before).ok()) {
                    None => h.lo,
                    Some(before) => self
                        .records
                        .iter()
                        .filter(|(_, recorded)| recorded == name)
                        .nth(before)
                        .map_or(h.hi + 1, |(day, _)| (*day).max(h.lo)),
                }
            }
            _ => h.lo,
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::history::{Day, History};
    use super::super::plan::Plan;
    use super::*;
    use crate::compile;
    use crate::compile::ir::Rule;
    use crate::register::{Calendar, Mark};
    use crate::regulations::Regimes;
    use crate::vocabulary::Session;
    use chrono::{Datelike, NaiveDate};
    use std::path::Path;

    /// Weekdays from 2 September 2024, with a week's holiday after the sixth week.
    fn calendar() -> Calendar {
        let start = NaiveDate::from_ymd_opt(2024, 9, 2).unwrap();
        let days = (0..200)
            .map(|n| start + chrono::Days::new(n))
            .filter(|d| d.weekday().number_from_monday() <= 5 && !(42..49).contains(&(*d - start).num_days()))
            .take(120)
            .collect();
        Calendar::from_school_days(days)
    }

    /// A pupil's days drawn from `codes` in streaks, by a fixed sequence.
    fn days(codes: &[u8], seed: u64, n: usize) -> Vec<Day> {
        let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let mut next = move |below: usize| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % below.max(1)
        };
        let date = NaiveDate::from_ymd_opt(2024, 9, 2).unwrap();
        let mark = |session, code, minutes_late| Mark { date, session, code, minutes_late, file: 0, line: 0 };
        let (mut code, mut left) = (0, 0);
        (0..n)
            .map(|_| {
                if left == 0 {
                    // Half the streaks present (the first code), the rest any code.
                    code = if next(2) == 0 { codes[0] } else { codes[next(codes.len())] };
                    left = 1 + next(12);
                }
                left -= 1;
                let pm = if next(4) == 0 { codes[next(codes.len())] } else { code };
                let late = (next(15) == 0).then(|| next(40) as u32);
                Day {
                    am: Some(mark(Session::Am, code, late)),
                    pm: (next(20) > 0).then(|| mark(Session::Pm, pm, None)),
                }
            })
            .collect()
    }

    /// The names a policy counts with `records("...")`, read from its text.
    fn record_names(policy: &Path) -> Vec<String> {
        let text = std::fs::read_to_string(policy).unwrap();
        text.split("records(\"").skip(1).filter_map(|rest| rest.split('"').next()).map(String::from).collect()
    }

    /// Records of `names` every few days of `lo..=hi`, by a fixed sequence.
    fn records(names: &[String], lo: u32, hi: u32, seed: u64) -> Vec<(u32, &str)> {
        let every = 3 + seed as usize % 5;
        (lo..=hi).step_by(every).zip(names.iter().cycle()).map(|(day, name)| (day, name.as_str())).collect()
    }

    /// Calls `check` with every rule of every shipped policy (and the
    /// statutory one) and an evaluator for each of `pupils` made-up pupils,
    /// half of them with records of every name the policy counts, each with
    /// and without a floor.
    pub(in crate::engine) fn each_rule_of_made_up_pupils(
        pupils: u64,
        mut check: impl FnMut(&Rule, &Planned, &Evaluator),
    ) {
        let calendar = calendar();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let shipped = ["stanborough", "slade", "summerfield", "jam-academy", "heelands", "inspire-template"]
            .map(|name| root.join("policies").join(format!("{name}.attend")));
        for policy in shipped.iter().chain([&root.join("benches/policies/statutory.attend")]) {
            let rules = compile::load(policy, &Regimes::embedded(), None).unwrap();
            let plan = Plan::new(&rules).unwrap();
            let codes: Vec<u8> = (0..plan.table.codes.len() as u8).collect();
            let names = record_names(policy);
            for seed in 0..pupils {
                let lo = (seed % 7) as u32;
                let history = History::new(lo, days(&codes, seed, 110), &plan);
                let records = if seed % 2 == 0 { records(&names, lo, history.hi, seed) } else { Vec::new() };
                for floor in [0, lo + 30] {
                    let eval = Evaluator {
                        calendar: &calendar,
                        history: &history,
                        floor,
                        since: &[],
                        records: &records,
                        attributes: None,
                    };
                    for (planned, rule) in plan.rules.iter().zip(&rules.rules) {
                        check(rule, planned, &eval);
                    }
                }
            }
        }
    }

    /// Over the shipped policies' rules and many made-up pupils, no condition
    /// holds before its earliest day; the bound is often later than the
    /// pupil's first day, and often the very day the condition first holds.
    #[test]
    fn no_condition_holds_before_its_earliest_day() {
        let (mut bounded, mut tight, mut checked) = (0, 0, 0);
        each_rule_of_made_up_pupils(40, |rule, planned, eval| {
            let (lo, hi) = (eval.history.lo, eval.history.hi);
            let earliest = eval.earliest(planned);
            for i in lo..=hi {
                let holds = eval.condition(planned, i, rule.minimum_possible_sessions);
                assert!(!(holds && i < earliest), "{}: holds on {i}, before {earliest}", rule.name);
                tight += usize::from(holds && i == earliest && i > lo);
                checked += 1;
            }
            bounded += usize::from(earliest > lo);
        });
        assert!(checked > 100_000, "{checked} rule-days");
        assert!(bounded > 100 && tight > 10, "bounded {bounded}, tight {tight}");
    }
}
