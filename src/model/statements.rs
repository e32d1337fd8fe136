//! Typing a block's statements into [`Sections`]: times, dates and durations
//! of the right kind, each statement and item given once.

use super::load::Resolver;
use super::seen::Seen;
use super::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::regulations::Category;
use crate::source::Span;
use crate::syntax::ast::{self, Literal, Statement, Unit};

impl Resolver<'_> {
    pub(super) fn sections(&mut self, statements: Vec<(&Statement, Span)>) -> Sections {
        let mut sections = Sections::default();
        let mut seen: Seen<String> = Seen::new();
        let mut rule_names: Seen<String> = Seen::new();
        for (statement, span) in statements {
            let key = match statement {
                Statement::Register { session, .. } => {
                    format!("register {}", session.node.short())
                }
                Statement::Rule { .. } => String::new(),
                Statement::Report { what, to, .. } => {
                    format!(
                        "report \"{}\" to {}",
                        what.node,
                        to.as_ref().map_or("not stated".into(), |t| format!("\"{}\"", t.node))
                    )
                }
                other => statement_name(other).to_string(),
            };
            if !key.is_empty()
                && let Err(first) = seen.first_time(key.clone(), span)
            {
                self.repeated(span, first, &key);
                continue;
            }
            match statement {
                Statement::Calendar(items) => {
                    sections.calendar = Some(Spanned::new(self.calendar(items), span))
                }
                Statement::Day(items) => sections.day = Some(self.day(items, span)),
                Statement::Register { session, items }
                    if items.iter().any(|i| i.node == ast::RegisterItem::NotStated) =>
                {
                    sections.registers_not_stated.insert(session.node, span);
                }
                Statement::Register { session, items } => {
                    if let Some(register) = self.register(session.node, items, span) {
                        sections.registers.insert(session.node, register);
                    }
                }
                Statement::RecordsRetained(lit) => {
                    sections.records_retained_years =
                        self.typer.duration(lit, &[Unit::Years]).map(|d| Spanned::new(d.node.amount, span));
                }
                Statement::AbsenceReported { by, days } => {
                    let by = if by.node == ast::LiteralValue::NotStated {
                        None
                    } else {
                        match self.typer.time(by) {
                            Some(time) => Some(time),
                            None => continue,
                        }
                    };
                    sections.absence_reporting = Some(AbsenceReporting { by, days: *days, span });
                }
                Statement::AbsenceCoded(lit) => {
                    sections.absence_coded_within_school_days = self
                        .typer
                        .duration(lit, &[Unit::SchoolDays])
                        .map(|d| Spanned::new(d.node.amount, span));
                }
                Statement::MedicalEvidence(items) => {
                    let triggers = items
                        .iter()
                        .filter_map(|item| {
                            let trigger = match &item.node {
                                ast::MedicalItem::InDoubt => MedicalTrigger::InDoubt,
                                ast::MedicalItem::AfterLeave => MedicalTrigger::IllnessAfterLeave,
                                ast::MedicalItem::When(c) => {
                                    MedicalTrigger::When(self.typer.condition(c)?.node)
                                }
                            };
                            Some(Spanned::new(trigger, item.span))
                        })
                        .collect();
                    sections.medical_evidence = Some(Spanned::new(triggers, span));
                }
                Statement::LeaveOfAbsence(items) => sections.leave_of_absence = Some(self.leave(items, span)),
                Statement::Lateness(items) => {
                    let rules = items
                        .iter()
                        .filter_map(|r| {
                            let after = self.typer.time(&r.node.after)?;
                            Some(ArrivalRule { after, action: r.node.action.clone(), span: r.span })
                        })
                        .collect();
                    sections.lateness = Some(Spanned::new(rules, span));
                }
                Statement::Rule { name, items } => {
                    if let Err(first) = rule_names.first_time(name.node.clone(), name.span) {
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::DUPLICATE_RULE_NAME,
                                format!("there is already a rule called \"{}\"", name.node),
                                name.span,
                                "second rule with this name",
                            )
                            .related(first, "first rule with this name")
                            .help("give each rule its own name, or merge the two"),
                        );
                        continue;
                    }
                    if let Some(rule) = self.rule(name, items, span) {
                        sections.rules.push(rule);
                    }
                }
                Statement::PenaltyNotices(items) => {
                    sections.penalty_notices = Some(self.penalty(items, span))
                }
                Statement::PartTime(items) => {
                    let mut limits = PartTimeLimits { longest_days: None, review_every_days: None, span };
                    let mut given: Seen<&'static str> = Seen::new();
                    for item in items {
                        let (key, lit, slot) = match &item.node {
                            ast::PartTimeItem::Longest(l) => ("at most", l, &mut limits.longest_days),
                            ast::PartTimeItem::ReviewEvery(l) => {
                                ("reviewed every", l, &mut limits.review_every_days)
                            }
                        };
                        if let Err(first) = given.first_time(key, item.span) {
                            self.diagnostics.push(super::seen::repeated(item.span, first, key));
                            continue;
                        }
                        if lit.node == ast::LiteralValue::NotStated {
                            continue;
                        }
                        if let Some(d) = self.typer.duration(lit, &[Unit::Weeks, Unit::Days]) {
                            let days =
                                if d.node.unit == Unit::Weeks { d.node.amount * 7 } else { d.node.amount };
                            *slot = Some(Spanned::new(days, lit.span));
                        }
                    }
                    sections.part_time = Some(limits);
                }
                Statement::Report { what, to, when, best } => {
                    let when = match when {
                        Some(point) => match self.review(&point.node, point.span, true) {
                            // `every not stated` says no more than `not stated`.
                            Some(review) if review.node == crate::vocabulary::Review::NotStated => None,
                            Some(review) => Some(review),
                            None => continue,
                        },
                        None => None,
                    };
                    sections.reports.push(SchoolReport {
                        what: what.clone(),
                        to: to.clone(),
                        when,
                        best: best.clone(),
                        span,
                    });
                }
                Statement::PersistentAbsence(c) => sections.persistent_absence = self.typer.condition(c),
                Statement::SevereAbsence(c) => sections.severe_absence = self.typer.condition(c),
                Statement::Codes(entries) => {
                    let codes =
                        entries
                            .iter()
                            .map(|e| PublishedCode {
                                code: e.node.code.clone(),
                                meaning: e.node.meaning.node.clone(),
                                category: e.node.category.as_ref().and_then(|c| {
                                    Category::from_name(&c.node).map(|k| Spanned::new(k, c.span))
                                }),
                                span: e.span,
                            })
                            .collect();
                    sections.published_codes = Some(Spanned::new(codes, span));
                }
            }
        }
        sections
    }

    pub(super) fn calendar(&mut self, items: &[Spanned<ast::CalendarItem>]) -> DeclaredCalendar {
        let mut calendar = DeclaredCalendar { terms: Vec::new(), closed: Vec::new() };
        for item in items {
            match &item.node {
                ast::CalendarItem::Term { from, to, half_term } => {
                    let start = self.typer.date(from);
                    let end = self.typer.date(to);
                    let half = half_term.as_ref().map(|(a, b)| (self.typer.date(a), self.typer.date(b)));
                    let half_term = match half {
                        Some((Some(a), Some(b))) => Some((a, b)),
                        Some(_) => continue,
                        None => None,
                    };
                    if let (Some(start), Some(end)) = (start, end) {
                        calendar.terms.push(Term { start, end, half_term });
                    }
                }
                ast::CalendarItem::Closed(days) => {
                    calendar.closed.extend(days.iter().filter_map(|d| self.typer.date(d)));
                }
            }
        }
        calendar
    }

    pub(super) fn day(&mut self, items: &[Spanned<ast::DayItem>], span: Span) -> Day {
        let mut day = Day { gates_open: None, starts: None, ends: None, span };
        let mut seen: Seen<&'static str> = Seen::new();
        for item in items {
            let (key, lit, slot) = match &item.node {
                ast::DayItem::GatesOpen(l) => ("gates open", l, &mut day.gates_open),
                ast::DayItem::Starts(l) => ("starts", l, &mut day.starts),
                ast::DayItem::Ends(l) => ("ends", l, &mut day.ends),
            };
            if let Err(first) = seen.first_time(key, item.span) {
                self.repeated(item.span, first, key);
                continue;
            }
            *slot = self.typer.time(lit);
        }
        day
    }

    pub(super) fn register(
        &mut self,
        session: ast::Session,
        items: &[Spanned<ast::RegisterItem>],
        span: Span,
    ) -> Option<Register> {
        let mut opens: Option<&Literal> = None;
        // The first `closes` or `closes after`, with its item's span.
        let mut closes: Option<(&Literal, bool, Span)> = None;
        let mut seen: Seen<&'static str> = Seen::new();
        for item in items {
            let key = match &item.node {
                ast::RegisterItem::Opens(l) => {
                    if !seen.contains(&"opens") {
                        opens = Some(l);
                    }
                    "opens"
                }
                // The grammar lets `not stated` stand only alone; `sections` takes it.
                ast::RegisterItem::NotStated => continue,
                ast::RegisterItem::Closes(l) | ast::RegisterItem::ClosesAfter(l) => {
                    if !seen.contains(&"closes") {
                        let after = matches!(item.node, ast::RegisterItem::ClosesAfter(_));
                        closes = Some((l, after, item.span));
                    }
                    "closes"
                }
            };
            if let Err(first) = seen.first_time(key, item.span) {
                self.repeated(item.span, first, key);
            }
        }
        let (Some(opens_lit), Some((closes_lit, after, closes_span))) = (opens, closes) else {
            let missing = if opens.is_none() { "`opens`" } else { "`closes`" };
            self.diagnostics.push(
                Diagnostic::new(Code::INCOMPLETE_BLOCK, format!("this register has no {missing} time"), span, format!("{missing} is missing"))
                    .help("a register says when it opens and when it closes, like `register am { opens 08:35 closes 09:00 }` or `closes after 15 minutes`"),
            );
            return None;
        };
        let opens = self.typer.time(opens_lit)?;
        let closes = if after {
            let minutes = self.typer.duration(closes_lit, &[Unit::Minutes])?.node.amount;
            let (time, wrapped) =
                opens.node.overflowing_add_signed(chrono::TimeDelta::minutes(minutes.into()));
            if wrapped != 0 {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::VALUE_OUT_OF_RANGE,
                        "the register would close after midnight",
                        closes_lit.span,
                        "too long",
                    )
                    .help("a register opens and closes on the same day"),
                );
                return None;
            }
            Spanned::new(time, closes_span)
        } else {
            self.typer.time(closes_lit)?
        };
        Some(Register { session, opens, closes, span })
    }

    pub(super) fn leave(&mut self, items: &[Spanned<ast::LeaveItem>], span: Span) -> LeaveOfAbsence {
        let mut leave = LeaveOfAbsence { granted_for: Vec::new(), requested: None, span };
        let mut seen: Seen<&'static str> = Seen::new();
        for item in items {
            let key = match &item.node {
                ast::LeaveItem::GrantedFor(_) => "granted for",
                ast::LeaveItem::Requested { .. } => "requested",
            };
            if let Err(first) = seen.first_time(key, item.span) {
                self.repeated(item.span, first, key);
                continue;
            }
            match &item.node {
                ast::LeaveItem::GrantedFor(reasons) => leave.granted_for = reasons.clone(),
                ast::LeaveItem::Requested { via, ahead } => {
                    let ahead = match ahead {
                        Some(lit) => match self
                            .typer
                            .duration(lit, &[Unit::SchoolWeeks, Unit::Weeks, Unit::SchoolDays, Unit::Days])
                        {
                            Some(d) => Some(d),
                            None => continue,
                        },
                        None => None,
                    };
                    leave.requested = Some(LeaveRequest { via: *via, ahead });
                }
            }
        }
        leave
    }
}

fn statement_name(statement: &Statement) -> &'static str {
    match statement {
        Statement::Calendar(_) => "calendar",
        Statement::Day(_) => "day",
        Statement::Register { .. } => "register",
        Statement::RecordsRetained(_) => "records retained",
        Statement::AbsenceReported { .. } => "absence reported",
        Statement::AbsenceCoded(_) => "absence coded",
        Statement::MedicalEvidence(_) => "medical evidence",
        Statement::LeaveOfAbsence(_) => "leave of absence",
        Statement::Lateness(_) => "lateness",
        Statement::Rule { .. } => "rule",
        Statement::PenaltyNotices(_) => "penalty notices",
        Statement::PersistentAbsence(_) => "persistent absence",
        Statement::SevereAbsence(_) => "severe absence",
        Statement::Codes(_) => "codes",
        Statement::Report { .. } => "report",
        Statement::PartTime(_) => "part-time timetables",
    }
}
