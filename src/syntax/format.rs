//! The canonical layout of a policy: one statement per line, blocks opened on
//! the statement's line and closed on their own, four-space indents, values in
//! their canonical form (`08:35`, not `8:35`). Comments are kept: a comment on
//! its own line stays before the statement that follows it, a comment at the end
//! of a line stays at the end of that line. At most one blank line is kept
//! between statements.

use super::ast::*;
use super::text::{literal, quoted};
use crate::source::Span;

pub use super::format_tests::format_tests;

mod statements;

pub fn format(tree: &PolicyFile, source: &str) -> String {
    let mut printer = Printer::new(source, &tree.comments);
    for item in &tree.items {
        printer.item(item);
    }
    finish(printer)
}

/// The comments left at the end, and the text ending in one newline.
pub(super) fn finish(mut printer: Printer) -> String {
    printer.remaining_comments(printer.source.len());
    let mut out = printer.out;
    while out.ends_with("\n\n") {
        out.pop();
    }
    if out.is_empty() {
        return out;
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

pub(super) struct Printer<'a> {
    out: String,
    source: &'a str,
    comments: &'a [Spanned<String>],
    next_comment: usize,
    indent: usize,
    /// Where the last printed thing ended in the source, to find blank lines.
    last_end: usize,
    /// The end of the block being printed: a comment after it belongs outside.
    block_end: usize,
}

impl<'a> Printer<'a> {
    pub(super) fn new(source: &'a str, comments: &'a [Spanned<String>]) -> Printer<'a> {
        Printer {
            out: String::new(),
            source,
            comments,
            next_comment: 0,
            indent: 0,
            last_end: 0,
            block_end: usize::MAX,
        }
    }
}

impl Printer<'_> {
    fn blank_line_before(&mut self, start: usize) {
        let between = self.source.get(self.last_end..start).unwrap_or("");
        let newlines = between.chars().filter(|&c| c == '\n').count();
        let at_block_start = self.out.is_empty() || self.out.ends_with("{\n");
        if newlines >= 2 && !at_block_start && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn pad(&mut self) {
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
    }

    /// Comments that start before `start`, each on its own line.
    fn leading_comments(&mut self, start: usize) {
        while let Some(comment) = self.comments.get(self.next_comment) {
            if comment.span.start >= start {
                break;
            }
            self.blank_line_before(comment.span.start);
            self.pad();
            self.out.push_str(&comment.node);
            self.out.push('\n');
            self.last_end = comment.span.end;
            self.next_comment += 1;
        }
    }

    fn remaining_comments(&mut self, end: usize) {
        self.leading_comments(end);
    }

    /// Starts a line for a node: comments before it, a kept blank line, indent.
    fn open_line(&mut self, span: Span) {
        self.leading_comments(span.start);
        self.blank_line_before(span.start);
        self.pad();
    }

    /// Ends a line that finished at `end` in the source, keeping a comment
    /// written after it on the same line.
    fn close_line(&mut self, end: usize) {
        self.close_line_before(end, self.block_end);
    }

    /// As [`Self::close_line`], taking a same-line comment only if it starts before `limit`.
    fn close_line_before(&mut self, end: usize, limit: usize) {
        self.last_end = end;
        if let Some(comment) = self.comments.get(self.next_comment) {
            let between = self.source.get(end..comment.span.start).unwrap_or("\n");
            if comment.span.start >= end && comment.span.start < limit && !between.contains('\n') {
                self.out.push_str("  ");
                self.out.push_str(&comment.node);
                self.last_end = comment.span.end;
                self.next_comment += 1;
            }
        }
        self.out.push('\n');
    }

    pub(super) fn line(&mut self, span: Span, text: &str) {
        self.open_line(span);
        self.out.push_str(text);
        self.close_line(span.end);
    }

    pub(super) fn block(&mut self, span: Span, header: &str, body: impl FnOnce(&mut Self)) {
        self.open_line(span);
        self.out.push_str(header);
        self.out.push_str(" {");
        // A comment right after `{` stays on the header line.
        let brace = self
            .source
            .get(span.start..span.end)
            .and_then(|s| s.find('{'))
            .map_or(span.start, |i| span.start + i + 1);
        let outer_end = std::mem::replace(&mut self.block_end, span.end);
        self.close_line(brace);
        self.indent += 1;
        body(self);
        // Comments after the last statement of the block stay inside it.
        self.leading_comments(span.end.saturating_sub(1));
        self.indent -= 1;
        self.block_end = outer_end;
        self.pad();
        self.out.push('}');
        self.close_line(span.end);
    }

    fn item(&mut self, item: &Spanned<Item>) {
        match &item.node {
            Item::Extends(path) => self.line(item.span, &format!("extends {}", quoted(&path.node))),
            Item::Organisation(block) => {
                let kind = match block.kind {
                    OrganisationKind::Trust => "trust",
                    OrganisationKind::Federation => "federation",
                };
                self.block(item.span, &format!("{kind} {}", quoted(&block.name.node)), |p| {
                    for identity in &block.identity {
                        p.line(identity.span, &identity_text(&identity.node));
                    }
                });
            }
            Item::School(block) => {
                self.block(item.span, &format!("school {}", quoted(&block.name.node)), |p| {
                    for inner in &block.items {
                        match &inner.node {
                            SchoolItem::Identity(identity) => p.line(inner.span, &identity_text(identity)),
                            SchoolItem::Statement(statement) => p.statement(inner.span, statement),
                        }
                    }
                })
            }
            Item::Statement(statement) => self.statement(item.span, statement),
        }
    }
}

fn identity_text(identity: &Identity) -> String {
    match identity {
        Identity::Regulations(name) => format!("regulations {}", name.node),
        Identity::Effective(l) => format!("effective {}", literal(l)),
        Identity::Review(l) => format!("review {}", literal(l)),
    }
}
