//! Typing rules and the penalty-notice block.

use super::load::Resolver;
use super::seen::Seen;
use super::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{self, Unit};
use crate::vocabulary::{Group, Limit, Lookback, Review};

impl Resolver<'_> {
    pub(super) fn rule(
        &mut self,
        name: &Spanned<String>,
        items: &[Spanned<ast::RuleItem>],
        span: Span,
    ) -> Option<Rule> {
        let mut when: Option<Spanned<Condition>> = None;
        let mut actions = Vec::new();
        let mut firing = Firing::OnEachRise;
        let mut minimum = None;
        let mut seen: Seen<&'static str> = Seen::new();
        let mut complete = true;
        let mut after = Vec::new();
        let mut review = None;
        let mut limit = None;
        let mut groups = Vec::new();
        // Stages first: `since` in the condition names one of them.
        self.typer.stages = items
            .iter()
            .filter_map(|i| match &i.node {
                ast::RuleItem::After { rule, .. } => Some(rule.node.clone()),
                _ => None,
            })
            .collect();
        for item in items {
            let key = match &item.node {
                ast::RuleItem::When(_) => "when",
                ast::RuleItem::Then(_) | ast::RuleItem::After { .. } | ast::RuleItem::Group { .. } => "",
                ast::RuleItem::Once(_) | ast::RuleItem::RepeatEvery(_) => "once or repeat every",
                ast::RuleItem::Minimum(_) => "minimum",
                ast::RuleItem::Review(_) => "reviewed",
                ast::RuleItem::AtMost { .. } => "at most",
            };
            if !key.is_empty()
                && let Err(first) = seen.first_time(key, item.span)
            {
                self.repeated(item.span, first, key);
                continue;
            }
            match &item.node {
                ast::RuleItem::When(c) => {
                    when = self.typer.condition(c);
                    complete &= when.is_some();
                }
                ast::RuleItem::Then(action) => actions.push(action.clone()),
                ast::RuleItem::Once(None) => firing = Firing::Once,
                ast::RuleItem::Once(Some(period)) => firing = Firing::OncePer(*period),
                ast::RuleItem::RepeatEvery(lit) => match self.typer.duration(lit, &[Unit::SchoolDays]) {
                    Some(d) => firing = Firing::RepeatEverySchoolDays(d.node.amount),
                    None => complete = false,
                },
                ast::RuleItem::Minimum(lit) => {
                    minimum = self.typer.count(lit);
                    complete &= minimum.is_some();
                }
                ast::RuleItem::After { rule, times, wait, within } => {
                    let times = times.as_ref().map_or(Some(1), |lit| self.typer.count(lit));
                    // A period that is written but not a period has been reported.
                    let mut period = |lit: &Option<ast::Literal>| match lit {
                        None => Ok(None),
                        Some(lit) => self.lookback(lit).map(Some).ok_or(()),
                    };
                    match (times, period(within), period(wait)) {
                        (Some(times), Ok(within), Ok(wait)) => {
                            after.push(StageRef { rule: rule.clone(), times, within, wait, span: item.span })
                        }
                        _ => complete = false,
                    }
                }
                ast::RuleItem::AtMost { times, within } => {
                    match (self.typer.count(times), self.lookback(within)) {
                        (Some(times), Some(within)) => {
                            limit = Some(Spanned::new(Limit { times, within }, item.span))
                        }
                        _ => complete = false,
                    }
                }
                ast::RuleItem::Review(point) => {
                    review = self.review(point, item.span, false);
                    complete &= review.is_some();
                }
                ast::RuleItem::Group { attribute, value, without } => {
                    match self.group(attribute, value, item.span) {
                        Some(mut g) => {
                            g.node.without = *without;
                            groups.push(g);
                        }
                        None => complete = false,
                    }
                }
            }
        }
        self.typer.stages.clear();
        let has_when = seen.contains(&"when");
        // A rule for a group may leave out `when`: it applies to every pupil
        // in the group (on its review days, if it has them).
        if !has_when && groups.iter().any(|g| !g.node.without) && !actions.is_empty() {
            when = Some(Spanned::new(Condition::All(Vec::new()), name.span));
        } else if !has_when || actions.is_empty() {
            let missing = match (has_when, actions.is_empty()) {
                (false, true) => "no `when` and no `then`",
                (false, false) => "no `when`",
                _ => "no `then`",
            };
            let groups = if has_when {
                ""
            } else {
                "\n\nonly a rule for a group (`for pupils with ATTRIBUTE \"VALUE\"`, not only `without`) may leave out `when`: it then applies to every pupil in the group"
            };
            self.diagnostics.push(
                Diagnostic::new(Code::EMPTY_RULE, format!("the rule \"{}\" has {missing}", name.node), name.span, "this rule can never do anything")
                    .help(format!("a rule needs a condition and at least one action:\n\n    when attendance < 96% over year to date\n    then letter \"attendance-concern\"{groups}")),
            );
            return None;
        }
        if !complete {
            return None;
        }
        Some(Rule {
            name: name.clone(),
            when: when?,
            actions,
            firing,
            minimum_possible_sessions: minimum,
            after,
            review,
            limit,
            groups,
            span,
        })
    }

    /// How far back a stage or a limit looks: school weeks, weeks or years.
    fn lookback(&mut self, lit: &ast::Literal) -> Option<Lookback> {
        let d = self.typer.duration(lit, &[Unit::SchoolWeeks, Unit::Weeks, Unit::Years])?;
        Some(match d.node.unit {
            Unit::SchoolWeeks => Lookback::SchoolWeeks(d.node.amount),
            Unit::Weeks => Lookback::Weeks(d.node.amount),
            _ => Lookback::Years(d.node.amount),
        })
    }

    /// A review point; `every N sessions` only where `sessions` allows it (a
    /// report: a rule is looked at once a school day).
    pub(super) fn review(
        &mut self,
        point: &ast::ReviewPoint,
        span: Span,
        sessions: bool,
    ) -> Option<Spanned<Review>> {
        let review = match point {
            ast::ReviewPoint::EndOf(period) => Review::EndOf(*period),
            ast::ReviewPoint::AfterBreak => Review::AfterBreak,
            ast::ReviewPoint::EveryNotStated => Review::NotStated,
            ast::ReviewPoint::EndOfWeek(lit, period) => {
                Review::EndOfWeek { week: self.typer.count(lit)?, period: *period }
            }
            ast::ReviewPoint::Every(lit) => {
                let units: &[Unit] = if sessions {
                    &[Unit::SchoolDays, Unit::SchoolWeeks, Unit::Sessions]
                } else {
                    &[Unit::SchoolDays, Unit::SchoolWeeks]
                };
                let d = self.typer.duration(lit, units)?;
                match d.node.unit {
                    Unit::SchoolWeeks => Review::EverySchoolWeeks(d.node.amount),
                    Unit::Sessions => Review::EverySessions(d.node.amount),
                    _ => Review::EverySchoolDays(d.node.amount),
                }
            }
        };
        Some(Spanned::new(review, span))
    }

    /// A group of pupils; a value the pupils' details never have is N018.
    fn group(
        &mut self,
        attribute: &Spanned<String>,
        value: &Spanned<String>,
        span: Span,
    ) -> Option<Spanned<Group>> {
        let value = match crate::register::pupils::normalise(&attribute.node, &value.node) {
            Ok(Some(v)) => v,
            Ok(None) | Err(_) if crate::register::pupils::KNOWN.contains(&attribute.node.as_str()) => {
                let words = match attribute.node.as_str() {
                    "sen" => "`\"EHCP\"`, `\"SEN support\"` or `\"none\"`",
                    "year" => "a year group, such as `\"7\"`",
                    _ => "`\"yes\"` or `\"no\"`",
                };
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::UNKNOWN_GROUP_VALUE,
                        format!("no pupil's {} is \"{}\"", attribute.node, value.node),
                        value.span,
                        "not a value pupil details give",
                    )
                    .help(format!("write {words}")),
                );
                return None;
            }
            Ok(None) | Err(_) => value.node.clone(),
        };
        Some(Spanned::new(Group { attribute: attribute.node.clone(), value, without: false }, span))
    }

    pub(super) fn penalty(&mut self, items: &[Spanned<ast::PenaltyItem>], span: Span) -> PenaltyNotices {
        let mut notices = PenaltyNotices {
            threshold: None,
            amounts: Default::default(),
            per_child: None,
            notice_to_improve_weeks: None,
            span,
        };
        let mut seen: Seen<String> = Seen::new();
        for item in items {
            let key = match &item.node {
                ast::PenaltyItem::Threshold(_) => "threshold".to_string(),
                ast::PenaltyItem::Amounts { kind, .. } => kind.word().to_string(),
                ast::PenaltyItem::PerChild { .. } => "at most".to_string(),
                ast::PenaltyItem::NoticeToImprove { .. } => "notice to improve".to_string(),
            };
            if let Err(first) = seen.first_time(key.clone(), item.span) {
                self.repeated(item.span, first, &key);
                continue;
            }
            match &item.node {
                ast::PenaltyItem::Threshold(c) => notices.threshold = self.typer.condition(c),
                ast::PenaltyItem::Amounts { kind, payments } => {
                    let terms: Option<Vec<Payment>> = payments
                        .iter()
                        .map(|p| {
                            let pence = self.typer.pence(&p.node.amount);
                            let days = self.typer.duration(&p.node.within, &[Unit::Days]);
                            Some(Payment { pence: pence?, within_days: days?.node.amount })
                        })
                        .collect();
                    if let Some(terms) = terms {
                        notices.amounts.insert(*kind, Spanned::new(terms, item.span));
                    }
                }
                ast::PenaltyItem::PerChild { count, within } => {
                    let notices_count = self.typer.count(count);
                    let years = self.typer.duration(within, &[Unit::Years]);
                    if let (Some(n), Some(y)) = (notices_count, years) {
                        notices.per_child = Some(Spanned::new(
                            PerChildLimit { notices: n, within_years: y.node.amount },
                            item.span,
                        ));
                    }
                }
                ast::PenaltyItem::NoticeToImprove { shortest, longest } => {
                    let a = self.typer.duration(shortest, &[Unit::Weeks]);
                    let b = self.typer.duration(longest, &[Unit::Weeks]);
                    if let (Some(a), Some(b)) = (a, b) {
                        notices.notice_to_improve_weeks =
                            Some(Spanned::new((a.node.amount, b.node.amount), item.span));
                    }
                }
            }
        }
        notices
    }
}
