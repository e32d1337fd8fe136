//! Data-quality findings: what a register leaves out or records in a way the
//! regulations or the policy's own times show to be wrong.

use super::evaluate::read_own_threshold;
use super::history::History;
use super::plan::in_mask;
use super::pupil::{Context, arrival_time, register_times};
use crate::compile::ir::PartTimeLimits;
use crate::register::{Mark, PartTimePlan, PupilDetails};
use crate::vocabulary::{Session, Threshold};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QualityKind {
    /// A school day in the pupil's span without a mark for a session.
    MissingMark,
    /// An `N` still in the register longer than the regulations allow.
    UnresolvedN,
    /// An `L` whose minutes late put the arrival after the register closed.
    LateAfterClose,
    /// Minutes late that put the arrival past midnight.
    LateBeyondTheDay,
    /// A mark on a Saturday or Sunday.
    WeekendMark,
    /// A possible-session mark on a day the policy's calendar says is closed.
    ClosedDayMark,
    /// A mark before the pupil was admitted or after they left.
    OffRoll,
    /// A `C2` (part-time timetable) on a day no agreed plan covers.
    PartTimeOutsidePlan,
    /// A `C2` under a plan that names no review date.
    PartTimeWithoutReview,
    /// A `C2` later in a plan than the longest the policy allows.
    PartTimeBeyondLimit,
    /// A `C2` after the policy's review interval has passed without the
    /// plan's review.
    PartTimeReviewOverdue,
    /// A pupil whose own threshold in the pupils file (`pupil COLUMN`) is
    /// not a number of the measure's kind; dated the pupil's first mark.
    OwnThresholdUnreadable,
}

