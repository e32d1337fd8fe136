//! Diagnostic codes. A code never changes meaning once published; `attend
//! explain CODE` prints its entry.
//!
//! A [`Code`] is a handle to the static description of one code. Each code is
//! written once: the language's codes in [`parse`], [`typing`] and [`names`],
//! each compliance code beside its check in `check::compliance`, and the
//! codes of policy test files in [`tests`].

pub mod names;
pub mod parse;
pub mod tests;
pub mod typing;

use super::Severity;
use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// What a code stands for, as `attend explain` and SARIF rule metadata show it.
pub struct CodeInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub explanation: &'static str,
    pub before: &'static str,
    pub after: &'static str,
}

/// A diagnostic code: equal, hashed and ordered by its id.
#[derive(Clone, Copy)]
pub struct Code(&'static CodeInfo);

/// The language's codes in the order they are listed: parsing, typing,
/// names, and then those of policy test files.
pub const LANGUAGE: &[&[Code]] = &[parse::ALL, typing::ALL, names::ALL, tests::ALL];

impl Code {
    pub const fn new(info: &'static CodeInfo) -> Code {
        Code(info)
    }

    pub fn id(self) -> &'static str {
        self.0.id
    }

    pub fn info(self) -> &'static CodeInfo {
        self.0
    }

    pub fn severity(self) -> Severity {
        self.0.severity
    }

    /// Codes sort by group as the stages run, parse (P), typing (T), names
    /// (N) and then compliance (C), and by id within a group.
    fn group(self) -> u8 {
        match self.id().as_bytes().first() {
            Some(b'P') => 0,
            Some(b'T') => 1,
            Some(b'N') => 2,
            Some(b'C') => 3,
            Some(b'E') => 4,
            _ => 5,
        }
    }
}

impl PartialEq for Code {
    fn eq(&self, other: &Code) -> bool {
        self.id() == other.id()
    }
}

impl Eq for Code {}

impl Hash for Code {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id().hash(state);
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Code) -> Ordering {
        (self.group(), self.id()).cmp(&(other.group(), other.id()))
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Code) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}
