//! Helpers several checks share.

use crate::model::{CodeSet, Comparison, Condition, Measure};
use crate::regulations::{Category, CodeEntry, PenaltyThreshold, Regime};
use crate::source::Span;
use crate::vocabulary::{CodeRef, RunUnit, Threshold, Window};

/// The regime's entries for the codes of a code list, each with the span of
/// the code or group that named it. Unknown names were reported by validation.
pub(super) fn expand<'r>(regime: &'r Regime, codes: &CodeSet) -> Vec<(&'r CodeEntry, Span)> {
    codes
        .items
        .iter()
        .flat_map(|item| match &item.node {
            CodeRef::Code(code) => regime.code(code).into_iter().map(|c| (c, item.span)).collect::<Vec<_>>(),
            CodeRef::Group(name) => {
                regime.group(name).unwrap_or_default().into_iter().map(|c| (c, item.span)).collect()
            }
        })
        .collect()
}

/// Whether `codes` name only unauthorised absence, and at least one code.
pub(super) fn only_unauthorised(regime: &Regime, codes: &CodeSet) -> bool {
    let entries = expand(regime, codes);
    !entries.is_empty() && entries.iter().all(|(c, _)| c.category == Category::Unauthorised)
}

/// The codes a condition counts that are not unauthorised absence, each
/// with the span that named it (percentages count no codes of their own).
pub(super) fn counted_not_unauthorised<'r>(
    regime: &'r Regime,
    condition: &Condition,
) -> Vec<(&'r CodeEntry, Span)> {
    condition
        .comparisons()
        .into_iter()
        .filter(|c| !c.measure.is_percentage())
        .filter_map(|c| c.measure.codes())
        .flat_map(|codes| expand(regime, codes))
        .filter(|(entry, _)| entry.category != Category::Unauthorised)
        .collect()
}

/// Whether `c` is the national penalty-notice threshold itself: every code
/// the threshold counts and no other kind, its number and its window.
pub(super) fn is_national_threshold(regime: &Regime, national: &PenaltyThreshold, c: &Comparison) -> bool {
    let Measure::Sessions(codes) = &c.measure else { return false };
    let counted = expand(regime, codes);
    let reached = match c.threshold {
        Threshold::Count(n) => c.comparator.reached_at(n),
        Threshold::PercentHundredths(_) | Threshold::NotStated | Threshold::Pupil(_) => None,
    };
    national.codes.iter().all(|n| counted.iter().any(|(c, _)| c.code == *n))
        && only_unauthorised(regime, codes)
        && reached == Some(u64::from(national.sessions))
        && c.window == Window::RollingSchoolWeeks(national.rolling_school_weeks)
}

/// Whether `condition` can hold only where the national threshold is met:
/// each way it can hold needs a count of unauthorised absence at least the
/// national number within at most the national window, or a run of
/// unauthorised school days of at least that many sessions.
pub(super) fn needs_national_threshold(
    regime: &Regime,
    national: &PenaltyThreshold,
    condition: &Condition,
) -> bool {
    match condition {
        Condition::Any(parts) => parts.iter().all(|p| needs_national_threshold(regime, national, p)),
        Condition::All(parts) => parts.iter().any(|p| needs_national_threshold(regime, national, p)),
        Condition::Compare(c) => {
            let Threshold::Count(n) = c.threshold else { return false };
            let Some(reached) = c.comparator.reached_at(n) else { return false };
            let sessions = u64::from(national.sessions);
            match &c.measure {
                Measure::Sessions(codes) => {
                    only_unauthorised(regime, codes)
                        && reached >= sessions
                        && matches!(c.window, Window::RollingSchoolWeeks(w) if w <= national.rolling_school_weeks)
                }
                // Two sessions a school day; the run's first days already
                // make the number within a week.
                Measure::Consecutive { unit: RunUnit::SchoolDays, codes } => {
                    only_unauthorised(regime, codes) && reached.saturating_mul(2) >= sessions
                }
                _ => false,
            }
        }
    }
}
