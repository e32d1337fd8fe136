//! C101: no register open longer than the regulations allow.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C101",
    name: "register-open-too-long",
    severity: Severity::Warning,
    summary: "a register kept open longer than the statutory guidance expects",
    explanation: "The register records who is present when it is taken; a pupil arriving after it closes is marked U, unauthorised absence. The regulations set no time, but the statutory guidance says the register should close no later than 30 minutes after it opens, the same for every session. Guidance that says \"should\" gives a warning.",
    before: "register am { opens 08:35 closes 09:30 }",
    after: "register am { opens 08:35 closes 09:05 }",
});

pub static CHECK: Check = Check { code: CODE, citations: &["register_open"], run };

fn run(cx: &mut Context) {
    let limit = cx.regime.limits.register_open_max_minutes.as_ref().map(|l| l.value);
    for register in cx.school.sections.registers.values() {
        let minutes = register.open_minutes();
        if let Some(max) = limit
            && minutes > i64::from(max)
        {
            let name = register.session.name();
            cx.report(
                format!("the {name} register is open for {minutes} minutes; the most allowed is {max}"),
                register.closes.span,
                &format!("{minutes} minutes after it opens"),
                format!(
                    "close the register at most {max} minutes after it opens: `closes {}`",
                    (register.opens.node + chrono::TimeDelta::minutes(max.into())).format("%H:%M")
                ),
            );
        }
    }
}
