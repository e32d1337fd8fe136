//! The rule language's meaning, written once. The syntax tree keeps values as
//! the policy writer wrote them; from the model on, every stage speaks these
//! types: a condition, its measure and window, a threshold, when a rule
//! fires, what it does, sessions, calendars and amounts.
//!
//! Stages differ only in what they attach. A [`Condition`] is generic over an
//! annotation on each comparison (source spans in the model, nothing in a rule
//! set) and over the form of its code lists (codes as written, codes expanded,
//! an index into the engine's code masks), as Cedar's one expression tree is
//! annotated by each stage.

mod action;
mod amounts;
mod condition;
mod stages;
mod time;
mod value;
mod words;

pub use action::{Action, ActionKind, is_bare_code};
pub use amounts::{Duration, NoticeKind, Payment, PerChildLimit, Unit, money};
pub use condition::{CodeRef, Comparator, Comparison, Condition, Measure, RunUnit, Threshold, Window};
pub use stages::{Group, Limit, Lookback, Naming, Review, Stage};
pub use time::{DeclaredCalendar, Firing, Period, Session, Term, Validity};
pub use value::{MeasureUnit, Value, push_decimal};
pub use words::{CodeList, code_name};
