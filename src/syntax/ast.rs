//! The typed syntax tree: what the policy writer wrote, with spans, before
//! any meaning is checked. Values keep the form they were written in
//! ([`Literal`]); the model decides whether a value is of the right kind.

use crate::source::Span;
use serde::Serialize;

pub use super::test_file_ast::{Expectation, Expected, PupilMarks, TestCase, TestFile};
pub use crate::vocabulary::{Action, CodeRef, Comparator, NoticeKind, Period, RunUnit, Session, Unit};

/// A measure as written: its code lists keep their spans.
pub type Measure = crate::vocabulary::Measure<Vec<Spanned<CodeRef>>>;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyFile {
    pub items: Vec<Spanned<Item>>,
    pub comments: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Item {
    Extends(Spanned<String>),
    Organisation(OrganisationBlock),
    School(SchoolBlock),
    Statement(Statement),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum OrganisationKind {
    Trust,
    Federation,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrganisationBlock {
    pub kind: OrganisationKind,
    pub name: Spanned<String>,
    pub identity: Vec<Spanned<Identity>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolBlock {
    pub name: Spanned<String>,
    pub items: Vec<Spanned<SchoolItem>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SchoolItem {
    Identity(Identity),
    Statement(Statement),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Identity {
    Regulations(Spanned<String>),
    Effective(Literal),
    Review(Literal),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Statement {
    Calendar(Vec<Spanned<CalendarItem>>),
    Day(Vec<Spanned<DayItem>>),
    Register {
        session: Spanned<Session>,
        items: Vec<Spanned<RegisterItem>>,
    },
    RecordsRetained(Literal),
    AbsenceReported {
        by: Literal,
        days: ReportDays,
    },
    AbsenceCoded(Literal),
    MedicalEvidence(Vec<Spanned<MedicalItem>>),
    LeaveOfAbsence(Vec<Spanned<LeaveItem>>),
    Lateness(Vec<Spanned<ArrivalRule>>),
    Rule {
        name: Spanned<String>,
        items: Vec<Spanned<RuleItem>>,
    },
    PenaltyNotices(Vec<Spanned<PenaltyItem>>),
    PersistentAbsence(Spanned<Condition>),
    SevereAbsence(Spanned<Condition>),
    /// The code table the policy publishes.
    Codes(Vec<Spanned<CodeEntry>>),
    /// How long a part-time timetable may last and how often it is reviewed.
    PartTime(Vec<Spanned<PartTimeItem>>),
    /// A report on the whole school; `when` is `None` where the policy does
    /// not state how often.
    Report {
        what: Spanned<String>,
        /// To whom; `None` where the policy does not say.
        to: Option<Spanned<String>>,
        when: Option<Spanned<ReviewPoint>>,
        /// `naming the ATTRIBUTE with the best attendance`, or `naming the
        /// pupils with the best attendance rise`.
        best: Option<Spanned<crate::vocabulary::Naming>>,
    },
}

/// A line of a published code table: `H "Authorised holiday" authorised`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeEntry {
    pub code: Spanned<String>,
    pub meaning: Spanned<String>,
    pub category: Option<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum CalendarItem {
    /// A term from its first to its last day, with its half-term holiday.
    Term { from: Literal, to: Literal, half_term: Option<(Literal, Literal)> },
    /// Days the school is closed within terms (INSET days, bank holidays).
    Closed(Vec<Literal>),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum DayItem {
    GatesOpen(Literal),
    Starts(Literal),
    Ends(Literal),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum RegisterItem {
    /// The policy says it does not state the register's times.
    NotStated,
    Opens(Literal),
    Closes(Literal),
    ClosesAfter(Literal),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ReportDays {
    FirstDay,
    EveryDay,
}

#[allow(clippy::large_enum_variant)] // a tree node, built once and read in place
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum MedicalItem {
    InDoubt,
    AfterLeave,
    When(Spanned<Condition>),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum LeaveItem {
    GrantedFor(Vec<Spanned<String>>),
    Requested { via: RequestVia, ahead: Option<Literal> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RequestVia {
    InWriting,
    OnForm,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArrivalRule {
    pub after: Literal,
    pub action: Spanned<Action>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum RuleItem {
    When(Spanned<Condition>),
    Then(Spanned<Action>),
    Once(Option<Period>),
    RepeatEvery(Literal),
    Minimum(Literal),
    /// A stage: another rule must have fired for the pupil before.
    After {
        rule: Spanned<String>,
        times: Option<Literal>,
        /// Not until this long after the stage last fired.
        wait: Option<Literal>,
        within: Option<Literal>,
    },
    /// At most `times` firings within `within`.
    AtMost {
        times: Literal,
        within: Literal,
    },
    Review(ReviewPoint),
    /// Only pupils whose `attribute` has `value`; with `without`, only those
    /// whose has not.
    Group {
        attribute: Spanned<String>,
        value: Spanned<String>,
        without: bool,
    },
}

/// The days a rule is looked at, when not every school day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ReviewPoint {
    Every(Literal),
    /// `every not stated`: regularly, at an interval the policy does not give.
    EveryNotStated,
    EndOf(Period),
    /// The end of the `Literal`th school week of each period.
    EndOfWeek(Literal, Period),
    /// The first school day after a weekend, a holiday or a closure.
    AfterBreak,
}

/// A line of the `part-time timetables` block; either value may be `not stated`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum PartTimeItem {
    Longest(Literal),
    ReviewEvery(Literal),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum PenaltyItem {
    Threshold(Spanned<Condition>),
    Amounts { kind: NoticeKind, payments: Vec<Spanned<Payment>> },
    PerChild { count: Literal, within: Literal },
    NoticeToImprove { shortest: Literal, longest: Literal },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payment {
    pub amount: Literal,
    pub within: Literal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Condition {
    Any(Vec<Spanned<Condition>>),
    All(Vec<Spanned<Condition>>),
    Compare(Comparison),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub measure: Spanned<Measure>,
    pub comparator: Comparator,
    pub value: Literal,
    pub window: Option<Spanned<Window>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Window {
    YearToDate,
    Term,
    HalfTerm,
    Rolling(Literal),
    Last(Literal),
    /// From the day after the named stage last fired.
    Since(Spanned<String>),
}

pub type Literal = Spanned<LiteralValue>;

/// A value as written. Numbers keep their digits exactly (no floating point):
/// `96.5%` is 965 with one decimal place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum LiteralValue {
    Date {
        year: u32,
        month: u32,
        day: u32,
    },
    Time {
        hour: u32,
        minute: u32,
    },
    Percent(Decimal),
    Money(Decimal),
    Duration {
        amount: Decimal,
        unit: Unit,
    },
    Number(Decimal),
    Text(String),
    /// A comparison's number that the policy does not give.
    NotStated,
    /// A comparison's number that each pupil has their own of, in this
    /// column of the pupils file: `pupil attendance-target`.
    Pupil(String),
}

impl LiteralValue {
    /// The kind of value, in the policy writer's words.
    pub fn kind(&self) -> &'static str {
        match self {
            LiteralValue::Date { .. } => "a date",
            LiteralValue::Time { .. } => "a time",
            LiteralValue::Percent(_) => "a percentage",
            LiteralValue::Money(_) => "an amount of money",
            LiteralValue::Duration { .. } => "a duration",
            LiteralValue::Number(_) => "a number",
            LiteralValue::Text(_) => "quoted text",
            LiteralValue::NotStated => "`not stated`",
            LiteralValue::Pupil(_) => "a pupil's own number",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Decimal {
    pub digits: u64,
    pub scale: u32,
}

impl Decimal {
    /// The value in hundredths, if it has at most two decimal places.
    pub fn hundredths(self) -> Option<u64> {
        match self.scale {
            0 => self.digits.checked_mul(100),
            1 => self.digits.checked_mul(10),
            2 => Some(self.digits),
            _ => None,
        }
    }

    pub fn whole(self) -> Option<u64> {
        (self.scale == 0).then_some(self.digits)
    }
}

impl std::fmt::Display for Decimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.digits);
        }
        let text = format!("{:0width$}", self.digits, width = self.scale as usize + 1);
        let (whole, frac) = text.split_at(text.len() - self.scale as usize);
        write!(f, "{whole}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::Decimal;

    #[test]
    fn decimals_print_as_written() {
        assert_eq!(Decimal { digits: 965, scale: 1 }.to_string(), "96.5");
        assert_eq!(Decimal { digits: 5, scale: 2 }.to_string(), "0.05");
        assert_eq!(Decimal { digits: 80, scale: 0 }.to_string(), "80");
    }

    #[test]
    fn hundredths_are_exact() {
        assert_eq!(Decimal { digits: 965, scale: 1 }.hundredths(), Some(9650));
        assert_eq!(Decimal { digits: 1, scale: 3 }.hundredths(), None);
    }
}
