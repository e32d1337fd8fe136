//! Layering: a trust base, a file and a school block each give statements;
//! the nearer replaces the further, by whole statement. A school's `day` block
//! replaces the base's, its `register am` the base's `register am`, and a rule
//! the base rule of the same name. Everything else is inherited.

use super::load::Resolver;
use super::seen::Seen;
use super::*;
use crate::source::Span;
use crate::syntax::ast;

#[derive(Default, Clone)]
pub(super) struct Identity {
    pub(super) regulations: Option<Spanned<String>>,
    pub(super) effective: Option<Spanned<NaiveDate>>,
    pub(super) review: Option<Spanned<NaiveDate>>,
}

impl Identity {
    pub(super) fn over(self, base: &Identity) -> Identity {
        Identity {
            regulations: self.regulations.or_else(|| base.regulations.clone()),
            effective: self.effective.or(base.effective),
            review: self.review.or(base.review),
        }
    }
}

/// What one file contributes when another file extends it.
#[derive(Default, Clone)]
pub(super) struct Layer {
    pub(super) organisation: Option<Spanned<String>>,
    pub(super) identity: Identity,
    pub(super) sections: Sections,
}

impl Resolver<'_> {
    pub(super) fn identity<'t>(
        &mut self,
        items: impl Iterator<Item = (&'t ast::Identity, Span)>,
    ) -> Identity {
        let mut identity = Identity::default();
        let mut seen: Seen<&'static str> = Seen::new();
        for (item, span) in items {
            let key = match item {
                ast::Identity::Regulations(_) => "regulations",
                ast::Identity::Effective(_) => "effective",
                ast::Identity::Review(_) => "review",
            };
            if let Err(first) = seen.first_time(key, span) {
                self.repeated(span, first, key);
                continue;
            }
            match item {
                ast::Identity::Regulations(name) => identity.regulations = Some(name.clone()),
                ast::Identity::Effective(lit) => identity.effective = self.typer.date(lit),
                ast::Identity::Review(lit) => identity.review = self.typer.date(lit),
            }
        }
        identity
    }
}

/// `top` laid over `base`: each statement in `top` replaces the same statement
/// in `base`; rules replace the base rule of the same name, in its place.
pub(super) fn overlay(base: Sections, top: Sections) -> Sections {
    // A register stated or said to be not stated replaces the base's either way.
    let mut registers = base.registers;
    let mut registers_not_stated = base.registers_not_stated;
    for session in top.registers.keys() {
        registers_not_stated.remove(session);
    }
    for session in top.registers_not_stated.keys() {
        registers.remove(session);
    }
    registers.extend(top.registers);
    registers_not_stated.extend(top.registers_not_stated);
    let mut top_rules = top.rules;
    let mut rules: Vec<Rule> = base
        .rules
        .into_iter()
        .map(|rule| match top_rules.iter().position(|r| r.name.node == rule.name.node) {
            Some(i) => top_rules.remove(i),
            None => rule,
        })
        .collect();
    rules.extend(top_rules);
    let same = |a: &SchoolReport, b: &SchoolReport| {
        a.what.node == b.what.node && a.to.as_ref().map(|t| &t.node) == b.to.as_ref().map(|t| &t.node)
    };
    let mut reports: Vec<SchoolReport> =
        base.reports.into_iter().filter(|b| !top.reports.iter().any(|t| same(t, b))).collect();
    reports.extend(top.reports);
    Sections {
        calendar: top.calendar.or(base.calendar),
        day: top.day.or(base.day),
        registers,
        registers_not_stated,
        records_retained_years: top.records_retained_years.or(base.records_retained_years),
        absence_reporting: top.absence_reporting.or(base.absence_reporting),
        absence_coded_within_school_days: top
            .absence_coded_within_school_days
            .or(base.absence_coded_within_school_days),
        medical_evidence: top.medical_evidence.or(base.medical_evidence),
        leave_of_absence: top.leave_of_absence.or(base.leave_of_absence),
        lateness: top.lateness.or(base.lateness),
        rules,
        penalty_notices: top.penalty_notices.or(base.penalty_notices),
        persistent_absence: top.persistent_absence.or(base.persistent_absence),
        severe_absence: top.severe_absence.or(base.severe_absence),
        published_codes: top.published_codes.or(base.published_codes),
        reports,
        part_time: top.part_time.or(base.part_time),
    }
}
