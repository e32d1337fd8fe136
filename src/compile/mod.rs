//! Compiling a school's resolved policy, with the statutory duties of its
//! regulations, into a [`RuleSet`].

pub mod ir;

pub use ir::RuleSet;

use crate::model::{self, School};
use crate::regulations::Regime;
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{self, CodeRef};
use crate::syntax::format;
use ir::*;

pub fn compile(school: &School, regime: &Regime, sources: &SourceMap) -> Result<RuleSet, String> {
    let origin = |span: Span| {
        let at = sources.line_col(span.file, span.start);
        Origin::Policy {
            file: sources.file(span.file).path.display().to_string(),
            line: at.line,
            column: at.column,
        }
    };
    let mut rules = Vec::new();
    for rule in &school.sections.rules {
        rules.push(Rule {
            name: rule.name.node.clone(),
            origin: origin(rule.name.span),
            when: condition(&rule.when.node, regime)?,
            actions: rule.actions.iter().map(|a| format::action(&a.node)).collect(),
            firing: firing(rule.firing),
            minimum_possible_sessions: rule.minimum_possible_sessions.unwrap_or(0),
        });
    }
    let duties = statutory_duties(regime)?;
    // A threshold the policy states is a rule of its own, unless a duty of the
    // regulations already considers a notice at exactly that threshold.
    if let Some(threshold) = school.sections.penalty_notices.as_ref().and_then(|p| p.threshold.as_ref()) {
        let when = condition(&threshold.node, regime)?;
        if !duties.iter().any(|d| d.when == when) {
            rules.push(Rule {
                name: "penalty-notice threshold".to_string(),
                origin: origin(threshold.span),
                when,
                actions: vec![format::action(&ast::Action::ConsiderPenaltyNotice)],
                firing: Firing::OnEachRise,
                minimum_possible_sessions: 0,
            });
        }
    }
    rules.extend(duties);
    let lateness = school
        .sections
        .lateness
        .iter()
        .flat_map(|l| l.node.iter())
        .map(|a| ArrivalRule {
            after: a.after.node,
            action: format::action(&a.action.node),
            origin: origin(a.span),
        })
        .collect();
    let registers = school
        .sections
        .registers
        .values()
        .map(|r| RegisterTimes {
            session: match r.session {
                ast::Session::Am => Session::Am,
                ast::Session::Pm => Session::Pm,
            },
            opens: r.opens.node,
            closes: r.closes.node,
        })
        .collect();
    let national = |percent: Option<&crate::regulations::CitedLimit>, fallback: u32| {
        Condition::Compare(Comparison {
            measure: Measure::Absence,
            comparator: Comparator::GreaterOrEqual,
            threshold: Threshold::PercentHundredths(percent.map_or(fallback, |l| l.value) * 100),
            window: Window::YearToDate,
        })
    };
    let persistent_absence = match &school.sections.persistent_absence {
        Some(c) => condition(&c.node, regime)?,
        None => national(regime.limits.persistent_absence_percent.as_ref(), 10),
    };
    let severe_absence = match &school.sections.severe_absence {
        Some(c) => condition(&c.node, regime)?,
        None => national(regime.limits.severe_absence_percent.as_ref(), 50),
    };
    Ok(RuleSet {
        format: FORMAT_NAME.to_string(),
        version: FORMAT_VERSION,
        school: school.name.node.clone(),
        regulations: regime.name.clone(),
        effective: school.effective.node,
        calendar: school.sections.calendar.as_ref().map(|c| DeclaredCalendar {
            terms: c
                .node
                .terms
                .iter()
                .map(|t| Term {
                    start: t.node.start.node,
                    end: t.node.end.node,
                    half_term: t.node.half_term.map(|(a, b)| (a.node, b.node)),
                })
                .collect(),
            closed: c.node.closed.iter().map(|d| d.node).collect(),
        }),
        codes: regime
            .codes
            .iter()
            .map(|c| CodeCategory { code: c.code.clone(), category: c.category })
            .collect(),
        registers,
        rules,
        lateness,
        persistent_absence,
        severe_absence,
        unresolved_n_max_school_days: regime.limits.unresolved_n_max_school_days.as_ref().map(|l| l.value),
    })
}

