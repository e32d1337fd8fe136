//! Rule items, penalty-notice items, actions, conditions and literal values.

use super::{Builder, Built, inner, span, text};
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::*;
use crate::syntax::parser::Rule;
use pest::iterators::Pair;

impl Builder {
    pub(super) fn rule_item(&mut self, pair: Pair<Rule>) -> Built<Spanned<RuleItem>> {
        let node = match pair.as_rule() {
            Rule::when_stmt => RuleItem::When(self.condition(self.only(pair.clone())?)?),
            Rule::then_stmt => RuleItem::Then(self.action(self.only(pair.clone())?)?),
            Rule::minimum_stmt => RuleItem::Minimum(self.value(self.only(pair.clone())?)?),
            Rule::after_stmt => {
                let mut parts = inner(pair.clone());
                let s = span(self.file, &pair);
                let rule = self.string(self.next(&mut parts, s, "the rule it follows")?);
                // The grammar orders them: a count before `times`, a period after `within`.
                let counted = pair.clone().into_inner().any(|p| p.as_rule() == Rule::kw_times);
                let mut wait = None;
                let mut values = Vec::new();
                for part in parts {
                    if part.as_rule() == Rule::stage_wait {
                        wait = Some(self.value(self.only(part)?)?);
                    } else {
                        values.push(self.value(part)?);
                    }
                }
                let mut values = values.into_iter();
                let times = if counted { values.next() } else { None };
                let within = values.next();
                RuleItem::After { rule, times, wait, within }
            }
            Rule::at_most_stmt => {
                let mut parts = inner(pair.clone());
                let s = span(self.file, &pair);
                let times = self.value(self.next(&mut parts, s, "the most times")?)?;
                let within = self.value(self.next(&mut parts, s, "the period")?)?;
                RuleItem::AtMost { times, within }
            }
            Rule::reviewed_stmt => RuleItem::Review(self.review_point(self.only(pair.clone())?)?),
            Rule::group_stmt => {
                let mut parts = inner(pair.clone()).peekable();
                let s = span(self.file, &pair);
                let without = parts.next_if(|p| p.as_rule() == Rule::group_without).is_some();
                let attribute = self.next(&mut parts, s, "the attribute")?;
                let attribute = Spanned::new(attribute.as_str().to_string(), span(self.file, &attribute));
                let value = self.string(self.next(&mut parts, s, "the attribute's value")?);
                RuleItem::Group { attribute, value, without }
            }
            Rule::limit_stmt => {
                let limit = self.only(pair.clone())?;
                match limit.as_rule() {
                    Rule::once_stmt => match inner(limit).next() {
                        None => RuleItem::Once(None),
                        Some(period) => RuleItem::Once(Some(self.period(period)?)),
                    },
                    Rule::repeat_stmt => RuleItem::RepeatEvery(self.value(self.only(limit)?)?),
                    _ => return Err(self.unexpected(&limit)),
                }
            }
            _ => return Err(self.unexpected(&pair)),
        };
        Ok(self.spanned(node, &pair))
    }

    pub(super) fn penalty_item(&mut self, pair: Pair<Rule>) -> Built<Spanned<PenaltyItem>> {
        let within = span(self.file, &pair);
        let node = match pair.as_rule() {
            Rule::threshold_stmt => PenaltyItem::Threshold(self.condition(self.only(pair.clone())?)?),
            Rule::amount_stmt => {
                let mut parts = inner(pair.clone());
                let kind_pair = self.next(&mut parts, within, "which notice")?;
                let kind = match self.first_token(kind_pair.clone())? {
                    Rule::kw_first => NoticeKind::First,
                    Rule::kw_second => NoticeKind::Second,
                    Rule::kw_suspension => NoticeKind::Suspension,
                    _ => return Err(self.unexpected(&kind_pair)),
                };
                let payments = parts
                    .map(|p| {
                        let at = span(self.file, &p);
                        let mut values = inner(p.clone());
                        let amount = self.value(self.next(&mut values, at, "the amount")?)?;
                        let within = self.value(self.next(&mut values, at, "the period")?)?;
                        Ok(self.spanned(Payment { amount, within }, &p))
                    })
                    .collect::<Built<_>>()?;
                PenaltyItem::Amounts { kind, payments }
            }
            Rule::per_child_stmt => {
                let mut values = inner(pair.clone());
                let count = self.value(self.next(&mut values, within, "the count")?)?;
                let period = self.value(self.next(&mut values, within, "the period")?)?;
                PenaltyItem::PerChild { count, within: period }
            }
            Rule::improve_stmt => {
                let mut values = inner(pair.clone());
                let shortest = self.value(self.next(&mut values, within, "the shortest period")?)?;
                let longest = self.value(self.next(&mut values, within, "the longest period")?)?;
                PenaltyItem::NoticeToImprove { shortest, longest }
            }
            _ => return Err(self.unexpected(&pair)),
        };
        Ok(self.spanned(node, &pair))
    }

