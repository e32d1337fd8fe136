//! C704: a policy still in use follows the regulations in force today (a warning).
//!
//! The finding cites the regulations in force today, not those the policy is
//! written under.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C704",
    name: "superseded-regulations",
    severity: Severity::Warning,
    summary: "the policy is written under regulations that have since been replaced",
    explanation: "A policy is checked against the regulations in force on its effective date. Those regulations have been replaced since, so a policy still in use today must follow the new ones. Check it against them by giving it a new effective date and `regulations` line, and review what the new checks find.",
    before: "regulations england-2006\neffective 2022-11-07",
    after: "regulations england-2024\neffective 2025-09-01",
});

pub static CHECK: Check = Check { code: CODE, citations: &["regulations"], run };

fn run(cx: &mut Context) {
    let Some(until) = cx.regime.in_force_until else { return };
    if until >= cx.today {
        return;
    }
    let Some(current) = cx.regimes.in_force_on(cx.today) else { return };
    let span = cx.school.regulations.as_ref().map_or(cx.school.effective.span, |r| r.span);
    let (old, new) = (cx.regime.name.clone(), current.name.clone());
    let message = format!("{old} ended on {until}; the regulations in force today are {new}");
    let help = format!(
        "if the policy is still in use, bring it under {new}: `regulations {new}` and a new `effective` date, then check it again"
    );
    let citation = CHECK.citations.iter().find_map(|key| current.citation(key));
    cx.report(message, span, "replaced since", help).citation = citation;
}
