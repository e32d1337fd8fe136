//! C702: medical evidence not asked for routinely (guidance: a warning).

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::model::MedicalTrigger;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C702",
    name: "routine-medical-evidence",
    severity: Severity::Warning,
    summary: "medical evidence asked for routinely",
    explanation: "The statutory guidance says schools should not routinely ask for medical evidence for illness; only where there is genuine and reasonable doubt. Asking for it after a set number of days is routine. This is guidance: a warning.",
    before: "medical evidence { when consecutive school days(I) > 5 }",
    after: "medical evidence { when in doubt }",
});

pub static CHECK: Check = Check { code: CODE, citations: &["medical_evidence"], run };

fn run(cx: &mut Context) {
    if !cx.applies() {
        return;
    }
    let Some(triggers) = &cx.school.sections.medical_evidence else { return };
    let routine: Vec<_> =
        triggers.node.iter().filter(|t| matches!(t.node, MedicalTrigger::When(_))).map(|t| t.span).collect();
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
