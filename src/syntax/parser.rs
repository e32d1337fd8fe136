//! From pest's parse tree to the typed syntax tree. Nothing after this module
//! sees pest pairs.

use super::ast::*;
use super::errors;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};
use pest::Parser;
use pest::iterators::Pair;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/attend.pest"]
pub(crate) struct AttendParser;

/// Brackets in a condition may nest this deep; deeper input is refused before
/// any recursive walk can exhaust the stack.
pub const MAX_NESTING: usize = 64;

/// pest gives up after this many rule calls, so adversarial input cannot make
/// the parser backtrack for minutes.
const CALL_LIMIT: usize = 50_000_000;

/// Parses one policy file. Returns the tree, or the diagnostics that stopped it.
pub fn parse(file: FileId, text: &str) -> Result<PolicyFile, Vec<Diagnostic>> {
    if let Some(diagnostic) = errors::precheck(file, text, MAX_NESTING) {
        return Err(vec![diagnostic]);
    }
    pest::set_call_limit(std::num::NonZeroUsize::new(CALL_LIMIT));
    pest::set_error_detail(true);
    let mut pairs =
        AttendParser::parse(Rule::policy_file, text).map_err(|e| vec![errors::translate(file, text, &e)])?;
    let root = pairs.next().expect("the grammar always yields policy_file");
    let comments = root
        .clone()
        .into_inner()
        .flatten()
        .filter(|p| p.as_rule() == Rule::COMMENT)
        .map(|p| Spanned::new(p.as_str().trim_end().to_string(), span(file, &p)))
        .collect();
    let mut builder = Builder { file, diagnostics: Vec::new() };
    let items = inner(root).filter(|p| p.as_rule() != Rule::EOI).map(|p| builder.item(p)).collect();
    if builder.diagnostics.is_empty() { Ok(PolicyFile { items, comments }) } else { Err(builder.diagnostics) }
}

/// The pair's span without the blank space and comments pest may have
/// consumed after its last token (before an optional part that was absent).
fn span(file: FileId, pair: &Pair<Rule>) -> Span {
    let s = pair.as_span();
    let last_child_end =
        pair.clone().into_inner().filter(|p| p.as_rule() != Rule::COMMENT).last().map(|p| span(file, &p).end);
    let Some(child_end) = last_child_end else { return Span::new(file, s.start(), s.end()) };
    // After the last child only literal tokens (`}`, `)`) and skipped text remain.
    let tail = &pair.as_str()[child_end - s.start()..];
    let mut end = child_end;
    let mut offset = child_end;
    for line in tail.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        if let Some(last) = code.char_indices().rfind(|(_, c)| !c.is_whitespace()) {
            end = offset + last.0 + last.1.len_utf8();
        }
        offset += line.len();
    }
    Span::new(file, s.start(), end)
}

fn is_keyword(rule: Rule) -> bool {
    format!("{rule:?}").starts_with("kw_")
}

/// Children that carry meaning: no comments, no keywords.
fn inner(pair: Pair<Rule>) -> impl Iterator<Item = Pair<Rule>> {
    pair.into_inner().filter(|p| p.as_rule() != Rule::COMMENT && !is_keyword(p.as_rule()))
}

/// The first child, keywords included: for rules that are a choice of keywords.
fn first_token(pair: Pair<Rule>) -> Rule {
    pair.into_inner()
        .find(|p| p.as_rule() != Rule::COMMENT)
        .map(|p| p.as_rule())
        .expect("grammar rule with at least one child")
}

fn only(pair: Pair<Rule>) -> Pair<Rule> {
    inner(pair).next().expect("grammar rule with one child")
}

fn text(pair: Pair<Rule>) -> String {
    // `string` is `"` ~ string_text ~ `"`: take the text between the quotes.
    match pair.as_rule() {
        Rule::string | Rule::quoted_code => {
            pair.into_inner().next().map(|p| p.as_str().to_string()).unwrap_or_default()
        }
        _ => pair.as_str().to_string(),
    }
}

struct Builder {
    file: FileId,
    diagnostics: Vec<Diagnostic>,
}

