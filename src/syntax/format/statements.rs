//! How each statement is printed.

use super::Printer;
use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::text::{condition, literal, quoted};

impl Printer<'_> {
    pub(super) fn statement(&mut self, span: Span, statement: &Statement) {
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
