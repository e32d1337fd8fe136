//! Helpers several checks share.

use crate::model::CodeSet;
use crate::regulations::{CodeEntry, Regime};
use crate::source::Span;
use crate::vocabulary::CodeRef;

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