    pub fn action(&mut self, pair: Pair<Rule>) -> Built<Spanned<Action>> {
        let s = span(self.file, &pair);
        let chosen = self.only(pair)?;
        let named = |b: &Self, p: Pair<Rule>| -> Built<String> { Ok(text(b.only(p)?)) };
        let node = match chosen.as_rule() {
            Rule::letter_action => Action::Letter(named(self, chosen)?),
            Rule::meeting_action => Action::Meeting(named(self, chosen)?),
            Rule::contact_action => Action::Contact(named(self, chosen)?),
            Rule::sanction_action => Action::Sanction(named(self, chosen)?),
            Rule::home_visit => Action::HomeVisit,
            Rule::notify_la => Action::NotifyLocalAuthority,
            Rule::penalty_action => Action::ConsiderPenaltyNotice,
            Rule::suspension_penalty => Action::ConsiderSuspensionPenaltyNotice,
            Rule::improve_action => Action::IssueNoticeToImprove,
            Rule::cme_action => Action::ReferChildrenMissingEducation,
            Rule::evidence_action => Action::RequestMedicalEvidence,
            Rule::refer_action => Action::Refer(named(self, chosen)?),
            Rule::sign_in_action => Action::SignIn(named(self, chosen)?),
            Rule::recode_action => Action::Recode(named(self, chosen)?),
            Rule::remove_action => Action::RemoveFromRoll,
            _ => return Err(self.unexpected(&chosen)),
        };
        Ok(Spanned::new(node, s))
    }

    /// Recursive over brackets: [`crate::syntax::errors::precheck`] has already
    /// refused input nested deeper than the limit, so the recursion is bounded.
    pub fn condition(&mut self, pair: Pair<Rule>) -> Built<Spanned<Condition>> {
        let s = span(self.file, &pair);
        match pair.as_rule() {
            Rule::condition | Rule::conjunction => {
                let all = pair.as_rule() == Rule::conjunction;
                let mut parts: Vec<_> = inner(pair).map(|p| self.condition(p)).collect::<Built<_>>()?;
                if parts.len() == 1
                    && let Some(lone) = parts.pop()
                {
                    // A lone operand keeps its own span: brackets are not part of it.
                    return Ok(lone);
                }
                let node = if all { Condition::All(parts) } else { Condition::Any(parts) };
                Ok(Spanned::new(node, s))
            }
            Rule::comparison => {
                let mut parts = inner(pair);
                let measure = self.measure(self.next(&mut parts, s, "the measure")?)?;
                let comparator_pair = self.next(&mut parts, s, "the comparator")?;
                let comparator = match comparator_pair.as_str() {
                    "<" => Comparator::Less,
                    "<=" => Comparator::LessOrEqual,
                    ">" => Comparator::Greater,
                    ">=" => Comparator::GreaterOrEqual,
                    "=" => Comparator::Equal,
                    _ => return Err(self.unexpected(&comparator_pair)),
                };
                let value_pair = self.next(&mut parts, s, "the value")?;
                let value = if value_pair.as_rule() == Rule::not_stated {
                    Spanned::new(LiteralValue::NotStated, span(self.file, &value_pair))
                } else if value_pair.as_rule() == Rule::pupil_value {
                    let at = span(self.file, &value_pair);
                    Spanned::new(LiteralValue::Pupil(text(self.only(value_pair)?)), at)
                } else {
                    self.value(value_pair)?
                };
                let window = match parts.next() {
                    Some(w) => Some(self.window(w)?),
                    None => None,
                };
                Ok(Spanned::new(Condition::Compare(Comparison { measure, comparator, value, window }), s))
            }
            _ => Err(self.unexpected(&pair)),
        }
    }

