//! The resolved policy: names bound, values typed and normalised, `extends`
//! applied. One [`School`] per school the policy is for. Later stages (checks,
//! compilation) read this model and never the syntax tree.

mod conditions;
mod layer;
mod load;
mod rule;
mod seen;
mod stages;
mod statements;
mod typing;
mod validate;

pub use conditions::type_condition;
pub use load::{ParsedBases, Resolved, resolve_file, resolve_file_sharing};
pub use typing::Typer;
pub use validate::{conditions, regime_for, validate};

use crate::source::Span;
use crate::syntax::ast::{CodeRef, ReportDays, RequestVia, Spanned};
use crate::vocabulary::{self, Action, Duration, Firing, NoticeKind, Payment, PerChildLimit, Session};
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
    /// Registers the policy says it does not state (`register pm { not stated }`).
    pub registers_not_stated: BTreeMap<Session, Span>,
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
    /// The code table the policy publishes, if it does.
    pub published_codes: Option<Spanned<Vec<PublishedCode>>>,
    pub reports: Vec<SchoolReport>,
    pub part_time: Option<PartTimeLimits>,
}

/// The policy's limits on part-time timetables, in days; `None` where a
/// limit is not stated.
#[derive(Debug, Clone, Serialize)]
pub struct PartTimeLimits {
    pub longest_days: Option<Spanned<u32>>,
    pub review_every_days: Option<Spanned<u32>>,
    pub span: Span,
}

/// A report on the whole school, to whom, and how often (`None`: not stated).
#[derive(Debug, Clone, Serialize)]
pub struct SchoolReport {
    pub what: Spanned<String>,
    /// To whom; `None` where the policy does not say.
    pub to: Option<Spanned<String>>,
    pub when: Option<Spanned<crate::vocabulary::Review>>,
    /// The pupils-file column whose group with the best attendance is named.
    pub best: Option<Spanned<crate::vocabulary::Naming>>,
    pub span: Span,
}

/// A code as the policy's own table gives it: its meaning, and its category
/// where the table says.
#[derive(Debug, Clone, Serialize)]
pub struct PublishedCode {
    pub code: Spanned<String>,
    pub meaning: String,
    pub category: Option<Spanned<crate::regulations::Category>>,
    pub span: Span,
}

/// The school's own calendar, each date with its span.
pub type DeclaredCalendar = vocabulary::DeclaredCalendar<Spanned<NaiveDate>>;
pub type Term = vocabulary::Term<Spanned<NaiveDate>>;

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
    /// The time of day; `None` where the policy says it does not state one.
    pub by: Option<Spanned<NaiveTime>>,
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
    /// The stages the rule follows, in the order written.
    pub after: Vec<StageRef>,
    pub review: Option<Spanned<vocabulary::Review>>,
    pub limit: Option<Spanned<vocabulary::Limit>>,
    pub groups: Vec<Spanned<vocabulary::Group>>,
    pub span: Span,
}

/// A stage a rule follows, by the name of the rule it waits for.
#[derive(Debug, Clone, Serialize)]
pub struct StageRef {
    pub rule: Spanned<String>,
    pub times: u32,
    pub within: Option<vocabulary::Lookback>,
    /// Not until this long after the stage last fired.
    pub wait: Option<vocabulary::Lookback>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct PenaltyNotices {
    pub threshold: Option<Spanned<Condition>>,
    pub amounts: BTreeMap<NoticeKind, Spanned<Vec<Payment>>>,
    pub per_child: Option<Spanned<PerChildLimit>>,
    pub notice_to_improve_weeks: Option<Spanned<(u32, u32)>>,
    pub span: Span,
}

/// A condition in the model: each comparison knows where its parts were
/// written, and code lists are as the policy wrote them.
pub type Condition = vocabulary::Condition<ComparisonSpans, CodeSet>;
pub type Comparison = vocabulary::Comparison<ComparisonSpans, CodeSet>;
pub type Measure = vocabulary::Measure<CodeSet>;
pub use vocabulary::{Threshold, Window};

/// Where each part of a comparison was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ComparisonSpans {
    pub whole: Span,
    pub measure: Span,
    pub threshold: Span,
    /// The window as written, or the measure's span where none was written.
    pub window: Span,
}

/// Codes as the policy lists them; what each means is the regulations' to say.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeSet {
    pub items: Vec<Spanned<CodeRef>>,
}