impl Builder {
    fn spanned<T>(&self, node: T, pair: &Pair<Rule>) -> Spanned<T> {
        Spanned::new(node, span(self.file, pair))
    }

    fn string(&self, pair: Pair<Rule>) -> Spanned<String> {
        let s = span(self.file, &pair);
        Spanned::new(text(pair), s)
    }

    fn item(&mut self, pair: Pair<Rule>) -> Spanned<Item> {
        let s = span(self.file, &pair);
        let item = match pair.as_rule() {
            Rule::extends_decl => Item::Extends(self.string(only(pair))),
            Rule::organisation_block => {
                let mut parts = inner(pair);
                let kind = match first_token(parts.next().expect("kind")) {
                    Rule::kw_trust => OrganisationKind::Trust,
                    _ => OrganisationKind::Federation,
                };
                let name = self.string(parts.next().expect("name"));
                let identity = parts.map(|p| self.identity(p)).collect();
                Item::Organisation(OrganisationBlock { kind, name, identity })
            }
            Rule::school_block => {
                let mut parts = inner(pair);
                let name = self.string(parts.next().expect("name"));
                let items = parts
                    .map(|p| {
                        let s = span(self.file, &p);
                        let item = match p.as_rule() {
                            Rule::regulations_stmt | Rule::effective_stmt | Rule::review_stmt => {
                                SchoolItem::Identity(self.identity(p).node)
                            }
                            _ => SchoolItem::Statement(self.statement(p)),
                        };
                        Spanned::new(item, s)
                    })
                    .collect();
                Item::School(SchoolBlock { name, items })
            }
            _ => Item::Statement(self.statement(pair)),
        };
        Spanned::new(item, s)
    }

    fn identity(&mut self, pair: Pair<Rule>) -> Spanned<Identity> {
        let s = span(self.file, &pair);
        let node = match pair.as_rule() {
            Rule::regulations_stmt => Identity::Regulations(self.string(only(pair))),
            Rule::effective_stmt => Identity::Effective(self.value(only(pair))),
            _ => Identity::Review(self.value(only(pair))),
        };
        Spanned::new(node, s)
    }

