//! What a running check sees: one school, the regime it is checked against,
//! and the day of the check. Findings are reported under the running check's
//! own code, so a check cannot report another's.

use super::Check;
use crate::diagnostics::Diagnostic;
use crate::model::School;
use crate::regulations::{Regime, Regimes};
use crate::source::Span;
use chrono::NaiveDate;

pub struct Context<'a> {
    check: &'a Check,
    pub(super) school: &'a School,
    /// The regulations the school's policy is written under.
    pub(super) regime: &'a Regime,
    /// Every regime known, for findings about the regulations in force today.
    pub(super) regimes: &'a Regimes,
    pub(super) today: NaiveDate,
    found: Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    /// Runs one check on one school and returns what it found.
    pub(super) fn run(
        check: &'a Check,
        school: &'a School,
        regime: &'a Regime,
        regimes: &'a Regimes,
        today: NaiveDate,
    ) -> Vec<Diagnostic> {
        let mut context = Context { check, school, regime, regimes, today, found: Vec::new() };
        (check.run)(&mut context);
        context.found
    }

    /// Whether the regime says anything the running check could rest on.
    pub(super) fn applies(&self) -> bool {
        self.check.citations.iter().any(|k| self.regime.citations.contains_key(*k))
    }

    /// Records a finding under the running check's code, citing the first of
    /// its provisions that the regime has.
    pub(super) fn report(
        &mut self,
        message: String,
        span: Span,
        label: &str,
        help: String,
    ) -> &mut Diagnostic {
        let mut diagnostic = Diagnostic::new(self.check.code, message, span, label).help(help);
        if let Some(citation) = self.check.citations.iter().find_map(|key| self.regime.citation(key)) {
            diagnostic = diagnostic.cite(citation);
        }
        let at = self.found.len();
        self.found.push(diagnostic);
        #[expect(clippy::indexing_slicing, reason = "the diagnostic was pushed at this index just above")]
        &mut self.found[at]
    }
}
