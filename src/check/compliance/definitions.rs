//! Persistent and severe absence as the national statistics define them, and
//! the duty to tell the local authority of a long unauthorised absence.

use super::{Context, expand, reached_at};
use crate::diagnostics::Code;
use crate::model::{Condition, Measure, Threshold, Window};
use crate::regulations::Category;
use crate::source::Span;
use crate::syntax::ast::{Action, Comparator, Spanned};

pub(super) fn check(cx: &mut Context) {
    let limits = &cx.regime.limits;
    let definitions = [
        (
            "persistent",
            cx.school.sections.persistent_absence.as_ref(),
            limits.persistent_absence_percent.as_ref(),
        ),
        ("severe", cx.school.sections.severe_absence.as_ref(), limits.severe_absence_percent.as_ref()),
    ];
    let mut differing: Vec<(String, Span, String)> = Vec::new();
    for (name, written, national) in definitions {
        let (Some(written), Some(national)) = (written, national) else { continue };
        let national_hundredths = national.value * 100;
        if absence_at_least(written) != Some((national_hundredths, true)) {
            differing.push((
                format!(
                    "{name} absence is defined differently from the national {}% or more of possible sessions missed",
                    national.value
                ),
                written.span,
                format!("write `{name} absence when absence >= {}% over year to date`", national.value),
            ));
        }
    }
    for (message, span, help) in differing {
        cx.report(Code::AbsenceDefinitionDiffers, message, span, "not the national definition", help);
    }
    local_authority_told_in_time(cx);
}

/// The absence level (hundredths of a percent) at which the definition starts
/// to hold over the school year, and whether that level itself is included.
fn absence_at_least(condition: &Spanned<Condition>) -> Option<(u32, bool)> {
    let Condition::Compare(c) = &condition.node else { return None };
    let Threshold::PercentHundredths(p) = c.threshold else { return None };
    if c.window != Window::YearToDate {
        return None;
    }
    match (&c.measure, c.comparator) {
        (Measure::Absence, Comparator::GreaterOrEqual) => Some((p, true)),
        (Measure::Absence, Comparator::Greater) => Some((p, false)),
        (Measure::Attendance, Comparator::LessOrEqual) => Some((10_000 - p, true)),
        (Measure::Attendance, Comparator::Less) => Some((10_000 - p, false)),
        _ => None,
    }
}

fn local_authority_told_in_time(cx: &mut Context) {
    let Some(limit) = cx.regime.limits.la_notification_max_school_days.as_ref().map(|l| l.value) else {
        return;
    };
    let regime = cx.regime;
    let mut late = Vec::new();
    for rule in &cx.school.sections.rules {
        if !rule.actions.iter().any(|a| a.node == Action::NotifyLocalAuthority) {
            continue;
        }
        for comparison in rule.when.node.comparisons() {
            let Measure::Consecutive { codes, .. } = &comparison.measure else { continue };
            let entries = expand(regime, codes);
            let unauthorised =
                !entries.is_empty() && entries.iter().all(|(c, _)| c.category == Category::Unauthorised);
            let Threshold::Count(n) = comparison.threshold else { continue };
            if let Some(days) = reached_at(comparison.comparator, n)
                && unauthorised
                && days > u64::from(limit)
            {
                late.push((rule.name.node.clone(), days, comparison.at.threshold));
            }
        }
    }
    for (name, days, span) in late {
        cx.report(
            Code::LocalAuthorityToldLate,
            format!(
                "the rule \"{name}\" tells the local authority after {days} school days of unauthorised absence; the regulations require it at {limit}"
            ),
            span,
            "later than required",
            format!("notify the local authority when the run reaches {limit} school days: `>= {limit}`"),
        );
    }
}
