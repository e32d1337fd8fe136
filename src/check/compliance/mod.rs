//! Compliance with the national regulations in force on a policy's date.
//!
//! Each check reads one part of the school's resolved policy and the regime's
//! data; no limit, amount or code is written here. A finding carries a stable
//! code, the span of the statement it is about, help, and the citation of the
//! provision it rests on.

mod codes;
mod definitions;
mod guidance;
mod leave;
mod penalty;
mod registers;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{CodeSet, Policy, School, regime_for};
use crate::regulations::{CodeEntry, Regime, Regimes};
use crate::source::Span;
use crate::syntax::ast::{CodeRef, Comparator};
use chrono::NaiveDate;

pub fn check(policy: &Policy, regimes: &Regimes, today: NaiveDate) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for school in &policy.schools {
        let Ok(regime) = regime_for(school, regimes) else { continue };
        let mut context = Context { school, regime, regimes, today, found: Vec::new() };
        registers::check(&mut context);
        penalty::check(&mut context);
        codes::check(&mut context);
        leave::check(&mut context);
        definitions::check(&mut context);
        guidance::check(&mut context);
        found.extend(context.found);
    }
    // Statements shared by several schools (a federation's, a trust's) are
    // reported once.
    crate::diagnostics::sort(&mut found);
    found.dedup_by(|a, b| a.label.span == b.label.span && a.code == b.code && a.message == b.message);
    found
}

/// The regime citation each compliance code rests on, first choice first.
fn citation_keys(code: Code) -> &'static [&'static str] {
    match code {
        Code::RegisterOpenTooLong => &["register_open"],
        Code::MissingRegister | Code::RegisterAfterSessionStart => &["register_sessions"],
        Code::RecordsKeptTooShort => &["retention"],
        Code::PenaltyAmountsDiffer | Code::PenaltyLimitDiffers => &["penalty_amounts"],
        Code::NoticeToImproveOutsideRange => &["notice_to_improve"],
        Code::PenaltyThresholdDiffers | Code::PenaltyCountsNonAbsence => {
            &["penalty_threshold", "penalty_amounts"]
        }
        Code::WithdrawnCode | Code::CodeInWrongCategory => &["codes"],
        Code::LeaveReasonNotAllowed => &["leave"],
        Code::AbsenceDefinitionDiffers => &["absence_definitions"],
        Code::LocalAuthorityToldLate => &["la_notification"],
        Code::SchoolWeekShort => &["school_week"],
        Code::RoutineMedicalEvidence => &["medical_evidence"],
        Code::ReviewDatePassed => &["review"],
        Code::SupersededRegulations => &["regulations"],
        _ => &[],
    }
}

/// For `attend explain`: the citation a compliance code rests on.
pub fn citation_key(code: Code) -> Option<&'static str> {
    citation_keys(code).first().copied()
}

struct Context<'a> {
    school: &'a School,
    regime: &'a Regime,
    regimes: &'a Regimes,
    today: NaiveDate,
    found: Vec<Diagnostic>,
}

impl Context<'_> {
    /// Whether the regime says anything this check could rest on.
    fn applies(&self, code: Code) -> bool {
        citation_keys(code).iter().any(|k| self.regime.citations.contains_key(*k))
    }

    /// Records a finding, citing the regime's provision for `code`.
    fn report(
        &mut self,
        code: Code,
        message: String,
        span: Span,
        label: &str,
        help: String,
    ) -> &mut Diagnostic {
        let mut diagnostic = Diagnostic::new(code, message, span, label).help(help);
        if let Some(citation) = citation_keys(code).iter().find_map(|key| self.regime.citation(key)) {
            diagnostic = diagnostic.cite(citation);
        }
        self.found.push(diagnostic);
        self.found.last_mut().expect("just pushed")
    }
}

/// The regime's entries for the codes of a code list, each with the span of
/// the code or group that named it. Unknown names were reported by validation.
fn expand<'r>(regime: &'r Regime, codes: &CodeSet) -> Vec<(&'r CodeEntry, Span)> {
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

/// The count at which a `measure OP n` comparison starts to hold, for the
/// comparators that say "reaches": `>= n` and `= n` at n, `> n` at n + 1.
fn reached_at(comparator: Comparator, n: u64) -> Option<u64> {
    match comparator {
        Comparator::GreaterOrEqual | Comparator::Equal => Some(n),
        Comparator::Greater => Some(n + 1),
        Comparator::Less | Comparator::LessOrEqual => None,
    }
}

fn money(pence: u64) -> String {
    if pence.is_multiple_of(100) {
        format!("£{}", pence / 100)
    } else {
        format!("£{}.{:02}", pence / 100, pence % 100)
    }
}
