//! Penalty notices: the national amounts, limits, notice-to-improve period and
//! threshold, and that only unauthorised absence can lead to a notice.

use super::{Context, expand, money, reached_at};
use crate::diagnostics::Code;
use crate::model::{Condition, Measure, Threshold, Window};
use crate::regulations::Category;
use crate::syntax::ast::Action;
use crate::vocabulary::NoticeKind;
use crate::vocabulary::Payment;

pub(super) fn check(cx: &mut Context) {
    amounts_and_limits(cx);
    threshold(cx);
    counts_only_unauthorised_absence(cx);
}

fn terms_text(terms: impl Iterator<Item = (u64, u32)>) -> String {
    terms.map(|(pence, days)| format!("{} within {days} days", money(pence))).collect::<Vec<_>>().join(", ")
}

fn amounts_and_limits(cx: &mut Context) {
    let (Some(notices), Some(national)) = (&cx.school.sections.penalty_notices, &cx.regime.penalty_notices)
    else {
        return;
    };
    for (kind, terms) in &notices.amounts {
        let (name, expected): (&str, &Option<Vec<Payment>>) = match kind {
            NoticeKind::First => ("first", &national.first),
            NoticeKind::Second => ("second", &national.second),
            NoticeKind::Suspension => continue, // outside the national framework
        };
        let Some(expected) = expected else { continue };
        let same = terms.node.len() == expected.len()
            && terms
                .node
                .iter()
                .zip(expected)
                .all(|(t, e)| t.pence == e.pence && t.within_days == e.within_days);
        if !same {
            let written = terms_text(terms.node.iter().map(|t: &Payment| (t.pence, t.within_days)));
            let national_text = terms_text(expected.iter().map(|e| (e.pence, e.within_days)));
            cx.report(
                Code::PenaltyAmountsDiffer,
                format!("the {name} penalty notice here is {written}; nationally it is {national_text}"),
                terms.span,
                "not the national amounts",
                format!("write `{name} {national_text}`"),
            );
        }
    }
    if let (Some(limit), Some(expected)) = (&notices.per_child, &national.per_child)
        && (limit.node.notices != expected.notices || limit.node.within_years != expected.within_years)
    {
        cx.report(
            Code::PenaltyLimitDiffers,
            format!(
                "at most {} notices within {} years here; nationally at most {} to a parent for a child within {} years",
                limit.node.notices, limit.node.within_years, expected.notices, expected.within_years
            ),
            limit.span,
            "not the national limit",
            format!("write `at most {} per parent per child within {} years`", expected.notices, expected.within_years),
        );
    }
    if let (Some(range), Some(expected)) =
        (&notices.notice_to_improve_weeks, &national.notice_to_improve_weeks)
    {
        let (shortest, longest) = range.node;
        if shortest < expected.shortest || longest > expected.longest {
            cx.report(
                Code::NoticeToImproveOutsideRange,
                format!(
                    "an improvement period of {shortest} to {longest} weeks; the national range is {} to {} weeks",
                    expected.shortest, expected.longest
                ),
                range.span,
                "outside the national range",
                format!("write `notice to improve {} weeks to {} weeks`", expected.shortest, expected.longest),
            );
        }
    }
}

fn threshold(cx: &mut Context) {
    let Some(national) = cx.regime.penalty_notices.as_ref().and_then(|p| p.threshold.as_ref()) else {
        return;
    };
    let Some(written) = cx.school.sections.penalty_notices.as_ref().and_then(|p| p.threshold.as_ref()) else {
        return;
    };
    let regime = cx.regime;
    let matches_national = match &written.node {
        Condition::Compare(c) => {
            let counted = match &c.measure {
                Measure::Sessions(codes) => Some(expand(regime, codes)),
                _ => None,
            };
            let reached = match c.threshold {
                Threshold::Count(n) => reached_at(c.comparator, n),
                Threshold::PercentHundredths(_) => None,
            };
            counted.is_some_and(|codes| {
                national.codes.iter().all(|n| codes.iter().any(|(c, _)| c.code == *n))
                    && codes.iter().all(|(c, _)| c.category == Category::Unauthorised)
            }) && reached == Some(u64::from(national.sessions))
                && c.window == Window::RollingSchoolWeeks(national.rolling_school_weeks)
        }
        _ => false,
    };
    if !matches_national {
        let codes = national.codes.join(", ");
        cx.report(
            Code::PenaltyThresholdDiffers,
            format!(
                "the penalty-notice threshold differs from the national one: {} sessions of unauthorised absence ({codes}) within a rolling {} school weeks",
                national.sessions, national.rolling_school_weeks
            ),
            written.span,
            "not the national threshold",
            format!(
                "write `threshold sessions({codes}) >= {} over rolling {} school weeks`",
                national.sessions, national.rolling_school_weeks
            ),
        );
    }
}

/// The penalty threshold and every rule that considers a penalty notice may
/// count only unauthorised absence.
fn counts_only_unauthorised_absence(cx: &mut Context) {
    let sections = &cx.school.sections;
    let mut conditions: Vec<&Condition> = sections
        .rules
        .iter()
        .filter(|r| r.actions.iter().any(|a| a.node == Action::ConsiderPenaltyNotice))
        .map(|r| &r.when.node)
        .collect();
    conditions.extend(sections.penalty_notices.as_ref().and_then(|p| p.threshold.as_ref()).map(|t| &t.node));
    let regime = cx.regime;
    let mut wrong = Vec::new();
    for condition in conditions {
        for comparison in condition.comparisons() {
            if comparison.measure.is_percentage() {
                continue;
            }
            let Some(codes) = comparison.measure.codes() else { continue };
            for (entry, span) in expand(regime, codes) {
                if entry.category != Category::Unauthorised {
                    wrong.push((entry, span));
                }
            }
        }
    }
    for (entry, span) in wrong {
        cx.report(
            Code::PenaltyCountsNonAbsence,
            format!(
                "a penalty notice is considered on `{}` marks, which are {}, not unauthorised absence",
                entry.code,
                entry.category.name()
            ),
            span,
            &format!("{}: {}", entry.code, entry.meaning),
            "count only unauthorised absence, such as `sessions(G, O, U)`; a pupil marked late before the register closed is present".to_string(),
        );
    }
}
