//! The canonical layout of a policy: one statement per line, blocks opened on
//! the statement's line and closed on their own, four-space indents, values in
//! their canonical form (`08:35`, not `8:35`). Comments are kept: a comment on
//! its own line stays before the statement that follows it, a comment at the end
//! of a line stays at the end of that line. At most one blank line is kept
//! between statements.

use super::ast::*;
use super::text::{condition, literal, quoted};
use crate::source::Span;

pub use super::format_tests::format_tests;

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

    fn statement(&mut self, span: Span, statement: &Statement) {
        match statement {
            Statement::Calendar(items) => self.block(span, "calendar", |p| {
                for item in items {
                    let text = match &item.node {
                        CalendarItem::Term { from, to, half_term } => {
                            let mut text = format!("term {} to {}", literal(from), literal(to));
                            if let Some((a, b)) = half_term {
                                text.push_str(&format!(", half term {} to {}", literal(a), literal(b)));
                            }
                            text
                        }
                        CalendarItem::Closed(days) => {
                            format!("closed {}", days.iter().map(literal).collect::<Vec<_>>().join(", "))
                        }
                    };
                    p.line(item.span, &text);
                }
            }),
            Statement::Day(items) => self.block(span, "day", |p| {
                for item in items {
                    let text = match &item.node {
                        DayItem::GatesOpen(l) => format!("gates open {}", literal(l)),
                        DayItem::Starts(l) => format!("starts {}", literal(l)),
                        DayItem::Ends(l) => format!("ends {}", literal(l)),
                    };
                    p.line(item.span, &text);
                }
            }),
            Statement::Register { session, items } => {
                let name = if session.node == Session::Am { "am" } else { "pm" };
                self.block(span, &format!("register {name}"), |p| {
                    for item in items {
                        let text = match &item.node {
                            RegisterItem::NotStated => "not stated".to_string(),
                            RegisterItem::Opens(l) => format!("opens {}", literal(l)),
                            RegisterItem::Closes(l) => format!("closes {}", literal(l)),
                            RegisterItem::ClosesAfter(l) => format!("closes after {}", literal(l)),
                        };
                        p.line(item.span, &text);
                    }
                });
            }
            Statement::RecordsRetained(l) => self.line(span, &format!("records retained {}", literal(l))),
            Statement::AbsenceReported { by, days } => {
                let days = match days {
                    ReportDays::FirstDay => "first day",
                    ReportDays::EveryDay => "every day",
                };
                self.line(span, &format!("absence reported by {} on {days}", literal(by)));
            }
            Statement::AbsenceCoded(l) => self.line(span, &format!("absence coded within {}", literal(l))),
            Statement::MedicalEvidence(items) => self.block(span, "medical evidence", |p| {
                for item in items {
                    let text = match &item.node {
                        MedicalItem::InDoubt => "when in doubt".to_string(),
                        MedicalItem::AfterLeave => "when illness follows leave".to_string(),
                        MedicalItem::When(c) => format!("when {}", condition(&c.node)),
                    };
                    p.line(item.span, &text);
                }
            }),
            Statement::LeaveOfAbsence(items) => self.block(span, "leave of absence", |p| {
                for item in items {
                    let text = match &item.node {
                        LeaveItem::GrantedFor(reasons) => {
                            let names: Vec<&str> = reasons.iter().map(|r| r.node.as_str()).collect();
                            format!("granted for {}", names.join(", "))
                        }
                        LeaveItem::Requested { via, ahead } => {
                            let via = match via {
                                RequestVia::InWriting => "in writing",
                                RequestVia::OnForm => "on form",
                            };
                            match ahead {
                                Some(l) => format!("requested {via} at least {} ahead", literal(l)),
                                None => format!("requested {via}"),
                            }
                        }
                    };
                    p.line(item.span, &text);
                }
            }),
            Statement::Lateness(rules) => self.block(span, "lateness", |p| {
                for rule in rules {
                    p.line(
                        rule.span,
                        &format!("arrival after {} => {}", literal(&rule.node.after), rule.node.action.node),
                    );
                }
            }),
            Statement::Rule { name, items } => {
                self.block(span, &format!("rule {}", quoted(&name.node)), |p| {
                    for item in items {
                        let text = match &item.node {
                            RuleItem::When(c) => format!("when {}", condition(&c.node)),
                            RuleItem::Then(a) => format!("then {}", a.node),
                            RuleItem::Once(None) => "once".to_string(),
                            RuleItem::Once(Some(period)) => format!("once per {}", period_name(*period)),
                            RuleItem::RepeatEvery(l) => format!("repeat every {}", literal(l)),
                            RuleItem::Minimum(l) => format!("minimum {} possible sessions", literal(l)),
                            RuleItem::After { rule, times, wait, within } => {
                                let mut text = format!("after {}", quoted(&rule.node));
                                if let Some(t) = times {
                                    text.push_str(&format!(" {} times", literal(t)));
                                }
                                if let Some(w) = wait {
                                    text.push_str(&format!(" at least {}", literal(w)));
                                }
                                if let Some(w) = within {
                                    text.push_str(&format!(" within {}", literal(w)));
                                }
                                text
                            }
                            RuleItem::AtMost { times, within } => {
                                format!("at most {} times within {}", literal(times), literal(within))
                            }
                            RuleItem::Review(point) => format!("reviewed {}", review_point(point)),
                            RuleItem::Group { attribute, value, without } => {
                                let with = if *without { "without" } else { "with" };
                                format!("for pupils {with} {} {}", attribute.node, quoted(&value.node))
                            }
                        };
                        p.line(item.span, &text);
                    }
                })
            }
            Statement::PenaltyNotices(items) => self.block(span, "penalty notices", |p| {
                for item in items {
                    let text = match &item.node {
                        PenaltyItem::Threshold(c) => format!("threshold {}", condition(&c.node)),
                        PenaltyItem::Amounts { kind, payments } => {
                            let kind = match kind {
                                NoticeKind::First => "first",
                                NoticeKind::Second => "second",
                                NoticeKind::Suspension => "suspension",
                            };
                            let terms: Vec<String> = payments
                                .iter()
                                .map(|t| {
                                    format!("{} within {}", literal(&t.node.amount), literal(&t.node.within))
                                })
                                .collect();
                            format!("{kind} {}", terms.join(", "))
                        }
                        PenaltyItem::PerChild { count, within } => {
                            format!(
                                "at most {} per parent per child within {}",
                                literal(count),
                                literal(within)
                            )
                        }
                        PenaltyItem::NoticeToImprove { shortest, longest } => {
                            format!("notice to improve {} to {}", literal(shortest), literal(longest))
                        }
                    };
                    p.line(item.span, &text);
                }
            }),
            Statement::PersistentAbsence(c) => {
                self.line(span, &format!("persistent absence when {}", condition(&c.node)))
            }
            Statement::PartTime(items) => self.block(span, "part-time timetables", |p| {
                for item in items {
                    let text = match &item.node {
                        PartTimeItem::Longest(l) => format!("at most {}", literal(l)),
                        PartTimeItem::ReviewEvery(l) => format!("reviewed every {}", literal(l)),
                    };
                    p.line(item.span, &text);
                }
            }),
            Statement::Report { what, to, when, best } => {
                let when = when.as_ref().map_or("not stated".to_string(), |w| review_point(&w.node));
                let to = to.as_ref().map_or("not stated".to_string(), |t| quoted(&t.node));
                let best = best.as_ref().map_or(String::new(), |b| format!(" {}", b.node));
                self.line(span, &format!("report {} to {to} {when}{best}", quoted(&what.node)))
            }
            Statement::SevereAbsence(c) => {
                self.line(span, &format!("severe absence when {}", condition(&c.node)))
            }
            Statement::Codes(entries) => self.block(span, "codes", |p| {
                for entry in entries {
                    let e = &entry.node;
                    let code = &e.code.node;
                    let code =
                        if crate::vocabulary::is_bare_code(code) { code.clone() } else { quoted(code) };
                    let mut text = format!("{code} {}", quoted(&e.meaning.node));
                    if let Some(category) = &e.category {
                        text.push(' ');
                        text.push_str(&category.node);
                    }
                    p.line(entry.span, &text);
                }
            }),
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

fn review_point(point: &ReviewPoint) -> String {
    match point {
        ReviewPoint::Every(l) => format!("every {}", literal(l)),
        ReviewPoint::EveryNotStated => "every not stated".to_string(),
        ReviewPoint::EndOf(period) => format!("at the end of each {}", period_name(*period)),
        ReviewPoint::AfterBreak => "on the first school day after each break".to_string(),
        ReviewPoint::EndOfWeek(week, period) => {
            format!("at the end of week {} of each {}", literal(week), period_name(*period))
        }
    }
}

fn period_name(period: Period) -> &'static str {
    match period {
        Period::HalfTerm => "half term",
        Period::Term => "term",
        Period::Year => "year",
    }
}
