//! Sweeping one rule's threshold over a range: the same register run once for
//! each value, counting the pupils the rule fires for and its firings.

use crate::compile::RuleSet;
use crate::compile::ir::Threshold;
use crate::engine::{self, RunError, RunOptions};
use crate::syntax::VarySpec;
use crate::syntax::ast::LiteralValue;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SweepPoint {
    pub value: String,
    pub pupils: usize,
    pub times: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error("{0}")]
    Spec(String),
    #[error(transparent)]
    Run(#[from] RunError),
}

/// The most values one sweep runs.
pub const MAX_POINTS: u64 = 200;

pub fn sweep(
    rules: &RuleSet,
    spec: &VarySpec,
    registers: &[PathBuf],
    options: &RunOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<SweepPoint>, SweepError> {
    let index = rules.rules.iter().position(|r| r.name == spec.rule).ok_or_else(|| {
        let names: Vec<&str> = rules.rules.iter().map(|r| r.name.as_str()).collect();
        SweepError::Spec(format!("there is no rule \"{}\"; the rules are: {}", spec.rule, names.join(", ")))
    })?;
    let Some(rule) = rules.rules.get(index) else { return Ok(Vec::new()) };
    let percent = match rule.when.first().map(|c| &c.threshold) {
        Some(Threshold::PercentHundredths(_)) => true,
        Some(Threshold::Count(_)) => false,
        Some(Threshold::NotStated | Threshold::Pupil(_)) | None => {
            return Err(SweepError::Spec(format!("the rule \"{}\" has no threshold to vary", spec.rule)));
        }
    };
    let amount = |literal: &crate::syntax::ast::Literal| -> Result<u64, SweepError> {
        match (&literal.node, percent) {
            (LiteralValue::Percent(d), true) => d.hundredths().ok_or(()),
            (LiteralValue::Number(d), false) => d.whole().ok_or(()),
            _ => Err(()),
        }
        .map_err(|_| {
            let kind = if percent { "percentages like 92%" } else { "whole numbers like 5" };
            SweepError::Spec(format!(
                "the rule \"{}\" compares with a {}: write the range in {kind}",
                spec.rule,
                if percent { "percentage" } else { "count" }
            ))
        })
    };
    let (from, to, step) = (amount(&spec.from)?, amount(&spec.to)?, amount(&spec.step)?);
    if step == 0 || to < from {
        return Err(SweepError::Spec(
            "the range runs from a smaller value to a larger one, with a step above zero".into(),
        ));
    }
    let points = (to - from) / step + 1;
    if points > MAX_POINTS {
        return Err(SweepError::Spec(format!("the range has {points} values; at most {MAX_POINTS} are run")));
    }
    let mut out = Vec::new();
    for n in 0..points {
        let value = from + n * step;
        let mut varied = rules.clone();
        let threshold =
            if percent { Threshold::PercentHundredths(value as u32) } else { Threshold::Count(value) };
        if let Some(first) = varied.rules.get_mut(index).and_then(|r| r.when.first_mut()) {
            first.threshold = threshold;
        }
        // Only the varied rule's firings are kept: one a pupil and day.
        let mut fired: BTreeSet<(String, NaiveDate)> = BTreeSet::new();
        engine::run(&varied, registers, options, &mut |events| {
            fired.extend(events.into_iter().filter(|e| e.rule == spec.rule).map(|e| (e.pupil, e.date)))
        })
        .map_err(SweepError::Run)?;
        let pupils: BTreeSet<&str> = fired.iter().map(|(p, _)| p.as_str()).collect();
        let label = if percent { format!("{}.{:02}%", value / 100, value % 100) } else { value.to_string() };
        let label = label.replace(".00%", "%");
        out.push(SweepPoint { value: label, pupils: pupils.len(), times: fired.len() });
        progress(n as usize + 1, points as usize);
    }
    Ok(out)
}
