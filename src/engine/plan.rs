//! A rule set prepared for running: every code list becomes a bit mask over
//! the code table, shared by all comparisons that use the same list.

use crate::compile::ir::{Condition, Measure, RuleSet};
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
        Ok(plan)
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