/// The regime's duties, written in the policy language in its data file, read
/// with the same grammar as a policy.
fn statutory_duties(regime: &Regime) -> Result<Vec<Rule>, String> {
    let mut rules = Vec::new();
    for duty in &regime.duties {
        let text = format!(
            "school \"duties\" {{ effective {} }}\nrule \"{}\" {{\n    when {}\n    then {}\n}}\n",
            regime.in_force_from, duty.name, duty.when, duty.then
        );
        let mut sources = SourceMap::new();
        let file = sources.add(format!("<regulations {}>", regime.name), text);
        let resolved = model::resolve_file(&mut sources, file);
        let rule = resolved
            .policy
            .and_then(|p| p.schools.into_iter().next())
            .and_then(|s| s.sections.rules.into_iter().next())
            .filter(|_| resolved.diagnostics.is_empty())
            .ok_or_else(|| {
                let problems: Vec<String> = resolved.diagnostics.iter().map(|d| d.message.clone()).collect();
                format!(
                    "the duty \"{}\" of {} cannot be read: {}",
                    duty.name,
                    regime.name,
                    problems.join("; ")
                )
            })?;
        rules.push(Rule {
            name: duty.name.clone(),
            origin: Origin::Statutory {
                regulations: regime.name.clone(),
                citation: regime.citation(&duty.cite).ok_or_else(|| {
                    format!(
                        "the duty \"{}\" of {} cites \"{}\", which it does not define",
                        duty.name, regime.name, duty.cite
                    )
                })?,
            },
            when: condition(&rule.when.node, regime)?,
            actions: rule.actions.iter().map(|a| format::action(&a.node)).collect(),
            firing: Firing::OnEachRise,
            minimum_possible_sessions: 0,
        });
    }
    Ok(rules)
}

fn firing(f: model::Firing) -> Firing {
    match f {
        model::Firing::OnEachRise => Firing::OnEachRise,
        model::Firing::Once => Firing::Once,
        model::Firing::OncePer(ast::Period::HalfTerm) => Firing::OncePerHalfTerm,
        model::Firing::OncePer(ast::Period::Term) => Firing::OncePerTerm,
        model::Firing::OncePer(ast::Period::Year) => Firing::OncePerYear,
        model::Firing::RepeatEverySchoolDays(n) => Firing::RepeatEverySchoolDays(n),
    }
}

fn condition(c: &model::Condition, regime: &Regime) -> Result<Condition, String> {
    Ok(match c {
        model::Condition::Any(parts) => {
            Condition::Any(parts.iter().map(|p| condition(&p.node, regime)).collect::<Result<_, _>>()?)
        }
        model::Condition::All(parts) => {
            Condition::All(parts.iter().map(|p| condition(&p.node, regime)).collect::<Result<_, _>>()?)
        }
        model::Condition::Compare(cmp) => Condition::Compare(Comparison {
            measure: measure(&cmp.measure.node, regime)?,
            comparator: match cmp.comparator {
                ast::Comparator::Less => Comparator::Less,
                ast::Comparator::LessOrEqual => Comparator::LessOrEqual,
                ast::Comparator::Greater => Comparator::Greater,
                ast::Comparator::GreaterOrEqual => Comparator::GreaterOrEqual,
                ast::Comparator::Equal => Comparator::Equal,
            },
            threshold: match cmp.threshold.node {
                model::Threshold::PercentHundredths(p) => Threshold::PercentHundredths(p),
                model::Threshold::Count(n) => Threshold::Count(n),
            },
            window: match cmp.window.node {
                model::Window::CurrentRun => Window::CurrentRun,
                model::Window::YearToDate => Window::YearToDate,
                model::Window::Term => Window::Term,
                model::Window::HalfTerm => Window::HalfTerm,
                model::Window::RollingSchoolWeeks(n) => Window::RollingSchoolWeeks(n),
                model::Window::RollingWeeks(n) => Window::RollingWeeks(n),
                model::Window::LastSchoolDays(n) => Window::LastSchoolDays(n),
            },
        }),
    })
}

