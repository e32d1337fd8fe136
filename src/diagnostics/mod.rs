//! Diagnostics: one type for everything attend reports about a policy, from a
//! parse error to a compliance finding, and the ways of printing them.

pub mod ci;
pub mod codes;
pub mod render;

pub use crate::regulations::Citation;
pub use codes::{Code, CodeInfo};

use crate::source::{FileId, Span};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, Serialize)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub label: Label,
    pub related: Vec<Label>,
    pub help: Option<String>,
    pub citation: Option<Citation>,
    /// Why the policy accepts this finding, where a comment says so
    /// (`# attend: allow C701 because ...`); a suppressed finding is reported
    /// only to machines.
    pub suppressed: Option<String>,
}

impl Diagnostic {
    /// The diagnostic with its spans in files renumbered by `ids` (old id to new).
    pub fn renumbered(mut self, ids: &[FileId]) -> Diagnostic {
        for label in std::iter::once(&mut self.label).chain(self.related.iter_mut()) {
            if let Some(id) = ids.get(label.span.file.0) {
                label.span.file = *id;
            }
        }
        self
    }

    /// A diagnostic at the code's usual severity.
    pub fn new(code: Code, message: impl Into<String>, span: Span, label: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.info().severity,
            message: message.into(),
            label: Label { span, text: label.into() },
            related: Vec::new(),
            help: None,
            citation: None,
            suppressed: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn related(mut self, span: Span, text: impl Into<String>) -> Self {
        self.related.push(Label { span, text: text.into() });
        self
    }

    pub fn cite(mut self, citation: Citation) -> Self {
        self.citation = Some(citation);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file, position and code, so output never depends on
/// the order in which checks ran.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.label.span.file, a.label.span.start, a.code, &a.message).cmp(&(
            b.label.span.file,
            b.label.span.start,
            b.code,
            &b.message,
        ))
    });
}

/// Findings by how they count: errors and warnings the policy has not
/// accepted, and those it has.
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub suppressed: usize,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let open = || diagnostics.iter().filter(|d| d.suppressed.is_none());
        let errors = open().filter(|d| d.is_error()).count();
        Counts { errors, warnings: open().count() - errors, suppressed: diagnostics.len() - open().count() }
    }
}
