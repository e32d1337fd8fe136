//! Conditions: measures compared with thresholds over windows, combined with
//! `and` and `or`.

use super::value::MeasureUnit;
use serde::{Deserialize, Serialize};

/// A code as a policy lists it: a register code (`L`, `C1`, `/`) or the name
/// of a group of codes (`unauthorised`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeRef {
    Code(String),
    Group(String),
}

/// `A` annotates each comparison; `C` is the form of a code list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", bound(deserialize = "A: Default, C: Deserialize<'de>"))]
pub enum Condition<A = (), C = Vec<String>> {
    Any(Vec<Condition<A, C>>),
    All(Vec<Condition<A, C>>),
    Compare(Comparison<A, C>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "A: Default, C: Deserialize<'de>"))]
pub struct Comparison<A = (), C = Vec<String>> {
    pub measure: Measure<C>,
    pub comparator: Comparator,
    pub threshold: Threshold,
    pub window: Window,
    /// What a stage attaches: spans in the model, nothing in a rule set.
    #[serde(skip)]
    pub at: A,
}

impl<A, C> Condition<A, C> {
    /// Whether the condition can ever hold: not when it needs a comparison
    /// whose number the policy does not state.
    pub fn can_hold(&self) -> bool {
        match self {
            Condition::Compare(c) => c.threshold != Threshold::NotStated,
            Condition::All(parts) => parts.iter().all(Condition::can_hold),
            Condition::Any(parts) => parts.iter().any(Condition::can_hold),
        }
    }

    /// Every comparison in the condition, depth first.
    pub fn comparisons(&self) -> Vec<&Comparison<A, C>> {
        let mut out = Vec::new();
        self.visit(&mut |c| out.push(c));
        out
    }

    fn visit<'a>(&'a self, each: &mut impl FnMut(&'a Comparison<A, C>)) {
        match self {
            Condition::Compare(c) => each(c),
            Condition::Any(parts) | Condition::All(parts) => parts.iter().for_each(|p| p.visit(each)),
        }
    }

    /// The first comparison, whose value an event reports.
    pub fn first(&self) -> Option<&Comparison<A, C>> {
        match self {
            Condition::Compare(c) => Some(c),
            Condition::Any(parts) | Condition::All(parts) => parts.first().and_then(Condition::first),
        }
    }

    pub fn first_mut(&mut self) -> Option<&mut Comparison<A, C>> {
        match self {
            Condition::Compare(c) => Some(c),
            Condition::Any(parts) | Condition::All(parts) => parts.first_mut().and_then(Condition::first_mut),
        }
    }

    /// The same condition for the next stage: annotations dropped and each
    /// code list turned into the next stage's form.
    pub fn map<D, E>(&self, codes: &mut impl FnMut(&C) -> Result<D, E>) -> Result<Condition<(), D>, E> {
        Ok(match self {
            Condition::Any(parts) => {
                Condition::Any(parts.iter().map(|p| p.map(codes)).collect::<Result<_, _>>()?)
            }
            Condition::All(parts) => {
                Condition::All(parts.iter().map(|p| p.map(codes)).collect::<Result<_, _>>()?)
            }
            Condition::Compare(c) => Condition::Compare(Comparison {
                measure: c.measure.map(codes)?,
                comparator: c.comparator,
                threshold: c.threshold.clone(),
                window: c.window,
                at: (),
            }),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Less => "<",
            Comparator::LessOrEqual => "<=",
            Comparator::Greater => ">",
            Comparator::GreaterOrEqual => ">=",
            Comparator::Equal => "=",
        }
    }

    /// Compares `value` with `threshold`; both scaled alike by the caller.
    pub fn holds(self, value: u128, threshold: u128) -> bool {
        match self {
            Comparator::Less => value < threshold,
            Comparator::LessOrEqual => value <= threshold,
            Comparator::Greater => value > threshold,
            Comparator::GreaterOrEqual => value >= threshold,
            Comparator::Equal => value == threshold,
        }
    }

    /// The count at which `measure OP n` starts to hold, for the comparators
    /// that say "reaches": `>= n` and `= n` at n, `> n` at n + 1.
    pub fn reached_at(self, n: u64) -> Option<u64> {
        match self {
            Comparator::GreaterOrEqual | Comparator::Equal => Some(n),
            Comparator::Greater => n.checked_add(1),
            Comparator::Less | Comparator::LessOrEqual => None,
        }
    }
}

/// A threshold, exact: percentages in hundredths of a percent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    PercentHundredths(u32),
    Count(u64),
    /// The policy does not give the number: the comparison never holds.
    NotStated,
    /// Each pupil's own number, from this column of the pupils file
    /// (`attendance < pupil attendance-target`): a percentage or a count, as
    /// the measure is. A pupil without one is never compared.
    Pupil(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunUnit {
    SchoolDays,
    Weekdays,
}

/// What a comparison measures. `C` is the form of its code list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure<C> {
    Attendance,
    Absence,
    AuthorisedAbsence,
    UnauthorisedAbsence,
    /// How far attendance has risen, in percentage points (0 when it fell).
    AttendanceRise,
    /// How far attendance has fallen, in percentage points (0 when it rose).
    AttendanceFall,
    Sessions(C),
    SchoolDays(C),
    /// The current run of days on which every possible session has one of the codes.
    Consecutive {
        unit: RunUnit,
        codes: C,
    },
    Spells(C),
    /// On the first school day a pupil attends after a run of school days
    /// with the codes, the run's length; 0 on every other day.
    ReturnAfter(C),
    MinutesLate,
    /// Entries of one name in the records file, dated in the window.
    Records(String),
}

impl<C> Measure<C> {
    pub fn is_percentage(&self) -> bool {
        matches!(
            self,
            Measure::Attendance
                | Measure::Absence
                | Measure::AuthorisedAbsence
                | Measure::UnauthorisedAbsence
        )
    }

