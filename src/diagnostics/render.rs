//! Printing diagnostics: for people (miette), and as JSON for machines.

use super::{Diagnostic, Severity};
use crate::source::SourceMap;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use serde::Serialize;
use std::fmt;

/// Renders diagnostics as text, without colour when `colour` is false (tests,
/// pipes) so the output is stable.
pub fn human(sources: &SourceMap, diagnostics: &[Diagnostic], colour: bool) -> String {
    let theme = if colour { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    let mut out = String::new();
    for diagnostic in diagnostics.iter().filter(|d| d.suppressed.is_none()) {
        let view = MietteView::new(sources, diagnostic);
        if handler.render_report(&mut out, &view).is_err() {
            out.push_str(&format!("{}: {}\n", diagnostic.code.id(), diagnostic.message));
        }
        out.push('\n');
    }
    out
}

struct MietteView<'a> {
    diagnostic: &'a Diagnostic,
    source: NamedSource<String>,
    help: Option<String>,
}

impl<'a> MietteView<'a> {
    fn new(sources: &SourceMap, diagnostic: &'a Diagnostic) -> Self {
        let file = sources.file(diagnostic.label.span.file);
        let source = NamedSource::new(file.path.display().to_string(), file.text.clone());
        let mut help = diagnostic.help.clone();
        // Labels in other files cannot be drawn in this snippet: name them instead.
        for related in &diagnostic.related {
            if related.span.file != diagnostic.label.span.file {
                let at = sources.line_col(related.span.file, related.span.start);
                let note = format!(
                    "{} ({}:{}:{})",
                    related.text,
                    sources.file(related.span.file).path.display(),
                    at.line,
                    at.column
                );
                help = Some(match help {
                    Some(h) => format!("{h}\nnote: {note}"),
                    None => format!("note: {note}"),
                });
            }
        }
        if let Some(citation) = &diagnostic.citation {
            let line = format!("regulation: {citation}");
            help = Some(match help {
                Some(h) => format!("{h}\n{line}"),
                None => line,
            });
        }
        MietteView { diagnostic, source, help }
    }
}

impl fmt::Debug for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for MietteView<'_> {}

impl miette::Diagnostic for MietteView<'_> {
    /// The severity in words beside the code, as `warning[C701]`: the glyph
    /// alone is lost without colour or to a screen reader.
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let word = match self.diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        Some(Box::new(format!("{word}[{}]", self.diagnostic.code.id())))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h.as_str()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let main = &self.diagnostic.label;
        let file = main.span.file;
        let primary = LabeledSpan::new_primary_with_span(
            Some(main.text.clone()),
            (main.span.start, main.span.end - main.span.start),
        );
        let others = self.diagnostic.related.iter().filter(move |l| l.span.file == file).map(|l| {
            LabeledSpan::new_with_span(Some(l.text.clone()), (l.span.start, l.span.end - l.span.start))
        });
        Some(Box::new(std::iter::once(primary).chain(others)))
    }
}

/// A diagnostic as machines read it: file, one-based line and character
/// column of the start and end of the span.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: &'a str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub label: &'a str,
    pub help: Option<&'a str>,
    pub citation: Option<&'a super::Citation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<&'a str>,
}

pub fn to_json<'a>(sources: &SourceMap, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let span = d.label.span;
    let start = sources.line_col(span.file, span.start);
    let end = sources.line_col(span.file, span.end);
    JsonDiagnostic {
        code: d.code.id(),
        name: d.code.info().name,
        severity: d.severity,
        message: &d.message,
        file: sources.file(span.file).path.display().to_string(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        label: &d.label.text,
        help: d.help.as_deref(),
        citation: d.citation.as_ref(),
        suppressed: d.suppressed.as_deref(),
    }
}

pub fn json(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let items: Vec<_> = diagnostics.iter().map(|d| to_json(sources, d)).collect();
    let counts = super::Counts::of(diagnostics);
    let doc = serde_json::json!({
        "format": "attend-check",
        "version": 1,
        "diagnostics": items,
        "summary": { "errors": counts.errors, "warnings": counts.warnings, "suppressed": counts.suppressed },
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