    fn statement(&mut self, pair: Pair<Rule>) -> Statement {
        match pair.as_rule() {
            Rule::calendar_block => Statement::Calendar(
                inner(pair)
                    .map(|p| {
                        let node = match p.as_rule() {
                            Rule::term_stmt => {
                                let mut parts = inner(p.clone());
                                let from = self.value(parts.next().expect("from"));
                                let to = self.value(parts.next().expect("to"));
                                let half_term = parts.next().map(|h| {
                                    let mut dates = inner(h);
                                    let a = self.value(dates.next().expect("from"));
                                    let b = self.value(dates.next().expect("to"));
                                    (a, b)
                                });
                                CalendarItem::Term { from, to, half_term }
                            }
                            _ => CalendarItem::Closed(inner(p.clone()).map(|v| self.value(v)).collect()),
                        };
                        self.spanned(node, &p)
                    })
                    .collect(),
            ),
            Rule::day_block => Statement::Day(
                inner(pair)
                    .map(|p| {
                        let node = match p.as_rule() {
                            Rule::gates_stmt => DayItem::GatesOpen(self.value(only(p.clone()))),
                            Rule::starts_stmt => DayItem::Starts(self.value(only(p.clone()))),
                            _ => DayItem::Ends(self.value(only(p.clone()))),
                        };
                        self.spanned(node, &p)
                    })
                    .collect(),
            ),
            Rule::register_block => {
                let mut parts = inner(pair);
                let session_pair = parts.next().expect("session");
                let session = match first_token(session_pair.clone()) {
                    Rule::kw_am => Session::Am,
                    _ => Session::Pm,
                };
                let session = self.spanned(session, &session_pair);
                let items = parts
                    .map(|p| {
                        let node = match p.as_rule() {
                            Rule::opens_stmt => RegisterItem::Opens(self.value(only(p.clone()))),
                            _ => {
                                let arg = only(p.clone());
                                if arg.as_rule() == Rule::closes_after {
                                    RegisterItem::ClosesAfter(self.value(only(arg)))
                                } else {
                                    RegisterItem::Closes(self.value(arg))
                                }
                            }
                        };
                        self.spanned(node, &p)
                    })
                    .collect();
                Statement::Register { session, items }
            }
            Rule::records_stmt => Statement::RecordsRetained(self.value(only(pair))),
            Rule::reporting_stmt => {
                let mut parts = inner(pair);
                let by = self.value(parts.next().expect("time"));
                let days = match only(parts.next().expect("days")).as_rule() {
                    Rule::first_day => ReportDays::FirstDay,
                    _ => ReportDays::EveryDay,
                };
                Statement::AbsenceReported { by, days }
            }
            Rule::coding_stmt => Statement::AbsenceCoded(self.value(only(pair))),
            Rule::medical_block => Statement::MedicalEvidence(
                inner(pair)
                    .map(|p| {
                        let node = match p.as_rule() {
                            Rule::medical_doubt => MedicalItem::InDoubt,
                            Rule::medical_after_leave => MedicalItem::AfterLeave,
                            _ => MedicalItem::When(self.condition(only(p.clone()))),
                        };
                        self.spanned(node, &p)
                    })
                    .collect(),
            ),
            Rule::leave_block => Statement::LeaveOfAbsence(
                inner(pair)
                    .map(|p| {
                        let node = match p.as_rule() {
                            Rule::granted_stmt => {
                                LeaveItem::GrantedFor(inner(p.clone()).map(|r| self.string(r)).collect())
                            }
                            _ => {
                                let mut parts = inner(p.clone());
                                let via = match parts.next().map(only).map(|v| v.as_rule()) {
                                    Some(Rule::in_writing) => RequestVia::InWriting,
                                    _ => RequestVia::OnForm,
                                };
                                let ahead = parts.next().map(|a| self.value(only(a)));
                                LeaveItem::Requested { via, ahead }
                            }
                        };
                        self.spanned(node, &p)
                    })
                    .collect(),
            ),
            Rule::lateness_block => Statement::Lateness(
                inner(pair)
                    .map(|p| {
                        let mut parts = inner(p.clone());
                        let after = self.value(parts.next().expect("time"));
                        let action = self.action(parts.next().expect("action"));
                        self.spanned(ArrivalRule { after, action }, &p)
                    })
                    .collect(),
            ),
            Rule::rule_block => {
                let mut parts = inner(pair);
                let name = self.string(parts.next().expect("name"));
                let items = parts.map(|p| self.rule_item(p)).collect();
                Statement::Rule { name, items }
            }
            Rule::penalty_block => {
                Statement::PenaltyNotices(inner(pair).map(|p| self.penalty_item(p)).collect())
            }
            Rule::persistent_stmt => Statement::PersistentAbsence(self.condition(only(pair))),
            _ => Statement::SevereAbsence(self.condition(only(pair))),
        }
    }

    fn rule_item(&mut self, pair: Pair<Rule>) -> Spanned<RuleItem> {
        let node = match pair.as_rule() {
            Rule::when_stmt => RuleItem::When(self.condition(only(pair.clone()))),
            Rule::then_stmt => RuleItem::Then(self.action(only(pair.clone()))),
            Rule::minimum_stmt => RuleItem::Minimum(self.value(only(pair.clone()))),
            _ => {
                let limit = only(pair.clone());
                match limit.as_rule() {
                    Rule::once_stmt => RuleItem::Once(inner(limit).next().map(|p| match first_token(p) {
                        Rule::half_term => Period::HalfTerm,
                        Rule::kw_term => Period::Term,
                        _ => Period::Year,
                    })),
                    _ => RuleItem::RepeatEvery(self.value(only(limit))),
                }
            }
        };
        self.spanned(node, &pair)
    }

