//! C106: the marks a policy gives late arrivals, against its register times.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::model::{Register, Sections};
use crate::regulations::LateArrival;
use crate::vocabulary::{Action, Session};
use chrono::NaiveTime;

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C106",
    name: "late-marks-disagree",
    severity: Severity::Error,
    summary: "a late arrival's mark that does not fit the register's times",
    explanation: "The codes say when a late pupil arrived: `L` is a pupil who arrived before the register closed, and is present; `U` is a pupil who arrived after it closed, and counts as an unauthorised absence. A policy that marks pupils `L` after its own register has closed, gives `U` before the register closes, or calls a time \"after the register has closed\" that is not its register's closing time, contradicts the code table and itself.",
    before: "register am { opens 08:45 closes 08:55 }\nlateness { arrival after 08:55 => mark L }",
    after: "register am { opens 08:45 closes 08:55 }\nlateness { arrival after 08:45 => mark L  arrival after 08:55 => mark U }",
});

pub static CHECK: Check = Check { code: CODE, citations: &["codes"], run };

/// The register a clock time falls in: the afternoon's from when it opens.
fn register_at(sections: &Sections, time: NaiveTime) -> Option<&Register> {
    match sections.registers.get(&Session::Pm) {
        Some(pm) if time >= pm.opens.node => Some(pm),
        _ => sections.registers.get(&Session::Am),
    }
}

fn run(cx: &mut Context) {
    let sections = &cx.school.sections;
    let Some(lateness) = &sections.lateness else { return };
    let mut found = Vec::new();
    for rule in &lateness.node {
        let Action::Mark(code) = &rule.action.node else { continue };
        let after = rule.after.node;
        let entry = cx.regime.code(code);
        let Some(arrival) = entry.and_then(|e| e.arrival) else {
            let meaning = entry.map_or("not a code of these regulations".to_string(), |e| e.meaning.clone());
            found.push((
                rule.action.span,
                format!("`{code}` is not a code for a late arrival ({meaning})"),
                "mark `L` for arrival before the register closes and `U` after it".to_string(),
            ));
            continue;
        };
        let Some(register) = register_at(sections, after) else { continue };
        let closes = register.closes.node;
        let close_text = closes.format("%H:%M");
        let register_name = format!("{}'s {} register", cx.school.name.node, register.session.name());
        let problem = match arrival {
            LateArrival::BeforeClose if after >= closes => Some(format!(
                "pupils arriving after {} are marked `{code}`, a mark for arriving before the register closes; {register_name} closes at {close_text}",
                after.format("%H:%M")
            )),
            LateArrival::AfterClose if after < closes => Some(format!(
                "pupils arriving after {} are marked `{code}`, a mark for arriving after the register closes; {register_name} is open until {close_text}",
                after.format("%H:%M")
            )),
            LateArrival::AfterClose if after > closes => Some(format!(
                "arrival after {} is treated as after the register closes, but {register_name} closes at {close_text}",
                after.format("%H:%M")
            )),
            _ => None,
        };
        if let Some(message) = problem {
            let help = match arrival {
                LateArrival::BeforeClose => format!(
                    "mark `L` only until the register closes, and `U` after: `arrival after {close_text} => mark U`"
                ),
                LateArrival::AfterClose => format!(
                    "give `U` from the register's closing time: `arrival after {close_text} => mark U`"
                ),
            };
            found.push((rule.span, message, help));
        }
    }
    for (span, message, help) in found {
        cx.report(message, span, "does not fit the register's times", help);
    }
}
