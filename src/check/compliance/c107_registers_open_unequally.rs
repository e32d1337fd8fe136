//! C107: the morning and afternoon registers kept open for different lengths.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Label, Severity};
use crate::vocabulary::Session;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C107",
    name: "registers-open-unequally",
    severity: Severity::Warning,
    summary: "the two registers kept open for different lengths of time",
    explanation: "The statutory guidance expects a school's policy to say how long the register stays open, and that this should be the same for every session. The morning and afternoon registers here stay open for different lengths, so a pupil can be late in one session at an arrival that would be on time in the other. Guidance that says \"should\" gives a warning.",
    before: "register am { opens 08:50 closes 09:30 }\nregister pm { opens 13:00 closes 13:30 }",
    after: "register am { opens 08:50 closes 09:20 }\nregister pm { opens 13:00 closes 13:30 }",
});

pub static CHECK: Check = Check { code: CODE, citations: &["register_open"], run };

fn run(cx: &mut Context) {
    let registers = &cx.school.sections.registers;
    let (Some(am), Some(pm)) = (registers.get(&Session::Am), registers.get(&Session::Pm)) else { return };
    let (morning, afternoon) = (am.open_minutes(), pm.open_minutes());
    if morning == afternoon {
        return;
    }
    let (am_span, pm_span) = (am.closes.span, pm.closes.span);
    cx.report(
        format!(
            "the morning register is open for {morning} minutes and the afternoon register for {afternoon}"
        ),
        pm_span,
        &format!("{afternoon} minutes"),
        format!("keep both registers open for the same time, such as {} minutes", morning.min(afternoon)),
    )
    .related
    .push(Label { span: am_span, text: format!("{morning} minutes") });
}
