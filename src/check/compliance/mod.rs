//! Compliance with the national regulations.
//!
//! The law in force decides: each school is judged against the regime in
//! force on the day of the check (`--as-of`, by default today), whatever
//! regime its policy names; a breach of it is reported at the check's own
//! severity. Where the policy names another regime, it is judged against that
//! one too, and what only that regime would find is a warning that says so.
//!
//! Each check reads one part of the school's resolved policy and the regime's
//! data; no limit, amount or code is written here. A finding carries a stable
//! code, the span of the statement it is about, help, and the citation of the
//! provision it rests on.
//!
//! A check lives in a file of its own, named after its code: the code's text,
//! the citations it rests on and the function that runs it. [`CHECKS`] lists
//! them all; everything else (`attend explain`, the list of codes, `--select`
//! and `--ignore`) is read from it.

mod context;
mod shared;

pub mod c101_register_open_too_long;
pub mod c102_missing_register;
pub mod c103_register_after_session_start;
pub mod c104_records_kept_too_short;
pub mod c105_register_not_stated;
pub mod c106_late_marks_disagree;
pub mod c107_registers_open_unequally;
pub mod c201_penalty_amounts_differ;
pub mod c202_penalty_limit_differs;
pub mod c203_notice_to_improve_outside_range;
pub mod c204_penalty_threshold_differs;
pub mod c205_penalty_counts_non_absence;
pub mod c206_penalty_threshold_missing;
pub mod c207_penalty_considered_off_threshold;
pub mod c208_penalty_before_support;
pub mod c209_penalty_during_improvement_period;
pub mod c210_suspension_notice_outside_exclusion;
pub mod c301_withdrawn_code;
pub mod c302_code_in_wrong_category;
pub mod c303_code_table_differs;
pub mod c401_leave_reason_not_allowed;
pub mod c501_absence_definition_differs;
pub mod c601_local_authority_told_late;
pub mod c602_local_authority_notice_not_described;
pub mod c701_school_week_short;
pub mod c702_routine_medical_evidence;
pub mod c703_review_date_passed;
pub mod c704_superseded_regulations;

pub use context::Context;

use super::Selection;
use crate::diagnostics::{self, Code, Diagnostic, Severity};
use crate::model::{Policy, regime_for};
use crate::regulations::Regimes;
use chrono::NaiveDate;

/// One compliance check.
pub struct Check {
    pub code: Code,
    /// The regime citations the check rests on, first choice first.
    pub citations: &'static [&'static str],
    pub run: fn(&mut Context<'_>),
}

/// Every compliance check, in the order they run.
pub static CHECKS: &[&Check] = &[
    &c101_register_open_too_long::CHECK,
    &c102_missing_register::CHECK,
    &c103_register_after_session_start::CHECK,
    &c104_records_kept_too_short::CHECK,
    &c105_register_not_stated::CHECK,
    &c106_late_marks_disagree::CHECK,
    &c107_registers_open_unequally::CHECK,
    &c201_penalty_amounts_differ::CHECK,
    &c202_penalty_limit_differs::CHECK,
    &c203_notice_to_improve_outside_range::CHECK,
    &c204_penalty_threshold_differs::CHECK,
    &c205_penalty_counts_non_absence::CHECK,
    &c206_penalty_threshold_missing::CHECK,
    &c207_penalty_considered_off_threshold::CHECK,
    &c208_penalty_before_support::CHECK,
    &c209_penalty_during_improvement_period::CHECK,
    &c210_suspension_notice_outside_exclusion::CHECK,
    &c301_withdrawn_code::CHECK,
    &c302_code_in_wrong_category::CHECK,
    &c303_code_table_differs::CHECK,
    &c401_leave_reason_not_allowed::CHECK,
    &c501_absence_definition_differs::CHECK,
    &c601_local_authority_told_late::CHECK,
    &c602_local_authority_notice_not_described::CHECK,
    &c701_school_week_short::CHECK,
    &c702_routine_medical_evidence::CHECK,
    &c703_review_date_passed::CHECK,
    &c704_superseded_regulations::CHECK,
];

/// The check that reports `code`, if it is a compliance code.
pub fn check_for(code: Code) -> Option<&'static Check> {
    CHECKS.iter().copied().find(|c| c.code == code)
}

/// The checks `selection` chooses, on every school of the policy.
pub fn check(policy: &Policy, regimes: &Regimes, today: NaiveDate, selection: &Selection) -> Vec<Diagnostic> {
    let chosen: Vec<&Check> = CHECKS.iter().copied().filter(|c| selection.includes(c.code)).collect();
    run(&chosen, policy, regimes, today)
}

/// One check alone, on every school of the policy.
pub fn run_one(check: &Check, policy: &Policy, regimes: &Regimes, today: NaiveDate) -> Vec<Diagnostic> {
    run(&[check], policy, regimes, today)
}

fn run(checks: &[&Check], policy: &Policy, regimes: &Regimes, today: NaiveDate) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for school in &policy.schools {
        let Ok(named) = regime_for(school, regimes) else { continue };
        let in_force = regimes.in_force_on(today);
        let mut in_force_found = Vec::new();
        if let Some(regime) = in_force {
            for check in checks {
                in_force_found.extend(Context::run(check, school, regime, regimes, today));
            }
        }
        if in_force.is_none_or(|r| r.name != named.name) {
            for check in checks {
                for mut d in Context::run(check, school, named, regimes, today) {
                    let also_in_force =
                        in_force_found.iter().any(|f| f.code == d.code && f.label.span == d.label.span);
                    if also_in_force {
                        continue;
                    }
                    // C704 is itself the finding about the named regime.
                    if in_force.is_some() && d.code != c704_superseded_regulations::CODE {
                        d.severity = Severity::Warning;
                        d.message = format!(
                            "under {}, which the policy names but which is not in force on {today}: {}",
                            named.name, d.message
                        );
                    }
                    found.push(d);
                }
            }
        }
        found.extend(in_force_found);
    }
    // Statements shared by several schools (a federation's, a trust's) are
    // reported once.
    diagnostics::sort(&mut found);
    found.dedup_by(|a, b| a.label.span == b.label.span && a.code == b.code && a.message == b.message);
    found
}
