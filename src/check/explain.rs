//! `attend explain CODE`: what a diagnostic means, why, what the law says
//! where it rests on law, and an example before and after.

use super::compliance;
use crate::diagnostics::Code;
use crate::regulations::Regimes;
use std::fmt::Write;

pub fn explain(code: Code, regimes: &Regimes) -> String {
    let info = code.info();
    let mut out = String::new();
    let severity = match info.severity {
        crate::diagnostics::Severity::Error => "error",
        crate::diagnostics::Severity::Warning => "warning",
    };
    let _ = writeln!(out, "{} {} ({severity})", info.id, info.name);
    let _ = writeln!(out, "{}\n", info.summary);
    let _ = writeln!(out, "{}\n", wrap(info.explanation, 80));
    if let Some(key) = compliance::check_for(code).and_then(|c| c.citations.first().copied()) {
        for regime in regimes.all() {
            if let Some(data) = regime.citations.get(key) {
                let unchecked = format!(" ({})", crate::regulations::UNCHECKED);
                let checked = if data.checked { "" } else { unchecked.as_str() };
                let _ = writeln!(
                    out,
                    "{}: {}, {}{checked}\n  {}\n",
                    regime.name, data.instrument, data.provision, data.url
                );
            }
        }
    }
    let _ = writeln!(out, "Before:\n{}\n", indent(info.before));
    let _ = writeln!(out, "After:\n{}", indent(info.after));
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        if line > 0 && line + 1 + word.len() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}
