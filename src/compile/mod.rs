//! Compiling a school's resolved policy, with the statutory duties of its
//! regulations, into a [`RuleSet`].

pub mod ir;
mod load;

pub use ir::RuleSet;
pub use load::{CompileError, RuleSetError, load, read_rule_set};

use crate::model::{self, CodeSet, School};
use crate::regulations::{CitedLimit, Regime, Regimes};
use crate::source::{SourceMap, Span};
use crate::syntax;
use crate::vocabulary::{
    Action, CodeRef, Comparator, Comparison, Condition, Firing, Limit, Lookback, Measure, Stage, Threshold,
    Validity, Window,
};
use ir::{ArrivalRule, CodeCategory, FORMAT_NAME, FORMAT_VERSION, Origin, RegisterTimes, Rule};

/// Compiles `school` read under `regime`. The rule set carries the statutory
/// duties of every regime in `regimes`, each applying on the days its
/// regulations are in force, and every regime's codes, each valid on the days
/// a regime in force has it.
pub fn compile(
    school: &School,
    regime: &Regime,
    regimes: &Regimes,
    sources: &SourceMap,
) -> Result<RuleSet, CompileError> {
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
            when: expand(&rule.when.node, regime)?,
            actions: rule.actions.iter().map(|a| a.node.clone()).collect(),
            firing: rule.firing,
            minimum_possible_sessions: rule.minimum_possible_sessions.unwrap_or(0),
            in_force: Validity::default(),
            after: Vec::new(),
            review: rule.review.as_ref().map(|r| r.node),
            limit: rule.limit.as_ref().map(|l| l.node),
            groups: rule.groups.iter().map(|g| g.node.clone()).collect(),
        });
    }
    let mut duties = Vec::new();
    for each in regimes.all() {
        duties.extend(statutory_duties(each)?);
    }
    // A threshold the policy states is a rule of its own, unless a duty of its
    // own regulations already considers a notice at exactly that threshold or
    // the policy leaves its number unstated.
    let threshold = school.sections.penalty_notices.as_ref().and_then(|p| p.threshold.as_ref());
    if let Some(threshold) = threshold.filter(|t| t.node.can_hold()) {
        let when = expand(&threshold.node, regime)?;
        let national = |d: &&Rule| matches!(&d.origin, Origin::Statutory { regulations, .. } if *regulations == regime.name);
        if !duties.iter().filter(national).any(|d| d.when == when) {
            rules.push(Rule {
                name: "penalty-notice threshold".to_string(),
                origin: origin(threshold.span),
                when,
                actions: vec![Action::ConsiderPenaltyNotice],
                firing: Firing::OnEachRise,
                minimum_possible_sessions: 0,
                in_force: Validity::default(),
                after: Vec::new(),
                review: None,
                // The policy's own limit on notices, counted per pupil as the law's is.
                limit: school
                    .sections
                    .penalty_notices
                    .as_ref()
                    .and_then(|p| p.per_child.as_ref())
                    .map(|l| Limit { times: l.node.notices, within: Lookback::Years(l.node.within_years) }),
                groups: Vec::new(),
            });
        }
    }
    rules.extend(duties);
    // A stage is the index of the first rule of its name: a policy rule, or a
    // statutory duty (a duty of two regimes has one name).
    for (k, rule) in school.sections.rules.iter().enumerate() {
        let after = rule
            .after
            .iter()
            .map(|s| match rules.iter().position(|r| r.name == s.rule.node) {
                Some(index) => Ok(Stage { rule: index, times: s.times, within: s.within, wait: s.wait }),
                None => {
                    Err(CompileError::Stage { rule: rule.name.node.clone(), follows: s.rule.node.clone() })
                }
            })
            .collect::<Result<_, _>>()?;
        if let Some(compiled) = rules.get_mut(k) {
            compiled.after = after;
        }
    }
    let lateness = school
        .sections
        .lateness
        .iter()
        .flat_map(|l| l.node.iter())
        // A mark is what the register records, checked against the register
        // times; it is not run.
        .filter(|a| !matches!(a.action.node, Action::Mark(_)))
        .map(|a| ArrivalRule { after: a.after.node, action: a.action.node.clone(), origin: origin(a.span) })
        .collect();
    let registers = school
        .sections
        .registers
        .values()
        .map(|r| RegisterTimes { session: r.session, opens: r.opens.node, closes: r.closes.node })
        .collect();
    let persistent_absence = match &school.sections.persistent_absence {
        Some(c) => expand(&c.node, regime)?,
        None => national(regime.limits.persistent_absence_percent.as_ref(), 10),
    };
    let severe_absence = match &school.sections.severe_absence {
        Some(c) => expand(&c.node, regime)?,
        None => national(regime.limits.severe_absence_percent.as_ref(), 50),
    };
    Ok(RuleSet {
        format: FORMAT_NAME.to_string(),
        version: FORMAT_VERSION,
        school: school.name.node.clone(),
        regulations: regime.name.clone(),
        regulations_in_force: regime.validity(),
        effective: school.effective.node,
        calendar: school.sections.calendar.as_ref().map(|c| c.node.map(|d| d.node)),
        codes: code_table(regime, regimes)?,
        registers,
        rules,
        lateness,
        persistent_absence,
        severe_absence,
        unresolved_n_max_school_days: regime.limits.unresolved_n_max_school_days.as_ref().map(|l| l.value),
        reports: school
            .sections
            .reports
            .iter()
            .map(|r| ir::SchoolReport {
                what: r.what.node.clone(),
                to: r.to.as_ref().map(|t| t.node.clone()),
                when: r.when.as_ref().map(|w| w.node),
                best: r.best.as_ref().map(|b| b.node.clone()),
            })
            .collect(),
        part_time: school.sections.part_time.as_ref().map(|p| ir::PartTimeLimits {
            longest_days: p.longest_days.as_ref().map(|d| d.node),
            review_every_days: p.review_every_days.as_ref().map(|d| d.node),
        }),
    })
}

