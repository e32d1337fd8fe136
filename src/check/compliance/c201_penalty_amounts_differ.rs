//! C201: the national penalty-notice amounts and payment periods.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::vocabulary::money;
use crate::vocabulary::{NoticeKind, Payment};

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C201",
    name: "penalty-amounts-differ",
    severity: Severity::Error,
    summary: "penalty-notice amounts or payment periods that differ from the national ones",
    explanation: "The amounts of a penalty notice and the periods for paying them are set nationally, not by schools or local authorities. The policy states other amounts or periods.",
    before: "first £60 within 21 days, £120 within 28 days",
    after: "first £80 within 21 days, £160 within 28 days",
});

pub static CHECK: Check = Check { code: CODE, citations: &["penalty_amounts"], run };

fn run(cx: &mut Context) {
    let (Some(notices), Some(national)) = (&cx.school.sections.penalty_notices, &cx.regime.penalty_notices)
    else {
        return;
    };
    let on = cx.regime.nearest_day_in_force(cx.today);
    let Some(national) = national.amounts_on(on) else { return };
    for (kind, terms) in &notices.amounts {
        let (name, expected): (&str, &Option<Vec<Payment>>) = match kind {
            NoticeKind::First => ("first", &national.first),
            NoticeKind::Second => ("second", &national.second),
            NoticeKind::Suspension => ("suspension", &national.suspension),
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
                format!(
                    "the {name} penalty notice here is {written}; nationally on {on} it is {national_text}"
                ),
                terms.span,
                "not the national amounts",
                format!("write `{name} {national_text}`"),
            );
        }
    }
}

fn terms_text(terms: impl Iterator<Item = (u64, u32)>) -> String {
    terms.map(|(pence, days)| format!("{} within {days} days", money(pence))).collect::<Vec<_>>().join(", ")
}
