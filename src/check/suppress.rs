//! Findings a policy accepts, each with its reason: a comment
//! `# attend: allow CODE[, CODE] because REASON` on the line of the finding,
//! or alone on the line before it. A comment without a reason is N021; one
//! that accepts nothing is N022.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, SourceMap, Span};

const MARK: &str = "attend: allow";

struct Allow {
    file: FileId,
    /// The line the comment is on, and the line it covers when alone on it.
    lines: (usize, usize),
    codes: Vec<String>,
    reason: String,
    span: Span,
    used: bool,
}

/// Marks the findings `files` accept, and reports the comments that give no
/// reason or accept nothing.
pub fn apply(sources: &SourceMap, files: &[FileId], diagnostics: &mut Vec<Diagnostic>) {
    let mut allows: Vec<Allow> = files.iter().flat_map(|&f| comments(sources, f)).collect();
    for d in diagnostics.iter_mut().filter(|d| !d.code.id().starts_with('P')) {
        let line = sources.line_col(d.label.span.file, d.label.span.start).line;
        let found = allows.iter_mut().find(|a| {
            a.file == d.label.span.file
                && (a.lines.0 == line || a.lines.1 == line)
                && a.codes.iter().any(|c| c.eq_ignore_ascii_case(d.code.id()))
        });
        if let Some(allow) = found {
            allow.used = true;
            if !allow.reason.is_empty() {
                d.suppressed = Some(allow.reason.clone());
            }
        }
    }
    for allow in allows {
        if allow.reason.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    Code::SUPPRESSION_WITHOUT_REASON,
                    "this comment accepts a finding without saying why",
                    allow.span,
                    "no reason",
                )
                .help(format!("say why after `because`: `# {MARK} {} because ...`", allow.codes.join(", "))),
            );
        } else if !allow.used {
            diagnostics.push(
                Diagnostic::new(
                    Code::UNUSED_SUPPRESSION,
                    format!(
                        "no {} is reported here, so this comment accepts nothing",
                        allow.codes.join(" or ")
                    ),
                    allow.span,
                    "accepts nothing",
                )
                .help("remove the comment, or move it to the line of the finding"),
            );
        }
    }
    crate::diagnostics::sort(diagnostics);
}

/// The suppression comments of a file. A `#` inside a quoted string is not a comment.
fn comments(sources: &SourceMap, file: FileId) -> Vec<Allow> {
    let text = &sources.file(file).text;
    let mut out = Vec::new();
    let mut start = 0;
    for (index, line) in text.split('\n').enumerate() {
        let mut quoted = false;
        let hash = line.char_indices().find(|&(_, c)| {
            if c == '"' {
                quoted = !quoted;
            }
            c == '#' && !quoted
        });
        if let Some((at, _)) = hash {
            let comment = line.get(at + 1..).unwrap_or("").trim();
            if let Some(rest) = comment.strip_prefix(MARK) {
                let (codes, reason) = rest.split_once(" because").unwrap_or((rest, ""));
                let number = index + 1;
                let alone = line.get(..at).unwrap_or("").trim().is_empty();
                out.push(Allow {
                    file,
                    lines: (number, if alone { number + 1 } else { number }),
                    codes: codes.split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect(),
                    reason: reason.trim().to_string(),
                    span: Span::new(file, start + at, start + line.trim_end().len()),
                    used: false,
                });
            }
        }
        start += line.len() + 1;
    }
    out
}
