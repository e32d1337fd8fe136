//! Helpers several checks share.

use crate::model::CodeSet;
use crate::regulations::{CodeEntry, Regime};
use crate::source::Span;
use crate::syntax::ast::{CodeRef, Comparator, Session};

/// The regime's entries for the codes of a code list, each with the span of
/// the code or group that named it. Unknown names were reported by validation.
pub(super) fn expand<'r>(regime: &'r Regime, codes: &CodeSet) -> Vec<(&'r CodeEntry, Span)> {
    codes
        .items
        .iter()
        .flat_map(|item| match &item.node {
            CodeRef::Code(code) => regime.code(code).into_iter().map(|c| (c, item.span)).collect::<Vec<_>>(),
            CodeRef::Group(name) => {
                regime.group(name).unwrap_or_default().into_iter().map(|c| (c, item.span)).collect()
            }
        })
        .collect()
}

/// The count at which a `measure OP n` comparison starts to hold, for the
/// comparators that say "reaches": `>= n` and `= n` at n, `> n` at n + 1.
pub(super) fn reached_at(comparator: Comparator, n: u64) -> Option<u64> {
    match comparator {
        Comparator::GreaterOrEqual | Comparator::Equal => Some(n),
        Comparator::Greater => Some(n + 1),
        Comparator::Less | Comparator::LessOrEqual => None,
    }
}

pub(super) fn money(pence: u64) -> String {
    if pence.is_multiple_of(100) {
        format!("£{}", pence / 100)
    } else {
        format!("£{}.{:02}", pence / 100, pence % 100)
    }
}

pub(super) fn session_name(session: Session) -> &'static str {
    match session {
        Session::Am => "morning",
        Session::Pm => "afternoon",
    }
}

/// The session as the language writes it: `am` or `pm`.
pub(super) fn short(session: Session) -> &'static str {
    match session {
        Session::Am => "am",
        Session::Pm => "pm",
    }
}
