//! Items and statements: blocks, identity, and each statement's parts.

use super::{Builder, Built, inner, span, text};
use crate::syntax::ast::*;
use crate::syntax::parser::Rule;
use pest::iterators::Pair;

impl Builder {
    pub fn item(&mut self, pair: Pair<Rule>) -> Built<Spanned<Item>> {
        let s = span(self.file, &pair);
        let item = match pair.as_rule() {
            Rule::extends_decl => Item::Extends(self.string(self.only(pair)?)),
            Rule::organisation_block => {
                let mut parts = inner(pair);
                let kind_pair = self.next(&mut parts, s, "the organisation's kind")?;
                let kind = match self.first_token(kind_pair.clone())? {
                    Rule::kw_trust => OrganisationKind::Trust,
                    Rule::kw_federation => OrganisationKind::Federation,
                    _ => return Err(self.unexpected(&kind_pair)),
                };
                let name = self.string(self.next(&mut parts, s, "the organisation's name")?);
                let identity = parts.map(|p| self.identity(p)).collect::<Built<_>>()?;
                Item::Organisation(OrganisationBlock { kind, name, identity })
            }
            Rule::school_block => {
                let mut parts = inner(pair);
                let name = self.string(self.next(&mut parts, s, "the school's name")?);
                let items = parts
                    .map(|p| {
                        let s = span(self.file, &p);
                        let item = match p.as_rule() {
                            Rule::regulations_stmt | Rule::effective_stmt | Rule::review_stmt => {
                                SchoolItem::Identity(self.identity(p)?.node)
                            }
                            _ => SchoolItem::Statement(self.statement(p)?),
                        };
                        Ok(Spanned::new(item, s))
                    })
                    .collect::<Built<_>>()?;
                Item::School(SchoolBlock { name, items })
            }
            _ => Item::Statement(self.statement(pair)?),
        };
        Ok(Spanned::new(item, s))
    }

    fn identity(&mut self, pair: Pair<Rule>) -> Built<Spanned<Identity>> {
        let s = span(self.file, &pair);
        let node = match pair.as_rule() {
            Rule::regulations_stmt => Identity::Regulations(self.string(self.only(pair)?)),
            Rule::effective_stmt => Identity::Effective(self.value(self.only(pair)?)?),
            Rule::review_stmt => Identity::Review(self.value(self.only(pair)?)?),
            _ => return Err(self.unexpected(&pair)),
        };
        Ok(Spanned::new(node, s))
    }

    /// Each child of a block, built by `each` and spanned.
    fn block<T>(
        &mut self,
        pair: Pair<Rule>,
        mut each: impl FnMut(&mut Self, Pair<Rule>) -> Built<T>,
    ) -> Built<Vec<Spanned<T>>> {
        inner(pair)
            .map(|p| {
                let s = span(self.file, &p);
                Ok(Spanned::new(each(self, p)?, s))
            })
            .collect()
    }

