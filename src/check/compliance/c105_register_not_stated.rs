//! C105: a register whose times the policy says it does not state.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C105",
    name: "register-not-stated",
    severity: Severity::Warning,
    summary: "the policy does not state when a register is taken",
    explanation: "The register is taken at the beginning of each morning session and once during each afternoon session, and parents and staff need to know when: the time a pupil counts as late, and the time after which the register is closed, follow from it. The policy says `not stated` for this register, so attend reports it instead of guessing. A run uses no times for it: marks of that session give no lateness events.",
    before: "register pm { not stated }",
    after: "register pm { opens 13:40 closes 13:55 }",
});

pub static CHECK: Check = Check { code: CODE, citations: &["register_sessions"], run };

fn run(cx: &mut Context) {
    let blanks: Vec<_> =
        cx.school.sections.registers_not_stated.iter().map(|(s, span)| (*s, *span)).collect();
    for (session, span) in blanks {
        let name = session.name();
        cx.report(
            format!("the policy does not state when the {name} register is taken or closed"),
            span,
            "not stated",
            format!(
                "state the {name} register's times: `register {} {{ opens HH:MM closes HH:MM }}`",
                session.short()
            ),
        );
    }
}
