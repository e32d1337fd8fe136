//! The canonical layout of a policy test file: the policy file's rules (one
//! statement a line, four-space indents, comments kept) applied to tests.

use super::ast::*;
use super::format::{Printer, finish};
use super::text::{literal, quoted};
use crate::source::Span;

/// A test file in canonical layout.
pub fn format_tests(tree: &TestFile, source: &str) -> String {
    let mut printer = Printer::new(source, &tree.comments);
    printer.line(tree.policy.span, &format!("tests for {}", quoted(&tree.policy.node)));
    for case in &tree.tests {
        printer.block(case.span, &format!("test {}", quoted(&case.name.node)), |p| {
            let mut lines: Vec<(Span, String)> = case
                .pupils
                .iter()
                .map(|m| {
                    let mut text = format!(
                        "pupil {} from {} marks {}",
                        quoted(&m.pupil.node),
                        literal(&m.from),
                        quoted(&m.marks.node)
                    );
                    for (attribute, value) in &m.details {
                        text.push_str(&format!(" with {} {}", attribute.node, quoted(&value.node)));
                    }
                    for (record, on) in &m.records {
                        text.push_str(&format!(" recorded {} on {}", quoted(&record.node), literal(on)));
                    }
                    (m.span, text)
                })
                .chain(case.expectations.iter().map(|e| (e.span, expectation(e))))
                .collect();
            lines.sort_by_key(|(span, _)| span.start);
            for (span, text) in lines {
                p.line(span, &text);
            }
        });
    }
    finish(printer)
}

fn expectation(e: &Expectation) -> String {
    let mut text = String::from(if e.negated { "expect no " } else { "expect " });
    match &e.what {
        Expected::Rule { name, on, times } => {
            text.push_str(&quoted(&name.node));
            if let Some(day) = on {
                text.push_str(&format!(" on {}", literal(day)));
            }
            if let Some(n) = times {
                text.push_str(&format!(" {} times", literal(n)));
            }
        }
        Expected::Attendance(value) => text.push_str(&format!("attendance {}", literal(value))),
        Expected::Persistent => text.push_str("persistent absence"),
        Expected::Severe => text.push_str("severe absence"),
    }
    if let Some(pupil) = &e.pupil {
        text.push_str(&format!(" for {}", quoted(&pupil.node)));
    }
    text
}
