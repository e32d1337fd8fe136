//! Statements, items and names that may be given once in one place.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;
use std::collections::HashMap;
use std::hash::Hash;

/// Where each key was first given. One of these for each place that allows
/// a key once: a block's items, a file's statements, a policy's rule names.
pub(super) struct Seen<K> {
    first: HashMap<K, Span>,
}

impl<K: Eq + Hash> Seen<K> {
    pub fn new() -> Self {
        Seen { first: HashMap::new() }
    }

    /// `Ok` the first time `key` is given; otherwise the span it was last given at.
    pub fn first_time(&mut self, key: K, span: Span) -> Result<(), Span> {
        match self.first.insert(key, span) {
            None => Ok(()),
            Some(earlier) => Err(earlier),
        }
    }

    pub fn contains(&self, key: &K) -> bool {
        self.first.contains_key(key)
    }
}

pub(super) fn repeated(span: Span, first: Span, what: &str) -> Diagnostic {
    Diagnostic::new(Code::REPEATED_STATEMENT, format!("`{what}` is given twice"), span, "given again here")
        .related(first, "first given here")
        .help("keep one of the two")
}
