//! Registers: both sessions registered, at the start of the session, closed in
//! time, and their entries kept long enough.

use super::Context;
use crate::diagnostics::Code;
use crate::syntax::ast::Session;

pub(super) fn check(cx: &mut Context) {
    let sections = &cx.school.sections;
    let limit = cx.regime.limits.register_open_max_minutes.as_ref().map(|l| l.value);
    for register in sections.registers.values() {
        let minutes = register.open_minutes();
        if let Some(max) = limit
            && minutes > i64::from(max)
        {
            let name = session_name(register.session);
            cx.report(
                Code::RegisterOpenTooLong,
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
    if cx.applies(Code::MissingRegister) {
        for session in [Session::Am, Session::Pm] {
            if !sections.registers.contains_key(&session) {
                let name = session_name(session);
                let example = if session == Session::Am {
                    "opens 08:35 closes 09:00"
                } else {
                    "opens 13:40 closes 13:55"
                };
                cx.report(
                    Code::MissingRegister,
                    format!("\"{}\" has no {name} register", cx.school.name.node),
                    cx.school.name.span,
                    &format!("no {name} register for this school"),
                    format!(
                        "say when the {name} register is taken: `register {} {{ {example} }}`",
                        short(session)
                    ),
                );
            }
        }
    }
    if let (Some(day), Some(am)) = (&sections.day, sections.registers.get(&Session::Am))
        && let Some(starts) = &day.starts
        && am.opens.node > starts.node
        && cx.applies(Code::RegisterAfterSessionStart)
    {
        let gap = (am.opens.node - starts.node).num_minutes();
        cx.report(
            Code::RegisterAfterSessionStart,
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
        .related.push(crate::diagnostics::Label { span: starts.span, text: "the day starts here".into() });
    }
    if let (Some(years), Some(min)) =
        (&sections.records_retained_years, &cx.regime.limits.records_retained_min_years)
        && years.node < min.value
    {
        let min = min.value;
        cx.report(
            Code::RecordsKeptTooShort,
            format!("register entries are kept for {} years; the regulations require {min}", years.node),
            years.span,
            "too short",
            format!("write `records retained {min} years`"),
        );
    }
}

fn session_name(session: Session) -> &'static str {
    match session {
        Session::Am => "morning",
        Session::Pm => "afternoon",
    }
}

fn short(session: Session) -> &'static str {
    match session {
        Session::Am => "am",
        Session::Pm => "pm",
    }
}
