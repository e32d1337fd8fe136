//! From syntax trees to the policy model: statements typed, `extends` followed,
//! and the layers (trust base, file, school block) laid over each other.
//!
//! Layering is by whole statement: a school's `day` block replaces the base's
//! `day` block, its `register am` replaces the base's `register am`, and a rule
//! replaces the base rule of the same name. Everything else is inherited.

use super::typing::Typer;
use super::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{self, ast};
use ast::{Item, Literal, SchoolItem, Statement, Unit};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The model of one policy file, with everything found on the way. The policy
/// is present when the file could be read; it holds only the schools that
/// resolved completely.
pub struct Resolved {
    pub policy: Option<Policy>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn resolve_file(sources: &mut SourceMap, root: FileId) -> Resolved {
    let mut resolver = Resolver {
        sources,
        typer: Typer::default(),
        diagnostics: Vec::new(),
        stack: Vec::new(),
        shown: Vec::new(),
    };
    let path = resolver.sources.file(root).path.clone();
    resolver.stack.push(canonical(&path));
    resolver.shown.push(path);
    let policy = resolver.root(root);
    let mut diagnostics = resolver.diagnostics;
    diagnostics.extend(resolver.typer.diagnostics);
    crate::diagnostics::sort(&mut diagnostics);
    Resolved { policy, diagnostics }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

#[derive(Default, Clone)]
struct Identity {
    regulations: Option<Spanned<String>>,
    effective: Option<Spanned<NaiveDate>>,
    review: Option<Spanned<NaiveDate>>,
}

impl Identity {
    fn over(self, base: &Identity) -> Identity {
        Identity {
            regulations: self.regulations.or_else(|| base.regulations.clone()),
            effective: self.effective.or(base.effective),
            review: self.review.or(base.review),
        }
    }
}

/// What one file contributes when another file extends it.
#[derive(Default, Clone)]
struct Layer {
    organisation: Option<Spanned<String>>,
    identity: Identity,
    sections: Sections,
}

struct Resolver<'a> {
    sources: &'a mut SourceMap,
    typer: Typer,
    diagnostics: Vec<Diagnostic>,
    /// Files being read, outermost first: canonical paths to compare, and
    /// the paths as written to show.
    stack: Vec<PathBuf>,
    shown: Vec<PathBuf>,
}

impl Resolver<'_> {
    fn parse(&mut self, file: FileId) -> Option<ast::PolicyFile> {
        match syntax::parse(file, &self.sources.file(file).text) {
            Ok(tree) => Some(tree),
            Err(diagnostics) => {
                self.diagnostics.extend(diagnostics);
                None
            }
        }
    }