    fn statement(&mut self, pair: Pair<Rule>) -> Built<Statement> {
        let s = span(self.file, &pair);
        Ok(match pair.as_rule() {
            Rule::calendar_block => Statement::Calendar(self.block(pair, Self::calendar_item)?),
            Rule::day_block => Statement::Day(self.block(pair, |b, p| {
                let rule = p.as_rule();
                let value = b.value(b.only(p.clone())?)?;
                match rule {
                    Rule::gates_stmt => Ok(DayItem::GatesOpen(value)),
                    Rule::starts_stmt => Ok(DayItem::Starts(value)),
                    Rule::ends_stmt => Ok(DayItem::Ends(value)),
                    _ => Err(b.unexpected(&p)),
                }
            })?),
            Rule::register_block => {
                let mut parts = inner(pair);
                let session_pair = self.next(&mut parts, s, "the session")?;
                let session = match self.first_token(session_pair.clone())? {
                    Rule::kw_am => Session::Am,
                    Rule::kw_pm => Session::Pm,
                    _ => return Err(self.unexpected(&session_pair)),
                };
                let session = self.spanned(session, &session_pair);
                let items = parts
                    .map(|p| {
                        let item = self.register_item(p.clone())?;
                        Ok(self.spanned(item, &p))
                    })
                    .collect::<Built<_>>()?;
                Statement::Register { session, items }
            }
            Rule::records_stmt => Statement::RecordsRetained(self.value(self.only(pair)?)?),
            Rule::reporting_stmt => {
                let mut parts = inner(pair);
                let by_pair = self.next(&mut parts, s, "the time")?;
                let by = if by_pair.as_rule() == Rule::not_stated {
                    Spanned::new(LiteralValue::NotStated, span(self.file, &by_pair))
                } else {
                    self.value(by_pair)?
                };
                let days_pair = self.only(self.next(&mut parts, s, "the days")?)?;
                let days = match days_pair.as_rule() {
                    Rule::first_day => ReportDays::FirstDay,
                    Rule::every_day => ReportDays::EveryDay,
                    _ => return Err(self.unexpected(&days_pair)),
                };
                Statement::AbsenceReported { by, days }
            }
            Rule::coding_stmt => Statement::AbsenceCoded(self.value(self.only(pair)?)?),
            Rule::medical_block => {
                Statement::MedicalEvidence(self.block(pair, |b, p| match p.as_rule() {
                    Rule::medical_doubt => Ok(MedicalItem::InDoubt),
                    Rule::medical_after_leave => Ok(MedicalItem::AfterLeave),
                    Rule::medical_when => Ok(MedicalItem::When(b.condition(b.only(p)?)?)),
                    _ => Err(b.unexpected(&p)),
                })?)
            }
            Rule::leave_block => Statement::LeaveOfAbsence(self.block(pair, Self::leave_item)?),
            Rule::lateness_block => Statement::Lateness(self.block(pair, |b, p| {
                let within = span(b.file, &p);
                let mut parts = inner(p);
                let after = b.value(b.next(&mut parts, within, "the time")?)?;
                let then = b.next(&mut parts, within, "the action")?;
                let action = if then.as_rule() == Rule::mark_action {
                    let s = span(b.file, &then);
                    Spanned::new(Action::Mark(super::text(b.only(then)?)), s)
                } else {
                    b.action(then)?
                };
                Ok(ArrivalRule { after, action })
            })?),
            Rule::rule_block => {
                let mut parts = inner(pair);
                let name = self.string(self.next(&mut parts, s, "the rule's name")?);
                let items = parts.map(|p| self.rule_item(p)).collect::<Built<_>>()?;
                Statement::Rule { name, items }
            }
            Rule::penalty_block => {
                Statement::PenaltyNotices(inner(pair).map(|p| self.penalty_item(p)).collect::<Built<_>>()?)
            }
            Rule::persistent_stmt => Statement::PersistentAbsence(self.condition(self.only(pair)?)?),
            Rule::severe_stmt => Statement::SevereAbsence(self.condition(self.only(pair)?)?),
            Rule::codes_block => Statement::Codes(self.block(pair, |b, p| {
                let within = span(b.file, &p);
                let mut parts = inner(p);
                let code = b.string(b.next(&mut parts, within, "the code")?);
                let meaning = b.string(b.next(&mut parts, within, "the meaning")?);
                let category = parts.next().map(|c| b.string(c));
                Ok(CodeEntry { code, meaning, category })
            })?),
            Rule::part_time_block => Statement::PartTime(self.block(pair, |b, p| {
                let rule = p.as_rule();
                let value = b.only(p)?;
                let value = if value.as_rule() == Rule::not_stated {
                    Spanned::new(LiteralValue::NotStated, span(b.file, &value))
                } else {
                    b.value(value)?
                };
                Ok(if rule == Rule::part_time_longest {
                    PartTimeItem::Longest(value)
                } else {
                    PartTimeItem::ReviewEvery(value)
                })
            })?),
            Rule::report_stmt => {
                let s = span(self.file, &pair);
                let mut parts = inner(pair);
                let what = self.string(self.next(&mut parts, s, "what is reported")?);
                let to = self.next(&mut parts, s, "to whom")?;
                let to = (to.as_rule() == Rule::string).then(|| self.string(to));
                let point = self.next(&mut parts, s, "how often")?;
                let at = span(self.file, &point);
                let when = match point.as_rule() {
                    Rule::review_point => Some(self.review_point(point)?),
                    _ => None,
                };
                let best = match parts.next() {
                    Some(best) => {
                        let at = span(self.file, &best);
                        let chosen = self.only(best)?;
                        let naming = match chosen.as_rule() {
                            Rule::pupils_rise => crate::vocabulary::Naming::PupilsByRise,
                            _ => crate::vocabulary::Naming::Group(text(chosen)),
                        };
                        Some(Spanned::new(naming, at))
                    }
                    None => None,
                };
                Statement::Report { what, to, when: when.map(|w| Spanned::new(w, at)), best }
            }
            _ => return Err(self.unexpected(&pair)),
        })
    }