fn measure(m: &model::Measure, regime: &Regime) -> Result<Measure, String> {
    let codes = |set: &model::CodeSet| expand(set, regime);
    Ok(match m {
        model::Measure::Attendance => Measure::Attendance,
        model::Measure::Absence => Measure::Absence,
        model::Measure::AuthorisedAbsence => Measure::AuthorisedAbsence,
        model::Measure::UnauthorisedAbsence => Measure::UnauthorisedAbsence,
        model::Measure::Sessions(c) => Measure::Sessions(codes(c)?),
        model::Measure::SchoolDays(c) => Measure::SchoolDays(codes(c)?),
        model::Measure::Consecutive { unit: ast::RunUnit::SchoolDays, codes: c } => {
            Measure::ConsecutiveSchoolDays(codes(c)?)
        }
        model::Measure::Consecutive { unit: ast::RunUnit::Weekdays, codes: c } => {
            Measure::ConsecutiveWeekdays(codes(c)?)
        }
        model::Measure::Spells(c) => Measure::Spells(codes(c)?),
        model::Measure::MinutesLate => Measure::MinutesLate,
    })
}

/// Groups become their codes; the list is sorted and without repeats.
fn expand(set: &model::CodeSet, regime: &Regime) -> Result<Vec<String>, String> {
    let mut codes = Vec::new();
    for item in &set.items {
        match &item.node {
            CodeRef::Code(code) => {
                if regime.code(code).is_none() {
                    return Err(format!("`{code}` is not a code of {}", regime.name));
                }
                codes.push(code.clone());
            }
            CodeRef::Group(name) => {
                let group = regime
                    .group(name)
                    .ok_or_else(|| format!("there is no group of codes called `{name}`"))?;
                codes.extend(group.into_iter().map(|c| c.code.clone()));
            }
        }
    }
    codes.sort();
    codes.dedup();
    Ok(codes)
}

/// Why a policy file could not become a rule set.
pub enum CompileError {
    /// The policy has errors: the diagnostics say what and where.
    Policy(crate::source::SourceMap, Vec<crate::diagnostics::Diagnostic>),
    Other(String),
}

impl From<String> for CompileError {
    fn from(message: String) -> Self {
        CompileError::Other(message)
    }
}

/// Reads a policy (or a compiled rule set) from `path` and returns the rule
/// set of one of its schools: the one named, or the only one. A policy with
/// language errors is refused; compliance findings do not stop compilation, so
/// a school can see what its current rules would do.
pub fn load(
    path: &std::path::Path,
    regimes: &crate::regulations::Regimes,
    school: Option<&str>,
) -> Result<RuleSet, CompileError> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if bytes.trim_ascii_start().starts_with(b"{") {
        return read_rule_set(&bytes).map_err(|e| CompileError::Other(format!("{}: {e}", path.display())));
    }
    let mut sources = SourceMap::new();
    let (policy, diagnostics) = crate::check::read_policy(&mut sources, path, regimes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let errors: Vec<_> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
    let policy = match policy {
        Some(policy) if errors.is_empty() => policy,
        _ => return Err(CompileError::Policy(sources, errors)),
    };
    let names: Vec<&str> = policy.schools.iter().map(|s| s.name.node.as_str()).collect();
    let chosen = match school {
        Some(name) => policy.schools.iter().find(|s| s.name.node == name).ok_or_else(|| {
            format!("{} has no school \"{name}\"; it has: {}", path.display(), names.join(", "))
        })?,
        None => match policy.schools.as_slice() {
            [one] => one,
            [] => {
                return Err(format!(
                    "{} is a base policy with no school: run a school's file that extends it",
                    path.display()
                )
                .into());
            }
            _ => {
                return Err(format!(
                    "{} holds several schools ({}): choose one with --school",
                    path.display(),
                    names.join(", ")
                )
                .into());
            }
        },
    };
    let regime = model::regime_for(chosen, regimes).map_err(|d| d.message.clone())?;
    Ok(compile(chosen, regime, &sources)?)
}

/// Reads a rule set written by `attend compile`, refusing other formats and versions.
pub fn read_rule_set(bytes: &[u8]) -> Result<RuleSet, String> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("not a rule set: {e}"))?;
    let format = value.get("format").and_then(|f| f.as_str()).unwrap_or_default();
    let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or_default();
    if format != FORMAT_NAME {
        return Err(format!("not a rule set (its format is \"{format}\", expected \"{FORMAT_NAME}\")"));
    }
    if version != u64::from(FORMAT_VERSION) {
        return Err(format!(
            "rule set version {version} cannot be read by this attend (it reads version {FORMAT_VERSION}); compile the policy again"
        ));
    }
    let rules: RuleSet =
        serde_json::from_value(value).map_err(|e| format!("the rule set is damaged: {e}"))?;
    rules.check().map_err(|e| format!("the rule set is damaged: {e}"))?;
    Ok(rules)
}