/// The national definition of persistent or severe absence: absence at or
/// above the regime's percentage (or `fallback`) over the year to date.
fn national(percent: Option<&CitedLimit>, fallback: u32) -> Condition {
    Condition::Compare(Comparison {
        measure: Measure::Absence,
        comparator: Comparator::GreaterOrEqual,
        threshold: Threshold::PercentHundredths(percent.map_or(fallback, |l| l.value).saturating_mul(100)),
        window: Window::YearToDate,
        at: (),
    })
}

/// The regime's duties. Their conditions and actions are written in the
/// policy language in the regime's data and read with the policy grammar.
fn statutory_duties(regime: &Regime) -> Result<Vec<Rule>, CompileError> {
    let mut rules = Vec::new();
    for duty in &regime.duties {
        let unreadable = |problem: String| CompileError::Duty {
            duty: duty.name.clone(),
            regime: regime.name.clone(),
            problem,
        };
        let mut sources = SourceMap::new();
        let when_file = sources.add(format!("<regulations {}>", regime.name), duty.when.clone());
        let then_file = sources.add(format!("<regulations {}>", regime.name), duty.then.clone());
        let when = syntax::parse_condition(when_file, &duty.when).map_err(|d| unreadable(d.message))?;
        let when = model::type_condition(&when).map_err(|found| {
            unreadable(found.into_iter().map(|d| d.message).collect::<Vec<_>>().join("; "))
        })?;
        let action = syntax::parse_action(then_file, &duty.then).map_err(|d| unreadable(d.message))?;
        let citation = regime.citation(&duty.cite).ok_or_else(|| {
            unreadable(format!("it cites \"{}\", which the regime does not define", duty.cite))
        })?;
        rules.push(Rule {
            name: duty.name.clone(),
            origin: Origin::Statutory { regulations: regime.name.clone(), citation },
            when: expand(&when.node, regime)?,
            actions: vec![action.node],
            firing: Firing::OnEachRise,
            minimum_possible_sessions: 0,
            in_force: regime.validity(),
            after: Vec::new(),
            review: None,
            limit: duty.at_most,
            groups: Vec::new(),
        });
    }
    Ok(rules)
}

/// The codes of every regime, the policy's regime's first, each valid on the
/// days some regime in force has it. A code in two regimes must keep its
/// category: a run cannot count one mark two ways.
fn code_table(regime: &Regime, regimes: &Regimes) -> Result<Vec<CodeCategory>, CompileError> {
    let mut table: Vec<CodeCategory> = Vec::new();
    let others = regimes.all().iter().filter(|r| r.name != regime.name);
    for each in std::iter::once(regime).chain(others) {
        for code in &each.codes {
            let valid = each.validity().within(Validity { from: code.valid_from, until: code.valid_until });
            match table.iter_mut().find(|c| c.code == code.code) {
                Some(known) if known.category != code.category => {
                    return Err(CompileError::CodeCategories {
                        code: code.code.clone(),
                        regimes: format!("{} and {}", regime.name, each.name),
                    });
                }
                Some(known) => known.valid = known.valid.join(valid),
                None => table.push(CodeCategory { code: code.code.clone(), category: code.category, valid }),
            }
        }
    }
    Ok(table)
}

/// A model condition for the rule set: groups become their codes; each list
/// is sorted and without repeats.
fn expand(condition: &model::Condition, regime: &Regime) -> Result<Condition, CompileError> {
    condition.map(&mut |set: &CodeSet| {
        let mut codes = Vec::new();
        for item in &set.items {
            match &item.node {
                CodeRef::Code(code) => {
                    if regime.code(code).is_none() {
                        return Err(CompileError::UnknownCode {
                            code: code.clone(),
                            regime: regime.name.clone(),
                        });
                    }
                    codes.push(code.clone());
                }
                CodeRef::Group(name) => {
                    let group = regime.group(name).ok_or_else(|| CompileError::UnknownGroup(name.clone()))?;
                    codes.extend(group.into_iter().map(|c| c.code.clone()));
                }
            }
        }
        codes.sort();
        codes.dedup();
        Ok(codes)
    })
}