    fn measure(&mut self, pair: Pair<Rule>) -> Built<Spanned<Measure>> {
        let s = span(self.file, &pair);
        let chosen = self.only(pair)?;
        let node = match chosen.as_rule() {
            Rule::percent_measure => match self.first_token(chosen.clone())? {
                Rule::kw_attendance => Measure::Attendance,
                Rule::unauthorised_absence => Measure::UnauthorisedAbsence,
                Rule::authorised_absence => Measure::AuthorisedAbsence,
                Rule::kw_absence => Measure::Absence,
                _ => return Err(self.unexpected(&chosen)),
            },
            Rule::change_measure => {
                if inner(chosen.clone()).any(|p| p.as_rule() == Rule::change_fall) {
                    Measure::AttendanceFall
                } else {
                    Measure::AttendanceRise
                }
            }
            Rule::sessions_measure => Measure::Sessions(self.code_set(self.only(chosen)?)?),
            Rule::days_measure => Measure::SchoolDays(self.code_set(self.only(chosen)?)?),
            Rule::spells_measure => Measure::Spells(self.code_set(self.only(chosen)?)?),
            Rule::return_measure => Measure::ReturnAfter(self.code_set(self.only(chosen)?)?),
            Rule::consecutive_measure => {
                let within = span(self.file, &chosen);
                let mut parts = inner(chosen);
                let unit_pair = self.next(&mut parts, within, "the unit")?;
                let unit = match self.first_token(unit_pair.clone())? {
                    Rule::school_days => RunUnit::SchoolDays,
                    Rule::kw_weekdays => RunUnit::Weekdays,
                    _ => return Err(self.unexpected(&unit_pair)),
                };
                Measure::Consecutive {
                    unit,
                    codes: self.code_set(self.next(&mut parts, within, "the codes")?)?,
                }
            }
            Rule::minutes_late => Measure::MinutesLate,
            Rule::records_measure => Measure::Records(self.string(self.only(chosen)?).node),
            _ => return Err(self.unexpected(&chosen)),
        };
        Ok(Spanned::new(node, s))
    }

    fn code_set(&mut self, pair: Pair<Rule>) -> Built<Vec<Spanned<CodeRef>>> {
        inner(pair)
            .map(|p| {
                let node = match p.as_rule() {
                    Rule::code_group => CodeRef::Group(p.as_str().to_string()),
                    Rule::code | Rule::quoted_code => CodeRef::Code(text(p.clone())),
                    _ => return Err(self.unexpected(&p)),
                };
                Ok(self.spanned(node, &p))
            })
            .collect()
    }

    /// `every 2 school weeks`, `at the end of each term`, `at the end of week 2 of each half term`.
    pub fn review_point(&mut self, pair: Pair<Rule>) -> Built<ReviewPoint> {
        let point = self.only(pair)?;
        let s = span(self.file, &point);
        Ok(match point.as_rule() {
            Rule::review_every => {
                let every = self.only(point)?;
                match every.as_rule() {
                    Rule::not_stated => ReviewPoint::EveryNotStated,
                    _ => ReviewPoint::Every(self.value(every)?),
                }
            }
            Rule::review_end => {
                let period = inner(point.clone()).last().ok_or_else(|| self.unexpected(&point))?;
                ReviewPoint::EndOf(self.period(period)?)
            }
            Rule::review_break => ReviewPoint::AfterBreak,
            Rule::review_week => {
                let mut parts = inner(point);
                let week = self.value(self.next(&mut parts, s, "the week")?)?;
                let period = self.next(&mut parts, s, "the period")?;
                ReviewPoint::EndOfWeek(week, self.period(period)?)
            }
            _ => return Err(self.unexpected(&point)),
        })
    }