impl QualityKind {
    pub fn describe(self) -> &'static str {
        match self {
            QualityKind::MissingMark => "sessions with no mark",
            QualityKind::UnresolvedN => "N marks left unresolved longer than the regulations allow",
            QualityKind::LateAfterClose => {
                "L marks whose minutes late are after the register closed (should be U)"
            }
            QualityKind::LateBeyondTheDay => {
                "minutes late that put the arrival past midnight (no lateness rule is applied)"
            }
            QualityKind::WeekendMark => "marks on a Saturday or Sunday",
            QualityKind::ClosedDayMark => {
                "marks on days the calendar says the school is closed (left out of every count)"
            }
            QualityKind::OffRoll => {
                "marks before the pupil was admitted or after they left (left out of every count)"
            }
            QualityKind::PartTimeOutsidePlan => {
                "C2 (part-time timetable) marks on days no agreed plan covers, or for pupils without one"
            }
            QualityKind::PartTimeWithoutReview => "C2 marks under a part-time timetable with no review date",
            QualityKind::PartTimeBeyondLimit => {
                "C2 marks later in a part-time timetable than the longest the policy allows"
            }
            QualityKind::PartTimeReviewOverdue => {
                "C2 marks after the policy's review interval passed without the plan's review"
            }
            QualityKind::OwnThresholdUnreadable => {
                "pupils whose own threshold in the pupils file cannot be read as a whole number or a percentage up to 100% (rules comparing with it are not applied to them)"
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct QualityFinding {
    pub kind: QualityKind,
    pub pupil: String,
    pub date: NaiveDate,
    pub session: Session,
}

/// Sessions without a mark in the pupil's span, `N` left unresolved, and
/// minutes late that disagree with the mark or the day.
#[expect(
    clippy::indexing_slicing,
    reason = "day indexes are calendar positions within the pupil's span, lo..=hi, below the calendar's len()"
)]
pub(super) fn gaps_and_marks(cx: &Context, pupil: &str, history: &History, found: &mut Vec<QualityFinding>) {
    let calendar = cx.calendar;
    let last = calendar.len() as u32 - 1;
    let n_limit = cx.rules.unresolved_n_max_school_days;
    let mut add =
        |kind, date, session| found.push(QualityFinding { kind, pupil: pupil.to_string(), date, session });
    for (offset, day) in history.days.iter().enumerate() {
        let i = history.lo + offset as u32;
        let date = calendar.days[i as usize];
        for (session, mark) in [(Session::Am, &day.am), (Session::Pm, &day.pm)] {
            let Some(mark) = mark else {
                add(QualityKind::MissingMark, date, session);
                continue;
            };
            if in_mask(cx.plan.unresolved, mark.code)
                && let Some(limit) = n_limit
                && last - i > limit
            {
                add(QualityKind::UnresolvedN, date, session);
            }
            if let (Some(minutes), Some((opens, closes))) = (mark.minutes_late, register_times(cx, session)) {
                match arrival_time(opens, minutes) {
                    None => add(QualityKind::LateBeyondTheDay, date, session),
                    Some(arrival) if arrival > closes && in_mask(cx.plan.late, mark.code) => {
                        add(QualityKind::LateAfterClose, date, session)
                    }
                    Some(_) => {}
                }
            }
        }
    }
}

/// Leaves out the marks made while the pupil was not on roll, each a finding.
pub(super) fn off_roll(
    details: &PupilDetails,
    pupil: &str,
    marks: &mut Vec<Mark>,
    found: &mut Vec<QualityFinding>,
) {
    marks.retain(|m| {
        let on_roll = details.on_roll(m.date);
        if !on_roll {
            found.push(QualityFinding {
                kind: QualityKind::OffRoll,
                pupil: pupil.to_string(),
                date: m.date,
                session: m.session,
            });
        }
        on_roll
    });
}

/// Part-time timetable marks (`C2`, code index `c2`) outside the pupil's
/// plan, under a plan without a review date, or beyond the policy's limits
/// on a plan's length and review.
pub(super) fn part_time(
    details: Option<&PupilDetails>,
    c2: u8,
    limits: Option<PartTimeLimits>,
    pupil: &str,
    marks: &[Mark],
    found: &mut Vec<QualityFinding>,
) {
    let plan = details.and_then(|d| d.part_time);
    let limits = limits.unwrap_or(PartTimeLimits { longest_days: None, review_every_days: None });
    // Whether `date` is at least `days` after the plan's start.
    let past = |plan: &PartTimePlan, date: NaiveDate, days: Option<u32>| {
        days.is_some_and(|d| (date - plan.from).num_days() >= i64::from(d))
    };
    // Whether the plan's review falls later than the policy's interval allows.
    let review_late = |plan: &PartTimePlan| match (limits.review_every_days, plan.review) {
        (Some(every), Some(review)) => (review - plan.from).num_days() > i64::from(every),
        _ => false,
    };
    for m in marks.iter().filter(|m| m.code == c2) {
        let kind = match plan {
            Some(plan) if !plan.covers(m.date) => QualityKind::PartTimeOutsidePlan,
            Some(plan) if plan.review.is_none() => QualityKind::PartTimeWithoutReview,
            Some(plan) if past(&plan, m.date, limits.longest_days) => QualityKind::PartTimeBeyondLimit,
            Some(plan) if past(&plan, m.date, limits.review_every_days) && review_late(&plan) => {
                QualityKind::PartTimeReviewOverdue
            }
            Some(_) => continue,
            None => QualityKind::PartTimeOutsidePlan,
        };
        found.push(QualityFinding { kind, pupil: pupil.to_string(), date: m.date, session: m.session });
    }
}

/// Each column a rule reads a pupil's own threshold from, where this pupil's
/// value is given but cannot be read as the measure's kind of number.
pub(super) fn own_thresholds(
    cx: &Context,
    details: &PupilDetails,
    pupil: &str,
    first: Option<&Mark>,
    found: &mut Vec<QualityFinding>,
) {
    let Some(first) = first else { return };
    let mut reported: Vec<&str> = Vec::new();
    for c in cx.rules.rules.iter().flat_map(|r| r.when.comparisons()) {
        let Threshold::Pupil(column) = &c.threshold else { continue };
        let Some(text) = details.attributes.get(column).filter(|t| !t.trim().is_empty()) else { continue };
        if read_own_threshold(text, c.measure.takes_percent()).is_none()
            && !reported.contains(&column.as_str())
        {
            reported.push(column);
            found.push(QualityFinding {
                kind: QualityKind::OwnThresholdUnreadable,
                pupil: pupil.to_string(),
                date: first.date,
                session: first.session,
            });
        }
    }
}
