//! C702: medical evidence not asked for routinely (guidance: a warning).

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::model::MedicalTrigger;
use crate::syntax::ast::Action;
use crate::vocabulary::Measure;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C702",
    name: "routine-medical-evidence",
    severity: Severity::Warning,
    summary: "medical evidence asked for routinely",
    explanation: "The statutory guidance says schools should not routinely ask for medical evidence for illness; only where there is genuine and reasonable doubt. Asking for it after a set number of days is routine, in the `medical evidence` block or in a rule that requests it on marks alone; a rule that waits for a recorded doubt (`records(\"...\")`) is not. This is guidance: a warning.",
    before: "medical evidence { when consecutive school days(I) > 5 }",
    after: "medical evidence { when in doubt }",
});

pub static CHECK: Check = Check { code: CODE, citations: &["medical_evidence"], run };

fn run(cx: &mut Context) {
    if !cx.applies() {
        return;
    }
    // A condition on marks alone, with no recorded doubt, is routine.
    let recorded = |c: &crate::model::Condition| {
        c.comparisons().iter().any(|c| matches!(c.measure, Measure::Records(_)))
    };
    let mut routine: Vec<_> = cx
        .school
        .sections
        .medical_evidence
        .iter()
        .flat_map(|t| &t.node)
        .filter(|t| matches!(&t.node, MedicalTrigger::When(c) if !recorded(c)))
        .map(|t| t.span)
        .collect();
    routine.extend(
        cx.school
            .sections
            .rules
            .iter()
            .filter(|r| r.actions.iter().any(|a| a.node == Action::RequestMedicalEvidence))
            .filter(|r| !recorded(&r.when.node))
            .map(|r| r.name.span),
    );
    for span in routine {
        cx.report(
            "medical evidence is asked for routinely, after a set amount of illness".to_string(),
            span,
            "a routine request",
            "ask for medical evidence only where there is genuine and reasonable doubt: `when in doubt`"
                .to_string(),
        );
    }
}
