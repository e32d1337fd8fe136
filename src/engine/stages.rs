//! What a rule needs beyond its condition: the stages it follows (rules that
//! fired for the pupil on an earlier day), its review days, and its groups.

use crate::compile::ir::Rule;
use crate::register::{Calendar, Pupils};
use crate::vocabulary::{Period, Review};

/// One pupil's firings so far, by rule, as the stages that follow them see them.
pub struct StageMemory {
    /// For each rule, the last school day before today it fired on.
    fired_before: Vec<Option<u32>>,
    /// The rules that fired today, remembered from tomorrow.
    today: Vec<usize>,
    /// For the rule being looked at: where each `since` window starts.
    since: Vec<u32>,
    /// For each rule, whether the pupil is in every one of its groups.
    in_groups: Vec<bool>,
}

impl StageMemory {
    pub fn new(rules: &[Rule], pupils: Option<&Pupils>, pupil: &str) -> StageMemory {
        let in_groups = rules
            .iter()
            .map(|r| {
                r.groups.iter().all(|g| {
                    pupils.is_some_and(|p| p.value(pupil, &g.attribute).eq_ignore_ascii_case(&g.value))
                })
            })
            .collect();
        StageMemory { fired_before: vec![None; rules.len()], today: Vec::new(), since: Vec::new(), in_groups }
    }

    /// Whether the rule may be looked at on day `i`: the pupil is in its
    /// groups, `i` is one of its review days, and every stage it follows
    /// fired on an earlier day (within its period). Sets the starts of the
    /// rule's `since` windows, read by [`StageMemory::since`].
    pub fn admits(&mut self, k: usize, rule: &Rule, calendar: &Calendar, i: u32) -> bool {
        if !self.in_groups.get(k).copied().unwrap_or(false)
            || rule.review.is_some_and(|r| !review_day(r, calendar, i))
        {
            return false;
        }
        self.since.clear();
        for stage in &rule.after {
            let Some(j) = self.fired_before.get(stage.rule).copied().flatten() else { return false };
            if stage.within_school_weeks.is_some_and(|w| j < calendar.rolling_school_weeks_start(i, w)) {
                return false;
            }
            self.since.push(j + 1);
        }
        true
    }

    /// The first day of each `since` window of the rule last admitted.
    pub fn since(&self) -> &[u32] {
        &self.since
    }

    pub fn fired(&mut self, k: usize) {
        self.today.push(k);
    }

    /// Today's firings become earlier ones.
    pub fn end_day(&mut self, i: u32) {
        for k in self.today.drain(..) {
            if let Some(slot) = self.fired_before.get_mut(k) {
                *slot = Some(i);
            }
        }
    }
}

/// Whether day `i` is one of the review days; days and weeks are counted from
/// the start of each academic year.
#[expect(clippy::indexing_slicing, reason = "day indexes are positions in the calendar, below its len()")]
pub fn review_day(review: Review, calendar: &Calendar, i: u32) -> bool {
    let next = i as usize + 1;
    let last_of = |starts: &[u32]| starts.get(next).is_none_or(|s| *s != starts[i as usize]);
    let year = calendar.year_start[i as usize];
    match review {
        Review::EverySchoolDays(n) => (i - year + 1).is_multiple_of(n.max(1)),
        Review::EverySchoolWeeks(n) => {
            let week = calendar.week[i as usize] - calendar.week[year as usize];
            last_of(&calendar.week) && (week + 1).is_multiple_of(n.max(1))
        }
        Review::EndOf(Period::HalfTerm) => last_of(&calendar.half_term_start),
        Review::EndOf(Period::Term) => last_of(&calendar.term_start),
        Review::EndOf(Period::Year) => last_of(&calendar.year_start),
    }
}
