//! C103: the morning register taken at the beginning of the session.

use super::{Check, Context};
use crate::diagnostics::Label;
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::syntax::ast::Session;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C103",
    name: "register-after-session-start",
    severity: Severity::Warning,
    summary: "the morning register opens after the day starts",
    explanation: "The morning register is taken at the beginning of the morning session. When the policy says the day starts earlier than the register opens, either the day's start is really when the gates or doors open (write it as `gates open`) or the register is taken late.",
    before: "day { starts 08:40 }\nregister am { opens 08:50 closes 09:05 }",
    after: "day { gates open 08:40  starts 08:50 }\nregister am { opens 08:50 closes 09:05 }",
});

pub static CHECK: Check = Check { code: CODE, citations: &["register_sessions"], run };

fn run(cx: &mut Context) {
    let sections = &cx.school.sections;
    if let (Some(day), Some(am)) = (&sections.day, sections.registers.get(&Session::Am))
        && let Some(starts) = &day.starts
        && am.opens.node > starts.node
        && cx.applies()
    {
        let gap = (am.opens.node - starts.node).num_minutes();
        cx.report(
            format!("the morning register opens {gap} minutes after the day starts"),
            am.opens.span,
            "the register opens here",
            format!(
                "if {} is when the gates or doors open, write `gates open {}` and `starts {}`; otherwise open the register at {}",
                starts.node.format("%H:%M"),
                starts.node.format("%H:%M"),
                am.opens.node.format("%H:%M"),
                starts.node.format("%H:%M")
            ),
        )
        .related
        .push(Label { span: starts.span, text: "the day starts here".into() });
    }
}
