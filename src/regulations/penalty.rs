//! The national rules for penalty notices: threshold, dated amounts, limits.

use crate::vocabulary::{Payment, PerChildLimit};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PenaltyRules {
    pub cite: String,
    pub threshold: Option<PenaltyThreshold>,
    /// The amounts, each set with the days it is in force.
    #[serde(default)]
    pub amounts: Vec<DatedAmounts>,
    pub per_child: Option<PerChildLimit>,
    pub notice_to_improve_weeks: Option<ImproveRange>,
    /// The days of an exclusion on which a parent must keep the pupil out of
    /// public places, and the register codes that mark those days.
    pub excluded_pupil: Option<ExcludedPupilDuty>,
}

/// A parent's duty for an excluded pupil, behind a suspension penalty notice.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExcludedPupilDuty {
    pub first_school_days: u32,
    pub codes: Vec<String>,
    pub cite: String,
}

impl PenaltyRules {
    /// The amounts in force on `date`.
    pub fn amounts_on(&self, date: NaiveDate) -> Option<&DatedAmounts> {
        self.amounts.iter().find(|a| a.validity().contains(date))
    }
}

/// Penalty-notice amounts and payment periods in force from one date to another.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatedAmounts {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub first: Option<Vec<Payment>>,
    pub second: Option<Vec<Payment>>,
    /// A notice for a suspended or excluded pupil found in a public place.
    pub suspension: Option<Vec<Payment>>,
}

impl DatedAmounts {
    pub fn validity(&self) -> crate::vocabulary::Validity {
        crate::vocabulary::Validity { from: self.from, until: self.until }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PenaltyThreshold {
    pub sessions: u32,
    pub rolling_school_weeks: u32,
    pub codes: Vec<String>,
    pub cite: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ImproveRange {
    pub shortest: u32,
    pub longest: u32,
    pub cite: String,
}
