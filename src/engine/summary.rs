//! A pupil's yearly summaries: sessions by category, attendance, persistent
//! and severe absence, and lateness, for each academic year of the register.
//!
//! A run keeps every summary until its end (they follow the events in every
//! output format), so a summary holds only numbers besides the pupil's id and
//! attributes; its attendance and year are written when it is shown.

use super::evaluate::Evaluator;
use super::history::History;
use super::plan::in_mask;
use super::pupil::Context;
use crate::register::calendar::AcademicYear;
use crate::vocabulary::Value;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A pupil's attendance over one academic year of the register. Counts of
/// sessions are of one year, so at most two a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub pupil: String,
    pub year: AcademicYear,
    pub possible: u32,
    pub present: u32,
    pub authorised: u32,
    pub unauthorised: u32,
    pub late: u32,
    pub persistent_absence: bool,
    pub severe_absence: bool,
    pub minutes_late: u64,
    /// The pupil's attributes, shared by their summaries; `None` when no
    /// pupils file or CTF gives any.
    pub attributes: Option<Arc<BTreeMap<String, String>>>,
}

static NO_ATTRIBUTES: BTreeMap<String, String> = BTreeMap::new();

impl Summary {
    /// Present sessions as a share of possible ones.
    pub fn attendance(&self) -> Value {
        Value::Share { part: self.present.into(), possible: self.possible.into() }
    }

    pub fn attributes(&self) -> &BTreeMap<String, String> {
        self.attributes.as_deref().unwrap_or(&NO_ATTRIBUTES)
    }
}

impl Serialize for Summary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let attributes = self.attributes();
        let fields = if attributes.is_empty() { 11 } else { 12 };
        let mut s = serializer.serialize_struct("Summary", fields)?;
        s.serialize_field("pupil", &self.pupil)?;
        s.serialize_field("year", &self.year)?;
        s.serialize_field("possible", &self.possible)?;
        s.serialize_field("present", &self.present)?;
        s.serialize_field("authorised", &self.authorised)?;
        s.serialize_field("unauthorised", &self.unauthorised)?;
        s.serialize_field("attendance", &self.attendance().to_string())?;
        s.serialize_field("persistent_absence", &self.persistent_absence)?;
        s.serialize_field("severe_absence", &self.severe_absence)?;
        s.serialize_field("late", &self.late)?;
        s.serialize_field("minutes_late", &self.minutes_late)?;
        if attributes.is_empty() {
            s.skip_field("attributes")?;
        } else {
            s.serialize_field("attributes", attributes)?;
        }
        s.end()
    }
}

#[expect(
    clippy::indexing_slicing,
    reason = "day indexes are calendar positions within the pupil's span, lo..=hi, below the calendar's len()"
)]
pub(super) fn summaries(cx: &Context, pupil: &str, history: &History, eval: &Evaluator) -> Vec<Summary> {
    let attributes = cx.pupils.map(|p| {
        Arc::new(
            p.names().iter().map(|name| (name.clone(), p.value(pupil, name))).collect::<BTreeMap<_, _>>(),
        )
    });
    // A year has at most 732 sessions, far below u32::MAX.
    let count = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    let calendar = cx.calendar;
    let mut out = Vec::new();
    let mut i = history.lo;
    while i <= history.hi {
        let year = AcademicYear::of(calendar.days[i as usize]);
        let mut end = i;
        while end < history.hi && AcademicYear::of(calendar.days[end as usize + 1]) == year {
            end += 1;
        }
        let s = history.sessions(calendar.year_start[end as usize], end);
        let late = history.days[(i - history.lo) as usize..=(end - history.lo) as usize]
            .iter()
            .flat_map(|d| d.marks())
            .filter(|m| in_mask(cx.plan.late, m.code))
            .count();
        out.push(Summary {
            pupil: pupil.to_string(),
            year,
            possible: count(s.possible),
            present: count(s.attending),
            authorised: count(s.authorised),
            unauthorised: count(s.unauthorised),
            persistent_absence: eval.condition(&cx.plan.persistent_absence, end, 0),
            severe_absence: eval.condition(&cx.plan.severe_absence, end, 0),
            late: count(late as u64),
            minutes_late: history.minutes_late(calendar.year_start[end as usize], end),
            attributes: attributes.clone(),
        });
        i = end + 1;
    }
    out
}
