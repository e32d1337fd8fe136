//! Checks on the resolved model that are about meaning, not law: times in
//! order, regulations that exist, codes that the regulations have.

use super::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::regulations::{Regime, Regimes};
use crate::syntax::ast::CodeRef;
use crate::vocabulary::{Review, Threshold};

/// The regulations a school's policy is read under: the ones it names, or
/// else the ones in force on its effective date.
pub fn regime_for<'r>(school: &School, regimes: &'r Regimes) -> Result<&'r Regime, Box<Diagnostic>> {
    match &school.regulations {
        Some(name) => regimes.named(&name.node).ok_or_else(|| {
            Box::new(Diagnostic::new(
                Code::UNKNOWN_REGULATIONS,
                format!("attend does not know the regulations \"{}\"", name.node),
                name.span,
                "unknown regulations",
            )
            .help(format!(
                "write one of: {}; or leave `regulations` out to use those in force on the effective date",
                regimes.names().join(", ")
            )))
        }),
        None => regimes.in_force_on(school.effective.node).ok_or_else(|| {
            Box::new(Diagnostic::new(
                Code::UNKNOWN_REGULATIONS,
                format!("attend knows no regulations in force on {}", school.effective.node),
                school.effective.span,
                "no regulations for this date",
            )
            .help(format!(
                "name the regulations with `regulations NAME` ({}), or load them with `--regulations FILE`",
                regimes.names().join(", ")
            )))
        }),
    }
}

pub fn validate(policy: &Policy, regimes: &Regimes) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for school in &policy.schools {
        times_in_order(&school.sections, &mut diagnostics);
        numbers_not_stated(&school.sections, &mut diagnostics);
        let mut duties: Vec<&str> = Vec::new();
        for name in regimes.all().iter().flat_map(|r| r.duties.iter().map(|d| d.name.as_str())) {
            if !duties.contains(&name) {
                duties.push(name);
            }
        }
        super::stages::check(&school.sections, &duties, &mut diagnostics);
        super::stages::together(&school.sections, &mut diagnostics);
        match regime_for(school, regimes) {
            Ok(regime) => codes_known(school, regime, &mut diagnostics),
            Err(d) => diagnostics.push(*d),
        }
    }
    // A trust base shared by several schools is reported once per place.
    diagnostics.sort_by_key(|d| (d.label.span.file, d.label.span.start, d.code));
    diagnostics.dedup_by(|a, b| a.label.span == b.label.span && a.code == b.code && a.message == b.message);
    diagnostics
}

fn out_of_order(diagnostics: &mut Vec<Diagnostic>, later: Span, earlier: Span, message: String, help: &str) {
    diagnostics.push(
        Diagnostic::new(Code::TIMES_OUT_OF_ORDER, message, later, "this comes too early")
            .related(earlier, "compared with this")
            .help(help.to_string()),
    );
}

fn calendar_in_order(calendar: &DeclaredCalendar, diagnostics: &mut Vec<Diagnostic>) {
    let mut previous: Option<&Term> = None;
    for term in &calendar.terms {
        let t = term;
        if t.end.node < t.start.node {
            out_of_order(
                diagnostics,
                t.end.span,
                t.start.span,
                format!("the term ends on {} before it starts on {}", t.end.node, t.start.node),
                "write the term's first day, then its last: `term 2025-09-03 to 2025-12-19`",
            );
        }
        if let Some((a, b)) = &t.half_term
            && (b.node < a.node || a.node <= t.start.node || b.node >= t.end.node)
        {
            out_of_order(
                diagnostics,
                a.span,
                t.start.span,
                format!(
                    "the half term {} to {} is not inside its term, {} to {}",
                    a.node, b.node, t.start.node, t.end.node
                ),
                "a half-term holiday starts after the term starts and ends before it ends",
            );
        }
        if let Some(p) = previous
            && t.start.node <= p.end.node
        {
            out_of_order(
                diagnostics,
                t.start.span,
                p.end.span,
                format!(
                    "this term starts on {}, before the term before it ends on {}",
                    t.start.node, p.end.node
                ),
                "list the terms in order, each starting after the one before ends",
            );
        }
        previous = Some(t);
    }
}

