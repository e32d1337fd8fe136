//! The school calendar: declared by the policy (its terms, half terms and
//! closures), or else derived from the register.
//!
//! Declared: the school days are the weekdays of each term, leaving out its
//! half-term holiday and the closed days; each term starts a term, and the first
//! school day after its half-term holiday starts a half term. A new academic
//! year starts a term too.
//!
//! Derived:
//! - A **school day** is a date on which at least one pupil has a mark that
//!   counts as a possible session. A date whose marks are all of codes that are
//!   not possible sessions (`#`, `Y1`..., `X`) is a closure; a date without marks
//!   is not a school day.
//! - A **school week** is a calendar week (Monday to Sunday) with at least one
//!   school day.
//! - The **academic year** runs from 1 September to 31 August.
//! - **Terms and half terms** come from the breaks between school days: a gap
//!   of 8 or more weekdays without school starts a new term, a gap of 4 to 7
//!   starts a new half term (a one-week half-term holiday, with or without an
//!   INSET day beside it). A new academic year starts a new term.

use chrono::{Datelike, NaiveDate, Weekday};

/// Weekdays without school that end a term, and a half term.
pub const TERM_BREAK_WEEKDAYS: u32 = 8;
pub const HALF_TERM_BREAK_WEEKDAYS: u32 = 4;

#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// School days in order; a day's index here is its number everywhere else.
    pub days: Vec<NaiveDate>,
    /// For each school day, the first school day of its academic year, term
    /// and half term.
    pub year_start: Vec<u32>,
    pub term_start: Vec<u32>,
    pub half_term_start: Vec<u32>,
    /// For each school day, the number of its school week (0, 1, ...).
    pub week: Vec<u32>,
    /// For each school week, its first school day.
    pub week_first_day: Vec<u32>,
    /// For each school day, weekdays without school since the previous school day.
    pub closed_weekdays_before: Vec<u32>,
}

/// An academic year, numbered by the September it starts in and written as
/// its two calendar years: `2024-25`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AcademicYear(pub i32);

impl AcademicYear {
    /// The academic year `date` falls in: from 1 September to 31 August.
    pub fn of(date: NaiveDate) -> AcademicYear {
        AcademicYear(if date.month() >= 9 { date.year() } else { date.year() - 1 })
    }
}

impl std::fmt::Display for AcademicYear {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}-{:02}", self.0, (self.0 + 1) % 100)
    }
}

impl serde::Serialize for AcademicYear {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Weekdays strictly between `a` and `b`, in constant time: a register may
/// hold dates decades apart.
fn weekdays_between(a: NaiveDate, b: NaiveDate) -> u32 {
    let days = (b - a).num_days() - 1;
    if days <= 0 {
        return 0;
    }
    let (weeks, rest) = (days / 7, days % 7);
    let first = i64::from(a.weekday().num_days_from_monday()) + 1;
    let weekdays_in_rest = (first..first + rest).filter(|d| d % 7 < 5).count() as i64;
    u32::try_from(weeks * 5 + weekdays_in_rest).unwrap_or(u32::MAX)
}

#[expect(
    clippy::indexing_slicing,
    reason = "day indexes are positions in the calendar (below its len()), and its per-day tables have len() entries"
)]
impl Calendar {
    /// The calendar of the given school days (any order, repeats allowed).
    pub fn from_school_days(mut days: Vec<NaiveDate>) -> Calendar {
        days.sort();
        days.dedup();
        let mut calendar = Calendar { days, ..Default::default() };
        let mut year = 0;
        let mut term = 0;
        let mut half = 0;
        for i in 0..calendar.days.len() {
            let date = calendar.days[i];
            let gap = if i == 0 { 0 } else { weekdays_between(calendar.days[i - 1], date) };
            if i > 0 {
                let previous = calendar.days[i - 1];
                if AcademicYear::of(previous) != AcademicYear::of(date) {
                    (year, term, half) = (i, i, i);
                } else if gap >= TERM_BREAK_WEEKDAYS {
                    (term, half) = (i, i);
                } else if gap >= HALF_TERM_BREAK_WEEKDAYS {
                    half = i;
                }
            }
            calendar.year_start.push(year as u32);
            calendar.term_start.push(term as u32);
            calendar.half_term_start.push(half as u32);
            calendar.closed_weekdays_before.push(gap);
            let new_week = i == 0
                || date.iso_week() != calendar.days[i - 1].iso_week()
                || (date - calendar.days[i - 1]).num_days() >= 7;
            if new_week {
                calendar.week_first_day.push(i as u32);
            }
            calendar.week.push(calendar.week_first_day.len() as u32 - 1);
        }
        calendar
    }