    /// Whether the threshold is a percentage: a share of sessions, or a
    /// change of one in percentage points.
    pub fn takes_percent(&self) -> bool {
        self.is_percentage() || self.is_change()
    }

    pub fn is_change(&self) -> bool {
        matches!(self, Measure::AttendanceRise | Measure::AttendanceFall)
    }

    pub fn codes(&self) -> Option<&C> {
        match self {
            Measure::Sessions(c) | Measure::SchoolDays(c) | Measure::Spells(c) | Measure::ReturnAfter(c) => {
                Some(c)
            }
            Measure::Consecutive { codes, .. } => Some(codes),
            _ => None,
        }
    }

    /// What the measure's value counts.
    pub fn unit(&self) -> MeasureUnit {
        match self {
            Measure::Attendance
            | Measure::Absence
            | Measure::AuthorisedAbsence
            | Measure::UnauthorisedAbsence => MeasureUnit::Percent,
            Measure::AttendanceRise | Measure::AttendanceFall => MeasureUnit::Points,
            Measure::Sessions(_) => MeasureUnit::Sessions,
            Measure::SchoolDays(_)
            | Measure::ReturnAfter(_)
            | Measure::Consecutive { unit: RunUnit::SchoolDays, .. } => MeasureUnit::SchoolDays,
            Measure::Consecutive { unit: RunUnit::Weekdays, .. } => MeasureUnit::Weekdays,
            Measure::Spells(_) => MeasureUnit::Spells,
            Measure::MinutesLate => MeasureUnit::Minutes,
            Measure::Records(_) => MeasureUnit::Records,
        }
    }

    pub fn map<D, E>(&self, codes: &mut impl FnMut(&C) -> Result<D, E>) -> Result<Measure<D>, E> {
        Ok(match self {
            Measure::Attendance => Measure::Attendance,
            Measure::Absence => Measure::Absence,
            Measure::AuthorisedAbsence => Measure::AuthorisedAbsence,
            Measure::UnauthorisedAbsence => Measure::UnauthorisedAbsence,
            Measure::AttendanceRise => Measure::AttendanceRise,
            Measure::AttendanceFall => Measure::AttendanceFall,
            Measure::Sessions(c) => Measure::Sessions(codes(c)?),
            Measure::SchoolDays(c) => Measure::SchoolDays(codes(c)?),
            Measure::Consecutive { unit, codes: c } => Measure::Consecutive { unit: *unit, codes: codes(c)? },
            Measure::Spells(c) => Measure::Spells(codes(c)?),
            Measure::ReturnAfter(c) => Measure::ReturnAfter(codes(c)?),
            Measure::MinutesLate => Measure::MinutesLate,
            Measure::Records(name) => Measure::Records(name.clone()),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Window {
    /// A run of consecutive days up to today: it has no window of its own.
    CurrentRun,
    YearToDate,
    Term,
    HalfTerm,
    RollingSchoolWeeks(u32),
    RollingWeeks(u32),
    LastSchoolDays(u32),
    /// From the day after the rule's `k`th stage last fired for the pupil.
    SinceStage(u32),
}

impl Window {
    /// A window of no days cannot be measured.
    pub fn is_empty(self) -> bool {
        matches!(self, Window::RollingSchoolWeeks(0) | Window::RollingWeeks(0) | Window::LastSchoolDays(0))
    }

    /// Whether the window is no longer than a policy may write (520 weeks,
    /// 2,000 school days), as a rule set read from a file must also be.
    pub fn within_limits(self) -> bool {
        match self {
            Window::RollingSchoolWeeks(n) | Window::RollingWeeks(n) => n <= 520,
            Window::LastSchoolDays(n) => n <= 2_000,
            _ => true,
        }
    }
}