    fn root(&mut self, file: FileId) -> Option<Policy> {
        let tree = self.parse(file)?;
        let layer = self.file_layer(&tree);
        let mut schools = Vec::new();
        let mut names: HashMap<String, Span> = HashMap::new();
        for item in &tree.items {
            let Item::School(block) = &item.node else { continue };
            if let Some(first) = names.insert(block.name.node.clone(), block.name.span) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::DUPLICATE_SCHOOL,
                        format!("the school \"{}\" has two blocks", block.name.node),
                        block.name.span,
                        "second block",
                    )
                    .related(first, "first block")
                    .help("merge the two blocks into one"),
                );
                continue;
            }
            if let Some(school) = self.school(block, &layer) {
                schools.push(school);
            }
        }
        let has_school_blocks = tree.items.iter().any(|i| matches!(i.node, Item::School(_)));
        if !has_school_blocks
            && layer.organisation.is_none()
            && let Some(first) = tree.items.iter().find(|i| matches!(i.node, Item::Statement(_)))
        {
            self.diagnostics.push(
                    Diagnostic::new(Code::NO_SCHOOL, "this policy does not say which school it is for", first.span, "this statement belongs to no school")
                        .help("add a block naming the school, like `school \"Stanborough School\" { effective 2025-11-01 }`, or `trust \"Name\" { ... }` for a trust's base policy"),
                );
        }
        Some(Policy { organisation: layer.organisation, schools })
    }

    /// The file's shared part: its base (if it extends one), its organisation
    /// block and its top-level statements.
    fn file_layer(&mut self, tree: &ast::PolicyFile) -> Layer {
        let mut base = Layer::default();
        let mut extends_seen: Option<Span> = None;
        let mut organisation_seen: Option<Span> = None;
        let mut layer = Layer::default();
        let mut top: Vec<(&Statement, Span)> = Vec::new();
        for item in &tree.items {
            match &item.node {
                Item::Extends(path) => {
                    if let Some(first) = extends_seen {
                        self.repeated(item.span, first, "extends");
                        continue;
                    }
                    extends_seen = Some(item.span);
                    if let Some(b) = self.base(path) {
                        base = b;
                    }
                }
                Item::Organisation(block) => {
                    if let Some(first) = organisation_seen {
                        self.repeated(item.span, first, "trust or federation block");
                        continue;
                    }
                    organisation_seen = Some(item.span);
                    layer.organisation = Some(block.name.clone());
                    layer.identity = self.identity(block.identity.iter().map(|i| (&i.node, i.span)));
                }
                Item::Statement(statement) => top.push((statement, item.span)),
                Item::School(_) => {}
            }
        }
        layer.sections = overlay(base.sections, self.sections(top));
        layer.identity = layer.identity.over(&base.identity);
        layer.organisation = layer.organisation.or(base.organisation);
        layer
    }

    fn base(&mut self, path: &Spanned<String>) -> Option<Layer> {
        let from = self.sources.file(path.span.file).path.clone();
        let target = from.parent().unwrap_or(Path::new(".")).join(&path.node);
        let key = canonical(&target);
        if let Some(start) = self.stack.iter().position(|p| *p == key) {
            let chain: Vec<String> = self.shown[start..].iter().map(|p| p.display().to_string()).collect();
            self.diagnostics.push(
                Diagnostic::new(
                    Code::EXTENDS_CYCLE,
                    format!("\"{}\" extends itself through this chain", path.node),
                    path.span,
                    "this leads back to a file already being read",
                )
                .help(format!(
                    "the chain is {} -> {}; remove one `extends`",
                    chain.join(" -> "),
                    target.display()
                )),
            );
            return None;
        }
        let (file, decode_problem) = match self.sources.find(&target) {
            Some(id) => (id, None),
            None => match syntax::load(self.sources, &target) {
                Ok(loaded) => loaded,
                Err(e) => {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::EXTENDS_NOT_FOUND,
                            format!("cannot read \"{}\": {}", target.display(), io_reason(&e)),
                            path.span,
                            "this file",
                        )
                        .help("the path is relative to the folder of the file that says `extends`"),
                    );
                    return None;
                }
            },
        };
        if let Some(problem) = decode_problem {
            self.diagnostics.push(problem);
            return None;
        }
        let tree = self.parse(file)?;
        if let Some(school) = tree.items.iter().find(|i| matches!(i.node, Item::School(_))) {
            self.diagnostics.push(
                Diagnostic::new(Code::EXTENDS_SCHOOL_POLICY, format!("\"{}\" is a school's policy, not a base to extend", path.node), path.span, "extended here")
                    .related(school.span, "this school block")
                    .help("move the shared statements into a trust or federation file without `school` blocks, and extend that"),
            );
            return None;
        }
        self.stack.push(key);
        self.shown.push(target);
        let layer = self.file_layer(&tree);
        self.stack.pop();
        self.shown.pop();
        Some(layer)
    }

    fn school(&mut self, block: &ast::SchoolBlock, shared: &Layer) -> Option<School> {
        let identity_items = block.items.iter().filter_map(|i| match &i.node {
            SchoolItem::Identity(id) => Some((id, i.span)),
            SchoolItem::Statement(_) => None,
        });
        let identity = self.identity(identity_items).over(&shared.identity);
        let statements = block
            .items
            .iter()
            .filter_map(|i| match &i.node {
                SchoolItem::Statement(s) => Some((s, i.span)),
                SchoolItem::Identity(_) => None,
            })
            .collect();
        let own = self.sections(statements);
        let sections = overlay(shared.sections.clone(), own);
        let Some(effective) = identity.effective else {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::MISSING_EFFECTIVE_DATE,
                    format!("\"{}\" has no effective date", block.name.node),
                    block.name.span,
                    "this school",
                )
                .help("add `effective 2025-09-01` (the date the policy takes effect) to the school's block"),
            );
            return None;
        };
        Some(School {
            name: block.name.clone(),
            regulations: identity.regulations,
            effective,
            review: identity.review,
            sections,
        })
    }

    fn identity<'t>(&mut self, items: impl Iterator<Item = (&'t ast::Identity, Span)>) -> Identity {
        let mut identity = Identity::default();
        let mut seen: HashMap<&'static str, Span> = HashMap::new();
        for (item, span) in items {
            let key = match item {
                ast::Identity::Regulations(_) => "regulations",
                ast::Identity::Effective(_) => "effective",
                ast::Identity::Review(_) => "review",
            };
            if let Some(first) = seen.insert(key, span) {
                self.repeated(span, first, key);
                continue;
            }
            match item {
                ast::Identity::Regulations(name) => identity.regulations = Some(name.clone()),
                ast::Identity::Effective(lit) => identity.effective = self.typer.date(lit),
                ast::Identity::Review(lit) => identity.review = self.typer.date(lit),
            }
        }
        identity
    }

    fn repeated(&mut self, span: Span, first: Span, what: &str) {
        self.diagnostics.push(
            Diagnostic::new(
                Code::REPEATED_STATEMENT,
                format!("`{what}` is given twice"),
                span,
                "given again here",
            )
            .related(first, "first given here")
            .help("keep one of the two"),
        );
    }

    fn sections(&mut self, statements: Vec<(&Statement, Span)>) -> Sections {
        let mut sections = Sections::default();
        let mut seen: HashMap<String, Span> = HashMap::new();
        let mut rule_names: HashMap<String, Span> = HashMap::new();
        for (statement, span) in statements {
            let key = match statement {
                Statement::Register { session, .. } => {
                    format!("register {}", if session.node == ast::Session::Am { "am" } else { "pm" })
                }
                Statement::Rule { .. } => String::new(),
                other => statement_name(other).to_string(),
            };
            if !key.is_empty()
                && let Some(first) = seen.insert(key.clone(), span)
            {
                self.repeated(span, first, &key);
                continue;
            }
            match statement {
                Statement::Calendar(items) => {
                    sections.calendar = Some(Spanned::new(self.calendar(items), span))
                }
                Statement::Day(items) => sections.day = Some(self.day(items, span)),
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
                    if let Some(by) = self.typer.time(by) {
                        sections.absence_reporting = Some(AbsenceReporting { by, days: *days, span });
                    }
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
                                ast::MedicalItem::When(c) => MedicalTrigger::When(self.condition(c)?.node),
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
                    if let Some(first) = rule_names.insert(name.node.clone(), name.span) {
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
                Statement::PersistentAbsence(c) => sections.persistent_absence = self.condition(c),
                Statement::SevereAbsence(c) => sections.severe_absence = self.condition(c),
            }
        }
        sections
    }

    fn calendar(&mut self, items: &[Spanned<ast::CalendarItem>]) -> DeclaredCalendar {
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
                        calendar.terms.push(Spanned::new(Term { start, end, half_term }, item.span));
                    }
                }
                ast::CalendarItem::Closed(days) => {
                    calendar.closed.extend(days.iter().filter_map(|d| self.typer.date(d)));
                }
            }
        }
        calendar
    }

    fn day(&mut self, items: &[Spanned<ast::DayItem>], span: Span) -> Day {
        let mut day = Day { gates_open: None, starts: None, ends: None, span };
        let mut seen: HashMap<&'static str, Span> = HashMap::new();
        for item in items {
            let (key, lit, slot) = match &item.node {
                ast::DayItem::GatesOpen(l) => ("gates open", l, &mut day.gates_open),
                ast::DayItem::Starts(l) => ("starts", l, &mut day.starts),
                ast::DayItem::Ends(l) => ("ends", l, &mut day.ends),
            };
            if let Some(first) = seen.insert(key, item.span) {
                self.repeated(item.span, first, key);
                continue;
            }
            *slot = self.typer.time(lit);
        }
        day
    }

    fn register(
        &mut self,
        session: ast::Session,
        items: &[Spanned<ast::RegisterItem>],
        span: Span,
    ) -> Option<Register> {
        let mut opens: Option<&Literal> = None;
        let mut closes: Option<&Spanned<ast::RegisterItem>> = None;
        let mut seen: HashMap<&'static str, Span> = HashMap::new();
        for item in items {
            let key = match &item.node {
                ast::RegisterItem::Opens(l) => {
                    if !seen.contains_key("opens") {
                        opens = Some(l);
                    }
                    "opens"
                }
                _ => {
                    if !seen.contains_key("closes") {
                        closes = Some(item);
                    }
                    "closes"
                }
            };
            if let Some(first) = seen.insert(key, item.span) {
                self.repeated(item.span, first, key);
            }
        }
        let (Some(opens_lit), Some(closes_item)) = (opens, closes) else {
            let missing = if opens.is_none() { "`opens`" } else { "`closes`" };
            self.diagnostics.push(
                Diagnostic::new(Code::INCOMPLETE_BLOCK, format!("this register has no {missing} time"), span, format!("{missing} is missing"))
                    .help("a register says when it opens and when it closes, like `register am { opens 08:35 closes 09:00 }` or `closes after 15 minutes`"),
            );
            return None;
        };
        let opens = self.typer.time(opens_lit)?;
        let closes = match &closes_item.node {
            ast::RegisterItem::ClosesAfter(lit) => {
                let minutes = self.typer.duration(lit, &[Unit::Minutes])?.node.amount;
                let (time, wrapped) =
                    opens.node.overflowing_add_signed(chrono::TimeDelta::minutes(minutes.into()));
                if wrapped != 0 {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::VALUE_OUT_OF_RANGE,
                            "the register would close after midnight",
                            lit.span,
                            "too long",
                        )
                        .help("a register opens and closes on the same day"),
                    );
                    return None;
                }
                Spanned::new(time, closes_item.span)
            }
            ast::RegisterItem::Closes(lit) => self.typer.time(lit)?,
            ast::RegisterItem::Opens(_) => unreachable!("closes_item is a closes statement"),
        };
        Some(Register { session, opens, closes, span })
    }

    fn leave(&mut self, items: &[Spanned<ast::LeaveItem>], span: Span) -> LeaveOfAbsence {
        let mut leave = LeaveOfAbsence { granted_for: Vec::new(), requested: None, span };
        let mut seen: HashMap<&'static str, Span> = HashMap::new();
        for item in items {
            let key = match &item.node {
                ast::LeaveItem::GrantedFor(_) => "granted for",
                ast::LeaveItem::Requested { .. } => "requested",
            };
            if let Some(first) = seen.insert(key, item.span) {
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

    fn rule(&mut self, name: &Spanned<String>, items: &[Spanned<ast::RuleItem>], span: Span) -> Option<Rule> {
        let mut when: Option<Spanned<Condition>> = None;
        let mut actions = Vec::new();
        let mut firing = Firing::OnEachRise;
        let mut minimum = None;
        let mut seen: HashMap<&'static str, Span> = HashMap::new();
        let mut complete = true;
        for item in items {
            let key = match &item.node {
                ast::RuleItem::When(_) => "when",
                ast::RuleItem::Then(_) => "",
                ast::RuleItem::Once(_) | ast::RuleItem::RepeatEvery(_) => "once or repeat every",
                ast::RuleItem::Minimum(_) => "minimum",
            };
            if !key.is_empty()
                && let Some(first) = seen.insert(key, item.span)
            {
                self.repeated(item.span, first, key);
                continue;
            }
            match &item.node {
                ast::RuleItem::When(c) => {
                    when = self.condition(c);
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
            }
        }
        let has_when = seen.contains_key("when");
        if !has_when || actions.is_empty() {
            let missing = match (has_when, actions.is_empty()) {
                (false, true) => "no `when` and no `then`",
                (false, false) => "no `when`",
                _ => "no `then`",
            };
            self.diagnostics.push(
                Diagnostic::new(Code::EMPTY_RULE, format!("the rule \"{}\" has {missing}", name.node), name.span, "this rule can never do anything")
                    .help("a rule needs a condition and at least one action:\n\n    when attendance < 96% over year to date\n    then letter \"attendance-concern\""),
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
            span,
        })
    }

    fn penalty(&mut self, items: &[Spanned<ast::PenaltyItem>], span: Span) -> PenaltyNotices {
        let mut notices = PenaltyNotices {
            threshold: None,
            amounts: Default::default(),
            per_child: None,
            notice_to_improve_weeks: None,
            span,
        };
        let mut seen: HashMap<String, Span> = HashMap::new();
        for item in items {
            let key = match &item.node {
                ast::PenaltyItem::Threshold(_) => "threshold".to_string(),
                ast::PenaltyItem::Amounts { kind, .. } => format!("{kind:?}").to_lowercase(),
                ast::PenaltyItem::PerChild { .. } => "at most".to_string(),
                ast::PenaltyItem::NoticeToImprove { .. } => "notice to improve".to_string(),
            };
            if let Some(first) = seen.insert(key.clone(), item.span) {
                self.repeated(item.span, first, &key);
                continue;
            }
            match &item.node {
                ast::PenaltyItem::Threshold(c) => notices.threshold = self.condition(c),
                ast::PenaltyItem::Amounts { kind, payments } => {
                    let terms: Option<Vec<PaymentTerm>> = payments
                        .iter()
                        .map(|p| {
                            let pence = self.typer.pence(&p.node.amount);
                            let days = self.typer.duration(&p.node.within, &[Unit::Days]);
                            Some(PaymentTerm { pence: pence?, within_days: days?.node.amount })
                        })
                        .collect();
                    if let Some(terms) = terms {
                        notices.amounts.insert((*kind).into(), Spanned::new(terms, item.span));
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

    fn condition(&mut self, condition: &Spanned<ast::Condition>) -> Option<Spanned<Condition>> {
        let node = match &condition.node {
            ast::Condition::Any(parts) | ast::Condition::All(parts) => {
                let typed: Vec<_> = parts.iter().map(|p| self.condition(p)).collect();
                let typed: Option<Vec<_>> = typed.into_iter().collect();
                if matches!(condition.node, ast::Condition::Any(_)) {
                    Condition::Any(typed?)
                } else {
                    Condition::All(typed?)
                }
            }
            ast::Condition::Compare(c) => Condition::Compare(self.comparison(c)?),
        };
        Some(Spanned::new(node, condition.span))
    }

    fn comparison(&mut self, c: &ast::Comparison) -> Option<Comparison> {
        let codes = |set: &Vec<Spanned<ast::CodeRef>>| CodeSet { items: set.clone() };
        let measure = match &c.measure.node {
            ast::Measure::Attendance => Measure::Attendance,
            ast::Measure::Absence => Measure::Absence,
            ast::Measure::AuthorisedAbsence => Measure::AuthorisedAbsence,
            ast::Measure::UnauthorisedAbsence => Measure::UnauthorisedAbsence,
            ast::Measure::Sessions(s) => Measure::Sessions(codes(s)),
            ast::Measure::SchoolDays(s) => Measure::SchoolDays(codes(s)),
            ast::Measure::Consecutive { unit, codes: s } => {
                Measure::Consecutive { unit: *unit, codes: codes(s) }
            }
            ast::Measure::Spells(s) => Measure::Spells(codes(s)),
            ast::Measure::MinutesLate => Measure::MinutesLate,
        };
        let threshold = self.typer.threshold(&c.value, measure.is_percentage());
        let window = self.window(&measure, c);
        Some(Comparison {
            measure: Spanned::new(measure, c.measure.span),
            comparator: c.comparator,
            threshold: threshold?,
            window: window?,
        })
    }

    fn window(&mut self, measure: &Measure, c: &ast::Comparison) -> Option<Spanned<Window>> {
        let is_run = matches!(measure, Measure::Consecutive { .. });
        let Some(window) = &c.window else {
            let w = if is_run { Window::CurrentRun } else { Window::YearToDate };
            return Some(Spanned::new(w, c.measure.span));
        };
        if is_run {
            self.diagnostics.push(
                Diagnostic::new(Code::WINDOW_DOES_NOT_FIT, "a run of consecutive days takes no `over` window", window.span, "remove this window")
                    .related(c.measure.span, "a run is counted back from each day")
                    .help("a consecutive run always ends on the day the rule is evaluated; to count days in a period, use `school days(...)`"),
            );
            return None;
        }
        let w = match &window.node {
            ast::Window::YearToDate => Window::YearToDate,
            ast::Window::Term => Window::Term,
            ast::Window::HalfTerm => Window::HalfTerm,
            ast::Window::Rolling(lit) => {
                let d = self.typer.duration(lit, &[Unit::SchoolWeeks, Unit::Weeks])?;
                if d.node.unit == DurationUnit::SchoolWeeks {
                    Window::RollingSchoolWeeks(d.node.amount)
                } else {
                    Window::RollingWeeks(d.node.amount)
                }
            }
            ast::Window::Last(lit) => {
                Window::LastSchoolDays(self.typer.duration(lit, &[Unit::SchoolDays])?.node.amount)
            }
        };
        Some(Spanned::new(w, window.span))
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
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// `top` laid over `base`: each statement in `top` replaces the same statement
/// in `base`; rules replace the base rule of the same name, in its place.
fn overlay(base: Sections, top: Sections) -> Sections {
    let mut registers = base.registers;
    registers.extend(top.registers);
    let mut top_rules = top.rules;
    let mut rules: Vec<Rule> = base
        .rules
        .into_iter()
        .map(|rule| match top_rules.iter().position(|r| r.name.node == rule.name.node) {
            Some(i) => top_rules.remove(i),
            None => rule,
        })
        .collect();
    rules.extend(top_rules);
    Sections {
        calendar: top.calendar.or(base.calendar),
        day: top.day.or(base.day),
        registers,
        records_retained_years: top.records_retained_years.or(base.records_retained_years),
        absence_reporting: top.absence_reporting.or(base.absence_reporting),
        absence_coded_within_school_days: top
            .absence_coded_within_school_days
            .or(base.absence_coded_within_school_days),
        medical_evidence: top.medical_evidence.or(base.medical_evidence),
        leave_of_absence: top.leave_of_absence.or(base.leave_of_absence),
        lateness: top.lateness.or(base.lateness),
        rules,
        penalty_notices: top.penalty_notices.or(base.penalty_notices),
        persistent_absence: top.persistent_absence.or(base.persistent_absence),
        severe_absence: top.severe_absence.or(base.severe_absence),
    }
}
