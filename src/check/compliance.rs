//! Compliance with the national regulations (see the regulations issue).
use crate::diagnostics::Diagnostic;
use crate::model::Policy;
use crate::regulations::Regimes;
use chrono::NaiveDate;

pub fn check(_policy: &Policy, _regimes: &Regimes, _today: NaiveDate) -> Vec<Diagnostic> {
    Vec::new()
}

pub fn citation_key(_code: crate::diagnostics::Code) -> Option<&'static str> {
    None
}
