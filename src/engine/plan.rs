//! A rule set prepared for running: every code list becomes a bit mask over
//! the code table, shared by all comparisons that use the same list.

use crate::compile::ir::{Comparison, Condition, Measure, RuleSet};
use crate::register::CodeTable;
use crate::regulations::Category;

/// A set of codes as bits: bit `i` is code `i` of the table.
pub type CodeMask = u128;

pub struct Plan {
    pub table: CodeTable,
    pub possible: CodeMask,
    pub attending: CodeMask,
    pub authorised: CodeMask,
    pub unauthorised: CodeMask,
    pub late: CodeMask,
    pub unresolved: CodeMask,
    /// The distinct code lists of all measures; measures refer to them by index.
    pub sets: Vec<CodeMask>,
    /// Each rule's condition, then the persistent and severe absence
    /// definitions, with code lists resolved to their sets.
    pub rules: Vec<Planned>,
    pub persistent_absence: Planned,
    pub severe_absence: Planned,
}

/// A condition whose comparisons know their code list's set.
#[derive(Debug, Clone)]
pub enum Planned {
    Any(Vec<Planned>),
    All(Vec<Planned>),
    Compare(Comparison, Option<usize>),
}

impl Planned {
    /// The first comparison, whose value an event reports.
    pub fn first(&self) -> Option<(&Comparison, Option<usize>)> {
        match self {
            Planned::Compare(c, set) => Some((c, *set)),
            Planned::Any(parts) | Planned::All(parts) => parts.first().and_then(Planned::first),
        }
    }
}

impl Plan {
    pub fn new(rules: &RuleSet) -> Result<Plan, String> {
        let table = CodeTable::new(rules);
        if table.codes.len() > 128 {
            return Err(format!("the rule set has {} codes; at most 128 are supported", table.codes.len()));
        }
        let of = |categories: &[Category]| -> CodeMask {
            table
                .codes
                .iter()
                .enumerate()
                .filter(|(_, (_, c))| categories.contains(c))
                .fold(0, |m, (i, _)| m | 1 << i)
        };
        let code_bit = |code: &str| table.index(code).map_or(0, |i| 1u128 << i);
        let mut plan = Plan {
            possible: of(&[
                Category::Present,
                Category::Approved,
                Category::Authorised,
                Category::Unauthorised,
            ]),
            attending: of(&[Category::Present, Category::Approved]),
            authorised: of(&[Category::Authorised]),
            unauthorised: of(&[Category::Unauthorised]),
            late: code_bit("L"),
            unresolved: code_bit("N"),
            sets: Vec::new(),
            rules: Vec::new(),
            persistent_absence: Planned::All(Vec::new()),
            severe_absence: Planned::All(Vec::new()),
            table,
        };
        let mut conditions: Vec<&Condition> = rules.rules.iter().map(|r| &r.when).collect();
        conditions.push(&rules.persistent_absence);
        conditions.push(&rules.severe_absence);
        for condition in conditions {
            for comparison in condition.comparisons() {
                if let Some(codes) = comparison.measure.codes() {
                    let mask = plan.mask(codes)?;
                    if !plan.sets.contains(&mask) {
                        plan.sets.push(mask);
                    }
                }
            }
        }
        plan.rules = rules.rules.iter().map(|r| plan.plan(&r.when)).collect();
        plan.persistent_absence = plan.plan(&rules.persistent_absence);
        plan.severe_absence = plan.plan(&rules.severe_absence);
        Ok(plan)
    }

    fn plan(&self, condition: &Condition) -> Planned {
        match condition {
            Condition::Any(parts) => Planned::Any(parts.iter().map(|p| self.plan(p)).collect()),
            Condition::All(parts) => Planned::All(parts.iter().map(|p| self.plan(p)).collect()),
            Condition::Compare(c) => Planned::Compare(c.clone(), self.set_of(&c.measure)),
        }
    }

    pub fn mask(&self, codes: &[String]) -> Result<CodeMask, String> {
        codes.iter().try_fold(0, |mask, code| {
            let i = self
                .table
                .index(code)
                .ok_or_else(|| format!("the rule set uses `{code}`, which its code table lacks"))?;
            Ok(mask | 1 << i)
        })
    }

    /// The index in [`Plan::sets`] of a measure's code list.
    pub fn set_of(&self, measure: &Measure) -> Option<usize> {
        let mask = self.mask(measure.codes()?).ok()?;
        self.sets.iter().position(|m| *m == mask)
    }
}