    fn penalty_item(&mut self, pair: Pair<Rule>) -> Spanned<PenaltyItem> {
        let node = match pair.as_rule() {
            Rule::threshold_stmt => PenaltyItem::Threshold(self.condition(only(pair.clone()))),
            Rule::amount_stmt => {
                let mut parts = inner(pair.clone());
                let kind = match first_token(parts.next().expect("kind")) {
                    Rule::kw_first => NoticeKind::First,
                    Rule::kw_second => NoticeKind::Second,
                    _ => NoticeKind::Suspension,
                };
                let payments = parts
                    .map(|p| {
                        let mut values = inner(p.clone());
                        let amount = self.value(values.next().expect("amount"));
                        let within = self.value(values.next().expect("period"));
                        self.spanned(Payment { amount, within }, &p)
                    })
                    .collect();
                PenaltyItem::Amounts { kind, payments }
            }
            Rule::per_child_stmt => {
                let mut values = inner(pair.clone());
                let count = self.value(values.next().expect("count"));
                let within = self.value(values.next().expect("period"));
                PenaltyItem::PerChild { count, within }
            }
            _ => {
                let mut values = inner(pair.clone());
                let shortest = self.value(values.next().expect("shortest"));
                let longest = self.value(values.next().expect("longest"));
                PenaltyItem::NoticeToImprove { shortest, longest }
            }
        };
        self.spanned(node, &pair)
    }

    fn action(&mut self, pair: Pair<Rule>) -> Spanned<Action> {
        let s = span(self.file, &pair);
        let chosen = only(pair);
        let node = match chosen.as_rule() {
            Rule::letter_action => Action::Letter(text(only(chosen))),
            Rule::meeting_action => Action::Meeting(text(only(chosen))),
            Rule::contact_action => Action::Contact(text(only(chosen))),
            Rule::sanction_action => Action::Sanction(text(only(chosen))),
            Rule::home_visit => Action::HomeVisit,
            Rule::notify_la => Action::NotifyLocalAuthority,
            Rule::penalty_action => Action::ConsiderPenaltyNotice,
            Rule::cme_action => Action::ReferChildrenMissingEducation,
            _ => Action::RequestMedicalEvidence,
        };
        Spanned::new(node, s)
    }

    /// Recursive over brackets: [`errors::precheck`] has already refused input
    /// nested deeper than [`MAX_NESTING`], so the recursion is bounded.
    fn condition(&mut self, pair: Pair<Rule>) -> Spanned<Condition> {
        let s = span(self.file, &pair);
        match pair.as_rule() {
            Rule::condition | Rule::conjunction => {
                let all = pair.as_rule() == Rule::conjunction;
                let mut parts: Vec<_> = inner(pair).map(|p| self.condition(p)).collect();
                if parts.len() == 1 {
                    // A lone operand keeps its own span: brackets are not part of it.
                    return parts.pop().expect("one part");
                }
                let node = if all { Condition::All(parts) } else { Condition::Any(parts) };
                Spanned::new(node, s)
            }
            _ => {
                let mut parts = inner(pair);
                let measure = self.measure(parts.next().expect("measure"));
                let comparator = match parts.next().expect("comparator").as_str() {
                    "<" => Comparator::Less,
                    "<=" => Comparator::LessOrEqual,
                    ">" => Comparator::Greater,
                    ">=" => Comparator::GreaterOrEqual,
                    _ => Comparator::Equal,
                };
                let value = self.value(parts.next().expect("value"));
                let window = parts.next().map(|w| self.window(w));
                Spanned::new(Condition::Compare(Comparison { measure, comparator, value, window }), s)
            }
        }
    }

    fn measure(&mut self, pair: Pair<Rule>) -> Spanned<Measure> {
        let s = span(self.file, &pair);
        let chosen = only(pair);
        let node = match chosen.as_rule() {
            Rule::percent_measure => match first_token(chosen) {
                Rule::kw_attendance => Measure::Attendance,
                Rule::unauthorised_absence => Measure::UnauthorisedAbsence,
                Rule::authorised_absence => Measure::AuthorisedAbsence,
                _ => Measure::Absence,
            },
            Rule::sessions_measure => Measure::Sessions(self.code_set(only(chosen))),
            Rule::days_measure => Measure::SchoolDays(self.code_set(only(chosen))),
            Rule::spells_measure => Measure::Spells(self.code_set(only(chosen))),
            Rule::consecutive_measure => {
                let mut parts = inner(chosen);
                let unit = match first_token(parts.next().expect("unit")) {
                    Rule::school_days => RunUnit::SchoolDays,
                    _ => RunUnit::Weekdays,
                };
                Measure::Consecutive { unit, codes: self.code_set(parts.next().expect("codes")) }
            }
            _ => Measure::MinutesLate,
        };
        Spanned::new(node, s)
    }