    /// The calendar a policy declares.
    pub fn declared(declared: &crate::vocabulary::DeclaredCalendar) -> Calendar {
        let mut days = Vec::new();
        // The first school day of each half term, and whether it starts a term.
        let mut starts: Vec<(usize, bool)> = Vec::new();
        for term in &declared.terms {
            let (mut day, mut first_of_half, mut first_of_term) = (term.start, true, true);
            while day <= term.end {
                let in_half_term = term.half_term.is_some_and(|(a, b)| day >= a && day <= b);
                if in_half_term {
                    first_of_half = true;
                } else if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
                    && !declared.closed.contains(&day)
                {
                    if first_of_half {
                        starts.push((days.len(), first_of_term));
                        (first_of_half, first_of_term) = (false, false);
                    }
                    days.push(day);
                }
                match day.succ_opt() {
                    Some(next) => day = next,
                    None => break,
                }
            }
        }
        let mut calendar = Calendar::from_school_days(days);
        // The declaration, not the gaps between days, says where terms and
        // half terms start.
        let (mut term, mut half) = (0u32, 0u32);
        for i in 0..calendar.days.len() {
            if let Some(&(_, new_term)) = starts.iter().find(|(s, _)| *s == i) {
                half = i as u32;
                if new_term {
                    term = i as u32;
                }
            }
            if calendar.year_start[i] == i as u32 {
                (term, half) = (i as u32, i as u32);
            }
            calendar.term_start[i] = term;
            calendar.half_term_start[i] = half;
        }
        calendar
    }

