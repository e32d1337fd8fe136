//! What a rule needs beyond its condition: the stages it follows (rules that
//! fired for the pupil on an earlier day), its review days, and its groups.

use crate::compile::ir::Rule;
use crate::register::pupils::NOT_GIVEN;
use crate::register::{Calendar, Pupils};
use crate::vocabulary::{Lookback, Period, Review};

/// One pupil's firings so far, by rule, as the stages that follow them see them.
pub struct StageMemory<'a> {
    /// For each rule, the school days before today it fired on, in order.
    fired: Vec<Vec<u32>>,
    /// The rules that fired today, remembered from tomorrow.
    today: Vec<usize>,
    /// For the rule being looked at: where each `since` window starts.
    since: Vec<u32>,
    /// For each rule, whether the pupil is in every one of its groups.
    in_groups: Vec<bool>,
    /// For each rule, the first rule of its name, under which its firings
    /// are kept ([`canonical`]).
    canonical: &'a [usize],
}

/// For each rule, the first rule of its name: a duty of two regimes is one
/// stage. Worked out once a run.
pub fn canonical(rules: &[Rule]) -> Vec<usize> {
    rules.iter().enumerate().map(|(k, r)| rules.iter().position(|o| o.name == r.name).unwrap_or(k)).collect()
}

impl<'a> StageMemory<'a> {
    pub fn new(
        rules: &[Rule],
        canonical: &'a [usize],
        pupils: Option<&Pupils>,
        pupil: &str,
    ) -> StageMemory<'a> {
        let in_groups = rules
            .iter()
            .map(|r| {
                r.groups.iter().all(|g| {
                    g.admits(&pupils.map_or_else(|| NOT_GIVEN.to_string(), |p| p.value(pupil, &g.attribute)))
                })
            })
            .collect();
        StageMemory {
            fired: vec![Vec::new(); rules.len()],
            today: Vec::new(),
            since: Vec::new(),
            in_groups,
            canonical,
        }
    }

    /// Whether the rule may be looked at on day `i`: the pupil is in its
    /// groups, `i` is one of its review days, every stage it follows fired on
    /// enough earlier days (within its period), and the rule has not fired
    /// its most times within its limit's period. Sets the starts of the
    /// rule's `since` windows, read by [`StageMemory::since`].
    pub fn admits(&mut self, k: usize, rule: &Rule, calendar: &Calendar, i: u32) -> bool {
        if !self.in_groups(k) || rule.review.is_some_and(|r| !review_day(r, calendar, i)) {
            return false;
        }
        let fired_within = |days: &[u32], within: Option<Lookback>| {
            if days.is_empty() {
                return 0;
            }
            let from = within.map_or(0, |w| lookback_start(w, calendar, i));
            days.len() - days.partition_point(|&d| d < from)
        };
        let own = self.canonical.get(k).copied().unwrap_or(k);
        if let Some(limit) = rule.limit
            && fired_within(self.fired.get(own).map_or(&[][..], Vec::as_slice), Some(limit.within))
                >= limit.times as usize
        {
            return false;
        }
        self.since.clear();
        for stage in &rule.after {
            let days = self.fired.get(stage.rule).map_or(&[][..], Vec::as_slice);
            let Some(&last) = days.last() else { return false };
            if fired_within(days, stage.within) < stage.times as usize
                || stage.wait.is_some_and(|w| last >= lookback_start(w, calendar, i))
            {
                return false;
            }
            self.since.push(last + 1);
        }
        true
    }

    /// Whether the pupil is in every one of the rule's groups: a rule is
    /// never looked at for a pupil outside them.
    pub fn in_groups(&self, k: usize) -> bool {
        self.in_groups.get(k).copied().unwrap_or(false)
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
            let own = self.canonical.get(k).copied().unwrap_or(k);
            if let Some(days) = self.fired.get_mut(own).filter(|d| d.last() != Some(&i)) {
                days.push(i);
            }
        }
    }
}

/// The first school day a lookback from day `i` reaches: the school weeks
/// ending with `i`'s week, or the calendar weeks or years ending on day `i`.
#[expect(clippy::indexing_slicing, reason = "day indexes are positions in the calendar, below its len()")]
fn lookback_start(within: Lookback, calendar: &Calendar, i: u32) -> u32 {
    match within {
        Lookback::SchoolWeeks(n) => calendar.rolling_school_weeks_start(i, n),
        Lookback::Weeks(n) => calendar.rolling_weeks_start(i, n),
        Lookback::Years(n) => {
            let day = calendar.days[i as usize];
            match day.checked_sub_months(chrono::Months::new(12 * n)) {
                Some(from) => calendar.days.partition_point(|d| *d <= from) as u32,
                None => 0,
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
        Review::EverySessions(n) => due_sessions(n, i - year) > 0,
        Review::EverySchoolWeeks(n) => {
            let week = calendar.week[i as usize] - calendar.week[year as usize];
            last_of(&calendar.week) && (week + 1).is_multiple_of(n.max(1))
        }
        // A gap of more than one calendar day before it; the first day of the register too.
        Review::AfterBreak => {
            i == 0 || (calendar.days[i as usize] - calendar.days[i as usize - 1]).num_days() > 1
        }
        Review::EndOfWeek { week, period } => {
            let starts = match period {
                Period::HalfTerm => &calendar.half_term_start,
                Period::Term => &calendar.term_start,
                Period::Year => &calendar.year_start,
            };
            let first = calendar.week[starts[i as usize] as usize];
            last_of(&calendar.week) && calendar.week[i as usize] - first + 1 == week
        }
        Review::EndOf(Period::HalfTerm) => last_of(&calendar.half_term_start),
        Review::EndOf(Period::Term) => last_of(&calendar.term_start),
        Review::EndOf(Period::Year) => last_of(&calendar.year_start),
        Review::NotStated => false,
    }
}

/// How many of the sessions of the `day`th school day of the year (from 0)
/// end a run of `n` sessions counted from the year's first session.
pub fn due_sessions(n: u32, day: u32) -> u32 {
    let n = u64::from(n.max(1));
    let (am, pm) = (2 * u64::from(day) + 1, 2 * u64::from(day) + 2);
    u32::from(am.is_multiple_of(n)) + u32::from(pm.is_multiple_of(n))
}
