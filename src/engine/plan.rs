//! A rule set prepared for running: every code list becomes a bit mask over
//! the code table, shared by all comparisons that use the same list.

use crate::compile::ir::{Condition, RuleSet};
use crate::register::CodeTable;
use crate::regulations::Category;

/// A set of codes as bits: bit `i` is code `i` of the table.
pub type CodeMask = u128;

/// Whether `code` is in `mask`: one 64-bit word's bit, which is cheaper than
/// shifting all 128 bits.
#[inline]
pub fn in_mask(mask: CodeMask, code: u8) -> bool {
    let word = if code < 64 { mask as u64 } else { (mask >> 64) as u64 };
    code < 128 && word >> (code & 63) & 1 == 1
}

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
    /// For each rule, whether its condition can never hold (it needs a
    /// comparison whose number the policy does not state): it is not evaluated.
    pub never: Vec<bool>,
    pub persistent_absence: Planned,
    pub severe_absence: Planned,
}

/// A condition whose code lists are indexes into [`Plan::sets`].
pub type Planned = Condition<(), usize>;

impl Plan {
    pub fn new(rules: &RuleSet) -> Result<Plan, String> {
        let table =
            CodeTable::new(rules.codes.iter().map(|c| (c.code.clone(), c.category, c.valid)).collect());
        if table.codes.len() > 128 {
            return Err(format!("the rule set has {} codes; at most 128 are supported", table.codes.len()));
        }
        let of = |categories: &[Category]| -> CodeMask {
            table
                .codes
                .iter()
                .enumerate()
                .filter(|(_, (_, c))| categories.contains(c))
                .fold(0, |m, (i, _)| m | 1u128.checked_shl(i as u32).unwrap_or(0))
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
            never: Vec::new(),
            persistent_absence: Planned::All(Vec::new()),
            severe_absence: Planned::All(Vec::new()),
            table,
        };
        plan.rules = rules.rules.iter().map(|r| plan.plan(&r.when)).collect::<Result<_, _>>()?;
        plan.never = plan.rules.iter().map(|c| !c.can_hold()).collect();
        plan.persistent_absence = plan.plan(&rules.persistent_absence)?;
        plan.severe_absence = plan.plan(&rules.severe_absence)?;
        Ok(plan)
    }

    /// Each code list becomes the index of its mask, shared by equal lists.
    fn plan(&mut self, condition: &Condition) -> Result<Planned, String> {
        condition.map(&mut |codes: &Vec<String>| {
            let mask = self.mask(codes)?;
            Ok(match self.sets.iter().position(|m| *m == mask) {
                Some(i) => i,
                None => {
                    self.sets.push(mask);
                    self.sets.len() - 1
                }
            })
        })
    }

    pub fn mask(&self, codes: &[String]) -> Result<CodeMask, String> {
        codes.iter().try_fold(0, |mask, code| {
            let i = self
                .table
                .index(code)
                .ok_or_else(|| format!("the rule set uses `{code}`, which its code table lacks"))?;
            Ok(mask | 1u128 << i)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_in_a_mask_when_its_bit_is_set() {
        let masks = [0, 1, u128::MAX, 1 << 63, 1 << 64, 1 << 127, 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210];
        for mask in masks {
            for code in 0..=u8::MAX {
                let expected = code < 128 && mask >> code & 1 == 1;
                assert_eq!(in_mask(mask, code), expected, "{mask:#x} {code}");
            }
        }
    }
}
