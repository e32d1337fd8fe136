//! The typed tree of a policy test file (`*.attend-test`), beside the policy
//! tree in [`super::ast`].

use super::ast::{Literal, Spanned};
use crate::source::Span;
use serde::Serialize;

/// A file of policy tests: the policy it tests, and the tests.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestFile {
    /// The policy file, relative to the test file.
    pub policy: Spanned<String>,
    pub tests: Vec<TestCase>,
    pub comments: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestCase {
    pub name: Spanned<String>,
    pub pupils: Vec<PupilMarks>,
    pub expectations: Vec<Expectation>,
    pub span: Span,
}

/// `pupil "A" from 2024-09-02 marks "/\ /\ OO"`: one character a session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PupilMarks {
    pub pupil: Spanned<String>,
    pub from: Literal,
    pub marks: Spanned<String>,
    /// Attributes a pupils file would give: `with cp "yes"`.
    pub details: Vec<(Spanned<String>, Spanned<String>)>,
    /// Entries a records file would hold: `recorded "evidence received" on 2024-10-07`.
    pub records: Vec<(Spanned<String>, Literal)>,
    pub span: Span,
}

/// `expect [no] WHAT [for "PUPIL"]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expectation {
    pub negated: bool,
    pub what: Expected,
    pub pupil: Option<Spanned<String>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Expected {
    /// A rule fires (on a day, or a number of times, or at all).
    Rule {
        name: Spanned<String>,
        on: Option<Literal>,
        times: Option<Literal>,
    },
    /// The pupil's attendance over the last year of their register.
    Attendance(Literal),
    /// The pupil is persistently (or severely) absent at the end of the register.
    Persistent,
    Severe,
}