    fn code_set(&mut self, pair: Pair<Rule>) -> Vec<Spanned<CodeRef>> {
        inner(pair)
            .map(|p| {
                let node = match p.as_rule() {
                    Rule::code_group => CodeRef::Group(p.as_str().to_string()),
                    _ => CodeRef::Code(text(p.clone())),
                };
                self.spanned(node, &p)
            })
            .collect()
    }

    fn window(&mut self, pair: Pair<Rule>) -> Spanned<Window> {
        let s = span(self.file, &pair);
        let kind = only(pair);
        let node = match first_token(kind.clone()) {
            Rule::year_to_date => Window::YearToDate,
            Rule::half_term => Window::HalfTerm,
            Rule::kw_term => Window::Term,
            Rule::rolling => Window::Rolling(self.value(only(only(kind)))),
            _ => Window::Last(self.value(only(only(kind)))),
        };
        Spanned::new(node, s)
    }

    fn value(&mut self, pair: Pair<Rule>) -> Literal {
        let s = span(self.file, &pair);
        let chosen = only(pair);
        let node = match chosen.as_rule() {
            Rule::date => {
                let t = chosen.as_str();
                LiteralValue::Date {
                    year: t[0..4].parse().unwrap_or(0),
                    month: t[5..7].parse().unwrap_or(0),
                    day: t[8..10].parse().unwrap_or(0),
                }
            }
            Rule::time => {
                let (hour, minute) = chosen.as_str().split_once(':').unwrap_or(("0", "0"));
                LiteralValue::Time { hour: hour.parse().unwrap_or(0), minute: minute.parse().unwrap_or(0) }
            }
            Rule::percent => LiteralValue::Percent(self.decimal(only(chosen))),
            Rule::money => LiteralValue::Money(self.decimal(only(chosen))),
            Rule::duration => {
                let mut parts = inner(chosen);
                let amount = self.decimal(parts.next().expect("amount"));
                let unit = match first_token(parts.next().expect("unit")) {
                    Rule::school_weeks => Unit::SchoolWeeks,
                    Rule::school_days => Unit::SchoolDays,
                    Rule::kw_minutes => Unit::Minutes,
                    Rule::kw_days => Unit::Days,
                    Rule::kw_weeks => Unit::Weeks,
                    Rule::kw_years => Unit::Years,
                    _ => Unit::Sessions,
                };
                LiteralValue::Duration { amount, unit }
            }
            Rule::number => LiteralValue::Number(self.decimal(chosen)),
            _ => LiteralValue::Text(text(chosen)),
        };
        Spanned::new(node, s)
    }

    fn decimal(&mut self, pair: Pair<Rule>) -> Decimal {
        let t = pair.as_str();
        let scale = t.split_once('.').map_or(0, |(_, frac)| frac.len() as u32);
        let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
        match digits.parse::<u64>() {
            Ok(digits) if scale <= 6 => Decimal { digits, scale },
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

/// A sweep of one rule's threshold: `rule "NAME" threshold FROM..TO step STEP`.
#[derive(Debug, Clone, PartialEq)]
pub struct VarySpec {
    pub rule: String,
    pub from: Literal,
    pub to: Literal,
    pub step: Literal,
}

pub fn parse_vary(file: FileId, spec: &str) -> Result<VarySpec, Box<Diagnostic>> {
    let mut pairs = AttendParser::parse(Rule::vary_spec, spec)
        .map_err(|e| Box::new(errors::translate(file, spec, &e)))?;
    let root = pairs.next().expect("the grammar yields vary_spec");
    let mut builder = Builder { file, diagnostics: Vec::new() };
    let mut parts = inner(root).filter(|p| p.as_rule() != Rule::EOI);
    let rule = text(parts.next().expect("rule name"));
    let from = builder.value(parts.next().expect("from"));
    let to = builder.value(parts.next().expect("to"));
    let step = builder.value(parts.next().expect("step"));
    match builder.diagnostics.pop() {
        Some(d) => Err(Box::new(d)),
        None => Ok(VarySpec { rule, from, to, step }),
    }
}
