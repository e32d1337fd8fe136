//! C102: both a morning and an afternoon register.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::syntax::ast::Session;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C102",
    name: "missing-register",
    severity: Severity::Error,
    summary: "no morning or no afternoon register",
    explanation: "Attendance is recorded at the beginning of each morning session and once during each afternoon session, so a policy states both registers.",
    before: "register am { opens 08:35 closes 09:00 }",
    after: "register am { opens 08:35 closes 09:00 }\nregister pm { opens 13:40 closes 13:55 }",
});

pub static CHECK: Check = Check { code: CODE, citations: &["register_sessions"], run };

fn run(cx: &mut Context) {
    if !cx.applies() {
        return;
    }
    for session in [Session::Am, Session::Pm] {
        let sections = &cx.school.sections;
        // A register the policy says it does not state is C105's.
        if !sections.registers.contains_key(&session) && !sections.registers_not_stated.contains_key(&session)
        {
            let name = session.name();
            let example =
                if session == Session::Am { "opens 08:35 closes 09:00" } else { "opens 13:40 closes 13:55" };
            cx.report(
                format!("\"{}\" has no {name} register", cx.school.name.node),
                cx.school.name.span,
                &format!("no {name} register for this school"),
                format!(
                    "say when the {name} register is taken: `register {} {{ {example} }}`",
                    session.short()
                ),
            );
        }
    }
}