fn times_in_order(sections: &Sections, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(calendar) = &sections.calendar {
        calendar_in_order(&calendar.node, diagnostics);
    }
    if let Some(day) = &sections.day {
        if let (Some(starts), Some(ends)) = (&day.starts, &day.ends)
            && ends.node <= starts.node
        {
            out_of_order(
                diagnostics,
                ends.span,
                starts.span,
                format!(
                    "the day ends at {} but starts at {}",
                    ends.node.format("%H:%M"),
                    starts.node.format("%H:%M")
                ),
                "the day's end is after its start, on the 24-hour clock: `ends 15:00`",
            );
        }
        if let (Some(gates), Some(starts)) = (&day.gates_open, &day.starts)
            && starts.node < gates.node
        {
            out_of_order(
                diagnostics,
                starts.span,
                gates.span,
                format!(
                    "the day starts at {} before the gates open at {}",
                    starts.node.format("%H:%M"),
                    gates.node.format("%H:%M")
                ),
                "the gates open at or before the start of the day",
            );
        }
    }
    for register in sections.registers.values() {
        if register.closes.node <= register.opens.node {
            out_of_order(
                diagnostics,
                register.closes.span,
                register.opens.span,
                format!(
                    "the register closes at {} but opens at {}",
                    register.closes.node.format("%H:%M"),
                    register.opens.node.format("%H:%M")
                ),
                "a register closes after it opens, like `opens 08:35 closes 09:00`",
            );
        }
    }
    if let (Some(am), Some(pm)) = (sections.registers.get(&Session::Am), sections.registers.get(&Session::Pm))
        && pm.opens.node < am.closes.node
    {
        out_of_order(
            diagnostics,
            pm.opens.span,
            am.closes.span,
            format!(
                "the afternoon register opens at {}, before the morning register closes at {}",
                pm.opens.node.format("%H:%M"),
                am.closes.node.format("%H:%M")
            ),
            "the afternoon register opens after the morning one closes, on the 24-hour clock: `13:40`, not `01:40`",
        );
    }
    if let Some(notices) = &sections.penalty_notices {
        for terms in notices.amounts.values() {
            for pair in terms.node.windows(2) {
                if let [earlier, later] = pair
                    && later.within_days <= earlier.within_days
                {
                    out_of_order(diagnostics, terms.span, terms.span, "the payment periods of a penalty notice must grow: each later amount is paid within more days".to_string(), "list the amounts in order, like `first £80 within 21 days, £160 within 28 days`");
                }
            }
        }
        if let Some(range) = &notices.notice_to_improve_weeks
            && range.node.1 < range.node.0
        {
            out_of_order(
                diagnostics,
                range.span,
                range.span,
                format!(
                    "the improvement period runs from {} to {} weeks: the longest is shorter than the shortest",
                    range.node.0, range.node.1
                ),
                "write the shortest period first, like `notice to improve 3 weeks to 6 weeks`",
            );
        }
    }
}

/// Every condition in a school's sections, for checks that look at codes.
pub fn conditions(sections: &Sections) -> Vec<&Condition> {
    let mut all: Vec<&Condition> = Vec::new();
    all.extend(sections.rules.iter().map(|r| &r.when.node));
    if let Some(medical) = &sections.medical_evidence {
        all.extend(medical.node.iter().filter_map(|t| match &t.node {
            MedicalTrigger::When(c) => Some(c),
            _ => None,
        }));
    }
    if let Some(threshold) = sections.penalty_notices.as_ref().and_then(|p| p.threshold.as_ref()) {
        all.push(&threshold.node);
    }
    all.extend(sections.persistent_absence.iter().map(|c| &c.node));
    all.extend(sections.severe_absence.iter().map(|c| &c.node));
    all
}

/// Each number the policy says it does not state, shown where it is.
fn numbers_not_stated(sections: &Sections, diagnostics: &mut Vec<Diagnostic>) {
    for review in
        sections.rules.iter().filter_map(|r| r.review.as_ref()).filter(|r| r.node == Review::NotStated)
    {
        diagnostics.push(
            Diagnostic::new(
                Code::NUMBER_NOT_STATED,
                "the policy does not state how often this rule is reviewed, so it never fires when run".to_string(),
                review.span,
                "not stated",
            )
            .help("write the interval the school uses (for example `reviewed every 2 school weeks`) once the policy states it"),
        );
    }
    for condition in conditions(sections) {
        for c in condition.comparisons().into_iter().filter(|c| c.threshold == Threshold::NotStated) {
            diagnostics.push(
                Diagnostic::new(
                    Code::NUMBER_NOT_STATED,
                    "the policy does not state this number, so the comparison never holds when run"
                        .to_string(),
                    c.at.threshold,
                    "not stated",
                )
                .related(c.at.measure, "counted, but compared with no number")
                .help("write the number the school uses (for example `>= 10`) once the policy states it"),
            );
        }
    }
}

fn codes_known(school: &School, regime: &Regime, diagnostics: &mut Vec<Diagnostic>) {
    // A mark a rule would record must be a code of the regulations in force.
    for action in school.sections.rules.iter().flat_map(|r| &r.actions) {
        if let crate::syntax::ast::Action::Recode(code) = &action.node
            && regime.code(code).is_none()
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::UNKNOWN_ATTENDANCE_CODE,
                    format!("`{code}` is not an attendance code of {}", regime.name),
                    action.span,
                    "unknown code",
                )
                .help(format!("`attend codes --regime {}` lists the codes", regime.name)),
            );
        }
    }
    for condition in conditions(&school.sections) {
        for comparison in condition.comparisons() {
            let Some(codes) = comparison.measure.codes() else { continue };
            for item in &codes.items {
                match &item.node {
                    CodeRef::Code(code)
                        if regime.code(code).is_none() && regime.withdrawn(code).is_none() =>
                    {
                        diagnostics.push(
                            Diagnostic::new(
                                Code::UNKNOWN_ATTENDANCE_CODE,
                                format!("`{code}` is not an attendance code of {}", regime.name),
                                item.span,
                                "unknown code",
                            )
                            .help(format!(
                                "the codes are: {}; `attend codes --regime {}` explains each",
                                regime.codes.iter().map(|c| c.code.as_str()).collect::<Vec<_>>().join(" "),
                                regime.name
                            )),
                        );
                    }
                    CodeRef::Group(name) if regime.group(name).is_none() => {
                        let names: Vec<&str> = crate::regulations::GROUPS.iter().map(|(n, _)| *n).collect();
                        diagnostics.push(
                            Diagnostic::new(
                                Code::UNKNOWN_CODE_GROUP,
                                format!("there is no group of codes called `{name}`"),
                                item.span,
                                "unknown group",
                            )
                            .help(format!(
                                "the groups are: {}; or list codes in capitals, like `(G, O, U)`",
                                names.join(", ")
                            )),
                        );
                    }
                    _ => {}
                }
            }
        }
    }
}
