//! The resolved policy: names bound, values typed and normalised, `extends`
//! applied. One [`School`] per school the policy is for. Later stages (checks,
//! compilation) read this model and never the syntax tree.

mod resolve;
mod typing;
mod validate;

pub use resolve::{Resolved, resolve_file};
pub use validate::{conditions, regime_for, validate};

use crate::source::Span;
use crate::syntax::ast::{
    Action, Comparator, NoticeKind, Period, ReportDays, RequestVia, RunUnit, Session, Spanned,
};
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Policy {
    /// The trust or federation named in the file or in a file it extends.
    pub organisation: Option<Spanned<String>>,
    pub schools: Vec<School>,
}

#[derive(Debug, Clone, Serialize)]
pub struct School {
    pub name: Spanned<String>,
    pub regulations: Option<Spanned<String>>,
    pub effective: Spanned<NaiveDate>,
    pub review: Option<Spanned<NaiveDate>>,
    #[serde(flatten)]
    pub sections: Sections,
}

/// Everything a policy can say about a school besides who and when. A trust
/// base, a federation file and a school block each fill one of these; they are
/// laid over each other to give the school's own.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Sections {
    pub calendar: Option<Spanned<DeclaredCalendar>>,
    pub day: Option<Day>,
    pub registers: BTreeMap<Session, Register>,
    pub records_retained_years: Option<Spanned<u32>>,
    pub absence_reporting: Option<AbsenceReporting>,
    pub absence_coded_within_school_days: Option<Spanned<u32>>,
    pub medical_evidence: Option<Spanned<Vec<Spanned<MedicalTrigger>>>>,
    pub leave_of_absence: Option<LeaveOfAbsence>,
    pub lateness: Option<Spanned<Vec<ArrivalRule>>>,
    pub rules: Vec<Rule>,
    pub penalty_notices: Option<PenaltyNotices>,
    pub persistent_absence: Option<Spanned<Condition>>,
    pub severe_absence: Option<Spanned<Condition>>,
}

/// The school's own calendar: its terms (each with its half-term holiday)
/// and the days it is closed within them.
#[derive(Debug, Clone, Serialize)]
pub struct DeclaredCalendar {
    pub terms: Vec<Spanned<Term>>,
    pub closed: Vec<Spanned<NaiveDate>>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Term {
    pub start: Spanned<NaiveDate>,
    pub end: Spanned<NaiveDate>,
    pub half_term: Option<(Spanned<NaiveDate>, Spanned<NaiveDate>)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Day {
    pub gates_open: Option<Spanned<NaiveTime>>,
    pub starts: Option<Spanned<NaiveTime>>,
    pub ends: Option<Spanned<NaiveTime>>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Register {
    pub session: Session,
    pub opens: Spanned<NaiveTime>,
    pub closes: Spanned<NaiveTime>,
    pub span: Span,
}

impl Register {
    pub fn open_minutes(&self) -> i64 {
        (self.closes.node - self.opens.node).num_minutes()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AbsenceReporting {
    pub by: Spanned<NaiveTime>,
    pub days: ReportDays,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub enum MedicalTrigger {
    InDoubt,
    IllnessAfterLeave,
    When(Condition),
}

#[derive(Debug, Clone, Serialize)]
pub struct LeaveOfAbsence {
    pub granted_for: Vec<Spanned<String>>,
    pub requested: Option<LeaveRequest>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct LeaveRequest {
    pub via: RequestVia,
    pub ahead: Option<Spanned<Duration>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArrivalRule {
    pub after: Spanned<NaiveTime>,
    pub action: Spanned<Action>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub name: Spanned<String>,
    pub when: Spanned<Condition>,
    pub actions: Vec<Spanned<Action>>,
    pub firing: Firing,
    pub minimum_possible_sessions: Option<u32>,
    pub span: Span,
}

/// When a rule may fire again after it has fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Firing {
    /// Fires when its condition becomes true; again only after it has been false.
    OnEachRise,
    Once,
    OncePer(Period),
    /// While the condition stays true, fires again every so many school days.
    RepeatEverySchoolDays(u32),
}

#[derive(Debug, Clone, Serialize)]
pub struct PenaltyNotices {
    pub threshold: Option<Spanned<Condition>>,
    pub amounts: BTreeMap<NoticeKindKey, Spanned<Vec<PaymentTerm>>>,
    pub per_child: Option<Spanned<PerChildLimit>>,
    pub notice_to_improve_weeks: Option<Spanned<(u32, u32)>>,
    pub span: Span,
}

/// [`NoticeKind`] as a map key, in the order notices are issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum NoticeKindKey {
    First,
    Second,
    Suspension,
}

impl From<NoticeKind> for NoticeKindKey {
    fn from(kind: NoticeKind) -> Self {
        match kind {
            NoticeKind::First => NoticeKindKey::First,
            NoticeKind::Second => NoticeKindKey::Second,
            NoticeKind::Suspension => NoticeKindKey::Suspension,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PaymentTerm {
    pub pence: u64,
    pub within_days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PerChildLimit {
    pub notices: u32,
    pub within_years: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Duration {
    pub amount: u32,
    pub unit: DurationUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DurationUnit {
    Minutes,
    Days,
    SchoolDays,
    Weeks,
    SchoolWeeks,
    Years,
}

#[derive(Debug, Clone, Serialize)]
pub enum Condition {
    Any(Vec<Spanned<Condition>>),
    All(Vec<Spanned<Condition>>),
    Compare(Comparison),
}

impl Condition {
    /// Every comparison in the condition, depth first.
    pub fn comparisons(&self) -> Vec<&Comparison> {
        match self {
            Condition::Compare(c) => vec![c],
            Condition::Any(parts) | Condition::All(parts) => {
                parts.iter().flat_map(|p| p.node.comparisons()).collect()
            }
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub measure: Spanned<Measure>,
    pub comparator: Comparator,
    pub threshold: Spanned<Threshold>,
    pub window: Spanned<Window>,
}

/// A threshold, exact: percentages in hundredths of a percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Threshold {
    PercentHundredths(u32),
    Count(u64),
}

#[derive(Debug, Clone, Serialize)]
pub enum Measure {
    Attendance,
    Absence,
    AuthorisedAbsence,
    UnauthorisedAbsence,
    Sessions(CodeSet),
    SchoolDays(CodeSet),
    Consecutive { unit: RunUnit, codes: CodeSet },
    Spells(CodeSet),
    MinutesLate,
}

impl Measure {
    pub fn is_percentage(&self) -> bool {
        matches!(
            self,
            Measure::Attendance
                | Measure::Absence
                | Measure::AuthorisedAbsence
                | Measure::UnauthorisedAbsence
        )
    }

    pub fn codes(&self) -> Option<&CodeSet> {
        match self {
            Measure::Sessions(c) | Measure::SchoolDays(c) | Measure::Spells(c) => Some(c),
            Measure::Consecutive { codes, .. } => Some(codes),
            _ => None,
        }
    }
}

/// Codes as the policy lists them; what each means is the regulations' to say.
#[derive(Debug, Clone, Serialize)]
pub struct CodeSet {
    pub items: Vec<Spanned<crate::syntax::ast::CodeRef>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Window {
    /// A run of consecutive days up to today: it has no window of its own.
    CurrentRun,
    YearToDate,
    Term,
    HalfTerm,
    RollingSchoolWeeks(u32),
    RollingWeeks(u32),
    LastSchoolDays(u32),
}