    pub fn period(&mut self, period: Pair<Rule>) -> Built<Period> {
        Ok(match self.first_token(period.clone())? {
            Rule::half_term => Period::HalfTerm,
            Rule::kw_term => Period::Term,
            Rule::kw_year => Period::Year,
            _ => return Err(self.unexpected(&period)),
        })
    }

    fn window(&mut self, pair: Pair<Rule>) -> Built<Spanned<Window>> {
        let s = span(self.file, &pair);
        let kind = self.only(pair)?;
        if kind.as_rule() == Rule::since_stage {
            return Ok(Spanned::new(Window::Since(self.string(self.only(kind)?)), s));
        }
        let node = match self.first_token(kind.clone())? {
            Rule::year_to_date => Window::YearToDate,
            Rule::half_term => Window::HalfTerm,
            Rule::kw_term => Window::Term,
            Rule::rolling => Window::Rolling(self.value(self.only(self.only(kind)?)?)?),
            Rule::last_days => Window::Last(self.value(self.only(self.only(kind)?)?)?),
            _ => return Err(self.unexpected(&kind)),
        };
        Ok(Spanned::new(node, s))
    }

    pub fn value(&mut self, pair: Pair<Rule>) -> Built<Literal> {
        let s = span(self.file, &pair);
        let chosen = self.only(pair)?;
        // The grammar fixes the digits' places in dates and times.
        let digits =
            |t: &str, at: std::ops::Range<usize>| t.get(at).and_then(|d| d.parse().ok()).unwrap_or(0);
        let node = match chosen.as_rule() {
            Rule::date => {
                let t = chosen.as_str();
                LiteralValue::Date { year: digits(t, 0..4), month: digits(t, 5..7), day: digits(t, 8..10) }
            }
            Rule::time => {
                let (hour, minute) = chosen.as_str().split_once(':').unwrap_or(("0", "0"));
                LiteralValue::Time { hour: hour.parse().unwrap_or(0), minute: minute.parse().unwrap_or(0) }
            }
            Rule::percent => LiteralValue::Percent(self.decimal(self.only(chosen)?)),
            Rule::money => LiteralValue::Money(self.decimal(self.only(chosen)?)),
            Rule::duration => {
                let within = span(self.file, &chosen);
                let mut parts = inner(chosen);
                let amount = self.decimal(self.next(&mut parts, within, "the amount")?);
                let unit_pair = self.next(&mut parts, within, "the unit")?;
                let unit = match self.first_token(unit_pair.clone())? {
                    Rule::school_weeks => Unit::SchoolWeeks,
                    Rule::school_days => Unit::SchoolDays,
                    Rule::kw_minutes => Unit::Minutes,
                    Rule::kw_days => Unit::Days,
                    Rule::kw_weeks => Unit::Weeks,
                    Rule::kw_years => Unit::Years,
                    Rule::kw_sessions => Unit::Sessions,
                    _ => return Err(self.unexpected(&unit_pair)),
                };
                LiteralValue::Duration { amount, unit }
            }
            Rule::number => LiteralValue::Number(self.decimal(chosen)),
            Rule::string => LiteralValue::Text(text(chosen)),
            _ => return Err(self.unexpected(&chosen)),
        };
        Ok(Spanned::new(node, s))
    }

    fn decimal(&mut self, pair: Pair<Rule>) -> Decimal {
        let t = pair.as_str();
        let scale = t.split_once('.').map_or(0, |(_, frac)| frac.len());
        let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
        match (digits.parse::<u64>(), u32::try_from(scale)) {
            (Ok(digits), Ok(scale)) if scale <= 6 => Decimal { digits, scale },
            _ => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::VALUE_OUT_OF_RANGE,
                        format!("`{t}` is too long a number"),
                        span(self.file, &pair),
                        "this number",
                    )
                    .help("numbers in a policy have at most 18 digits and 6 decimal places"),
                );
                Decimal { digits: 0, scale: 0 }
            }
        }
    }
}