    pub fn len(&self) -> usize {
        self.days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// The index of a school day, if `date` is one.
    /// The position of the first school day on or after `date` (the length
    /// of the calendar if there is none).
    pub fn first_on_or_after(&self, date: NaiveDate) -> u32 {
        u32::try_from(self.days.partition_point(|d| *d < date)).unwrap_or(u32::MAX)
    }

    pub fn index(&self, date: NaiveDate) -> Option<u32> {
        self.days.binary_search(&date).ok().map(|i| i as u32)
    }

    /// The first school day of the rolling window of `weeks` school weeks that
    /// ends with day `i`'s week.
    pub fn rolling_school_weeks_start(&self, i: u32, weeks: u32) -> u32 {
        let week = self.week[i as usize];
        let first_week = (week + 1).saturating_sub(weeks.max(1));
        self.week_first_day[first_week as usize]
    }

    /// The first school day less than `weeks` calendar weeks before day `i`
    /// (a window of 7 × weeks calendar days ending on day `i`).
    pub fn rolling_weeks_start(&self, i: u32, weeks: u32) -> u32 {
        let end = self.days[i as usize];
        // A window reaching back past the first representable date starts at the first day.
        let Some(from) = end.checked_sub_days(chrono::Days::new(u64::from(weeks.max(1)) * 7 - 1)) else {
            return 0;
        };
        self.days.partition_point(|d| *d < from) as u32
    }

    pub fn last_school_days_start(&self, i: u32, days: u32) -> u32 {
        (i + 1).saturating_sub(days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn an_academic_year_is_written_with_both_its_calendar_years() {
        assert_eq!(AcademicYear::of(d("2025-08-31")).to_string(), "2024-25");
        assert_eq!(AcademicYear::of(d("2025-09-01")).to_string(), "2025-26");
        assert_eq!(AcademicYear(1999).to_string(), "1999-00");
        assert!(AcademicYear(1999) < AcademicYear(2000));
    }

    /// School days Monday to Friday from `from` to `to`, leaving out `closed`.
    fn weekdays(from: &str, to: &str, closed: &[&str]) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut day = d(from);
        while day <= d(to) {
            if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !closed.iter().any(|c| d(c) == day) {
                out.push(day);
            }
            day = day.succ_opt().unwrap();
        }
        out
    }

    #[test]
    fn weekdays_between_counts_as_a_day_by_day_walk_would() {
        let start = d("2024-12-30");
        for offset_a in 0..9 {
            for length in 0..40 {
                let a = start + chrono::Days::new(offset_a);
                let b = a + chrono::Days::new(length);
                let walked =
                    weekdays(&a.succ_opt().unwrap().to_string(), &b.pred_opt().unwrap().to_string(), &[])
                        .len();
                assert_eq!(weekdays_between(a, b) as usize, walked, "{a} to {b}");
            }
        }
        assert_eq!(weekdays_between(d("1990-01-01"), d("2099-12-31")), 28_697);
    }

    #[test]
    fn breaks_make_half_terms_and_terms() {
        // Autumn 1: 3 Sep to 24 Oct; half term 27 to 31 Oct; autumn 2 to 19 Dec;
        // Christmas; spring 1 from 5 Jan.
        let mut days = weekdays("2025-09-03", "2025-10-24", &[]);
        days.extend(weekdays("2025-11-03", "2025-12-19", &[]));
        days.extend(weekdays("2026-01-05", "2026-01-30", &[]));
        let calendar = Calendar::from_school_days(days);
        let at = |s: &str| calendar.index(d(s)).unwrap() as usize;
        let day = |i: u32| calendar.days[i as usize];
        assert_eq!(day(calendar.half_term_start[at("2025-10-24")]), d("2025-09-03"));
        assert_eq!(day(calendar.half_term_start[at("2025-11-03")]), d("2025-11-03"));
        assert_eq!(day(calendar.term_start[at("2025-11-03")]), d("2025-09-03"));
        assert_eq!(day(calendar.term_start[at("2026-01-05")]), d("2026-01-05"));
        assert_eq!(day(calendar.year_start[at("2026-01-05")]), d("2025-09-03"));
    }

    #[test]
    fn a_declared_calendar_gives_its_terms_half_terms_and_closures() {
        use crate::vocabulary::{DeclaredCalendar, Term};
        let declared = DeclaredCalendar {
            terms: vec![
                Term {
                    start: d("2025-09-03"),
                    end: d("2025-12-19"),
                    half_term: Some((d("2025-10-27"), d("2025-10-31"))),
                },
                Term { start: d("2026-01-05"), end: d("2026-03-27"), half_term: None },
            ],
            closed: vec![d("2025-09-19"), d("2026-01-05")],
        };
        let calendar = Calendar::declared(&declared);
        assert_eq!(calendar.days[0], d("2025-09-03"));
        assert!(calendar.index(d("2025-09-19")).is_none(), "a closed day is not a school day");
        assert!(calendar.index(d("2025-10-28")).is_none(), "nor is a half-term day");
        let at = |s: &str| calendar.index(d(s)).unwrap() as usize;
        let day = |i: u32| calendar.days[i as usize];
        // The half term starts on the first school day after the holiday even
        // though the gap (5 weekdays) would also say so; the spring term starts on
        // its first open day, 6 January.
        assert_eq!(day(calendar.half_term_start[at("2025-11-03")]), d("2025-11-03"));
        assert_eq!(day(calendar.term_start[at("2025-11-03")]), d("2025-09-03"));
        assert_eq!(day(calendar.term_start[at("2026-01-06")]), d("2026-01-06"));
        assert_eq!(day(calendar.year_start[at("2026-01-06")]), d("2025-09-03"));
    }

    #[test]
    fn an_inset_day_does_not_make_a_half_term() {
        let calendar = Calendar::from_school_days(weekdays("2025-09-03", "2025-09-30", &["2025-09-15"]));
        let i = calendar.index(d("2025-09-16")).unwrap() as usize;
        assert_eq!(calendar.half_term_start[i], 0);
        assert_eq!(calendar.closed_weekdays_before[i], 1);
    }

    #[test]
    fn a_new_academic_year_starts_on_1_september() {
        let mut days = weekdays("2025-07-14", "2025-07-18", &[]);
        days.extend(weekdays("2025-09-03", "2025-09-05", &[]));
        let calendar = Calendar::from_school_days(days);
        assert_eq!(calendar.year_start[5], 5);
        assert_eq!(calendar.term_start[5], 5);
    }

    #[test]
    fn rolling_ten_school_weeks_skip_holiday_weeks() {
        // Weeks of 13 Oct, 20 Oct, (half term 27 Oct), 3 Nov: on 7 Nov a rolling
        // 3 school weeks window holds 13 Oct to 7 Nov, since the holiday week has
        // no school day and is not a school week.
        let mut days = weekdays("2025-10-13", "2025-10-24", &[]);
        days.extend(weekdays("2025-11-03", "2025-11-07", &[]));
        let calendar = Calendar::from_school_days(days);
        let i = calendar.index(d("2025-11-07")).unwrap();
        assert_eq!(calendar.days[calendar.rolling_school_weeks_start(i, 3) as usize], d("2025-10-13"));
        assert_eq!(calendar.days[calendar.rolling_school_weeks_start(i, 2) as usize], d("2025-10-20"));
        // A rolling 3 calendar weeks window counts the holiday week: 20 Oct to 7 Nov.
        assert_eq!(calendar.days[calendar.rolling_weeks_start(i, 3) as usize], d("2025-10-20"));
        assert_eq!(calendar.days[calendar.last_school_days_start(i, 6) as usize], d("2025-10-24"));
    }
}