    fn calendar_item(&mut self, p: Pair<Rule>) -> Built<CalendarItem> {
        let within = span(self.file, &p);
        match p.as_rule() {
            Rule::term_stmt => {
                let mut parts = inner(p);
                let from = self.value(self.next(&mut parts, within, "the first day")?)?;
                let to = self.value(self.next(&mut parts, within, "the last day")?)?;
                let half_term = match parts.next() {
                    Some(h) => {
                        let half = span(self.file, &h);
                        let mut dates = inner(h);
                        let a = self.value(self.next(&mut dates, half, "the half term's first day")?)?;
                        let b = self.value(self.next(&mut dates, half, "the half term's last day")?)?;
                        Some((a, b))
                    }
                    None => None,
                };
                Ok(CalendarItem::Term { from, to, half_term })
            }
            Rule::closed_stmt => {
                Ok(CalendarItem::Closed(inner(p).map(|v| self.value(v)).collect::<Built<_>>()?))
            }
            _ => Err(self.unexpected(&p)),
        }
    }

    fn register_item(&mut self, p: Pair<Rule>) -> Built<RegisterItem> {
        match p.as_rule() {
            Rule::not_stated => Ok(RegisterItem::NotStated),
            Rule::opens_stmt => Ok(RegisterItem::Opens(self.value(self.only(p)?)?)),
            Rule::closes_stmt => {
                let arg = self.only(p)?;
                if arg.as_rule() == Rule::closes_after {
                    Ok(RegisterItem::ClosesAfter(self.value(self.only(arg)?)?))
                } else {
                    Ok(RegisterItem::Closes(self.value(arg)?))
                }
            }
            _ => Err(self.unexpected(&p)),
        }
    }

    fn leave_item(&mut self, p: Pair<Rule>) -> Built<LeaveItem> {
        let within = span(self.file, &p);
        match p.as_rule() {
            Rule::granted_stmt => Ok(LeaveItem::GrantedFor(inner(p).map(|r| self.string(r)).collect())),
            Rule::request_stmt => {
                let mut parts = inner(p);
                let via_pair = self.only(self.next(&mut parts, within, "how leave is requested")?)?;
                let via = match via_pair.as_rule() {
                    Rule::in_writing => RequestVia::InWriting,
                    Rule::on_form => RequestVia::OnForm,
                    _ => return Err(self.unexpected(&via_pair)),
                };
                let ahead = match parts.next() {
                    Some(a) => Some(self.value(self.only(a)?)?),
                    None => None,
                };
                Ok(LeaveItem::Requested { via, ahead })
            }
            _ => Err(self.unexpected(&p)),
        }
    }
}
