//! Sessions, periods, calendars, and when a rule fires.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Session {
    Am,
    Pm,
}

impl Session {
    /// `am` or `pm`, as a policy writes it.
    pub fn short(self) -> &'static str {
        match self {
            Session::Am => "am",
            Session::Pm => "pm",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Session::Am => "morning",
            Session::Pm => "afternoon",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    HalfTerm,
    Term,
    Year,
}

impl Period {
    pub fn name(self) -> &'static str {
        match self {
            Period::HalfTerm => "half term",
            Period::Term => "term",
            Period::Year => "school year",
        }
    }
}

/// When a rule may fire again after it has fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Firing {
    /// Fires when its condition becomes true; again only after it has been false.
    OnEachRise,
    Once,
    OncePer(Period),
    /// While the condition stays true, fires again every so many school days.
    RepeatEverySchoolDays(u32),
}

/// The days something is in force: from the first to the last, either end
/// open when not given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<chrono::NaiveDate>,
}

impl Validity {
    pub fn contains(self, date: chrono::NaiveDate) -> bool {
        self.from.is_none_or(|f| date >= f) && self.until.is_none_or(|u| date <= u)
    }

    /// The smallest validity covering both, for things in force without a gap.
    pub fn join(self, other: Validity) -> Validity {
        Validity {
            from: self.from.zip(other.from).map(|(a, b)| a.min(b)),
            until: self.until.zip(other.until).map(|(a, b)| a.max(b)),
        }
    }

    /// The part of both: in force only where both are.
    pub fn within(self, other: Validity) -> Validity {
        Validity {
            from: match (self.from, other.from) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            },
            until: match (self.until, other.until) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }
}

/// A school's own calendar: its terms and the days it is closed within them.
/// `D` is a date, with its span in the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclaredCalendar<D = chrono::NaiveDate> {
    pub terms: Vec<Term<D>>,
    /// Weekdays within terms when the school is closed.
    pub closed: Vec<D>,
}

/// A term from its first to its last day, with its half-term holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term<D = chrono::NaiveDate> {
    pub start: D,
    pub end: D,
    /// The half-term holiday, first and last day.
    pub half_term: Option<(D, D)>,
}

impl<D: Copy> DeclaredCalendar<D> {
    pub fn map<E>(&self, f: impl Fn(D) -> E) -> DeclaredCalendar<E> {
        DeclaredCalendar {
            terms: self
                .terms
                .iter()
                .map(|t| Term {
                    start: f(t.start),
                    end: f(t.end),
                    half_term: t.half_term.map(|(a, b)| (f(a), f(b))),
                })
                .collect(),
            closed: self.closed.iter().map(|d| f(*d)).collect(),
        }
    }
}
