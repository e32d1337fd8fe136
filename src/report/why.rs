//! `attend why`: the firings of one pupil's rules, each with its explanation,
//! for people and as versioned JSON a school can keep as an audit record.

use crate::compile::RuleSet;
use crate::compile::ir::Origin;
use crate::diagnostics::codes::Code;
use crate::diagnostics::{Diagnostic, render};
use crate::engine::{Event, Explanation};
use crate::source::SourceMap;
use crate::vocabulary::{Action, Value};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The version of the JSON record; it changes only when a field changes meaning or goes.
pub const WHY_FORMAT_VERSION: u32 = 1;

/// One firing: a rule on a day, with all the actions it took.
#[derive(Debug, Serialize)]
pub struct Firing {
    pub date: NaiveDate,
    pub rule: String,
    pub actions: Vec<Action>,
    #[serde(flatten)]
    pub value: Value,
    pub source: Origin,
    #[serde(flatten)]
    pub explanation: Explanation,
}

#[derive(Debug, Serialize)]
pub struct Record<'a> {
    pub format: &'static str,
    pub version: u32,
    pub school: &'a str,
    pub regulations: &'a str,
    pub pupil: &'a str,
    pub firings: &'a [Firing],
}

/// Groups a pupil's events into firings (one per rule and day), keeping
/// those that match the rule and date asked about.
pub fn firings(events: Vec<Event>, rule: Option<&str>, date: Option<NaiveDate>) -> Vec<Firing> {
    let mut out: Vec<Firing> = Vec::new();
    for event in events {
        if rule.is_some_and(|r| r != event.rule) || date.is_some_and(|d| d != event.date) {
            continue;
        }
        let Some(explanation) = event.explanation else { continue };
        match out.last_mut() {
            Some(last) if (last.date, &last.rule) == (event.date, &event.rule) => {
                last.actions.push(event.action)
            }
            _ => out.push(Firing {
                date: event.date,
                rule: event.rule,
                actions: vec![event.action],
                value: event.value,
                source: event.source,
                explanation: *explanation,
            }),
        }
    }
    out
}

pub fn json(rules: &RuleSet, pupil: &str, firings: &[Firing]) -> Result<String, serde_json::Error> {
    let record = Record {
        format: "attend-why",
        version: WHY_FORMAT_VERSION,
        school: &rules.school,
        regulations: &rules.regulations,
        pupil,
        firings,
    };
    serde_json::to_string_pretty(&record).map(|s| s + "\n")
}

/// `filtered`: whether a rule or date was asked about.
pub fn human(rules: &RuleSet, pupil: &str, firings: &[Firing], filtered: bool) -> String {
    let mut out = format!("{pupil} at {} (under {})\n", rules.school, rules.regulations);
    for f in firings {
        let e = &f.explanation;
        let actions: Vec<String> = f.actions.iter().map(Action::to_string).collect();
        let _ = writeln!(out, "\n{}  {}", f.date, f.rule);
        let _ = writeln!(out, "  then       {}", actions.join(", "));
        let _ = writeln!(out, "  written at {}", source(&f.source));
        let _ = writeln!(out, "  when       {}", e.condition);
        for part in &e.parts {
            let verdict = if part.holds { "holds" } else { "does not hold" };
            // A condition of one comparison is the line above.
            if e.parts.len() > 1 {
                let _ = writeln!(out, "    {}", part.comparison);
            }
            let _ = writeln!(out, "             {verdict}: {} from {} to {}", part.value, part.from, part.to);
            if let Some(own) = &part.own_threshold {
                let value = own.value.as_deref().unwrap_or("not given");
                let _ = writeln!(out, "             threshold the pupil's {}: {value}", own.column);
            }
            let _ = writeln!(out, "             counted  {}", codes(&part.counted));
            if let Some(possible) = &part.possible {
                let _ = writeln!(out, "             possible {}", codes(possible));
            }
        }
        if let Some(minimum) = e.minimum_possible_sessions {
            let _ =
                writeln!(out, "             (compared once the window holds {minimum} possible sessions)");
        }
        let _ = writeln!(out, "  why now    {}", e.firing);
    }
    if firings.is_empty() {
        out.push_str(if filtered {
            "\nno rule fired for this pupil with the rule and date asked about\n"
        } else {
            "\nno rule fired for this pupil\n"
        });
    }
    out
}

/// Counts by code with their total: `G 2, O 8 (10)`.
fn codes(counts: &BTreeMap<String, u64>) -> String {
    if counts.is_empty() {
        return "nothing (0)".to_string();
    }
    let total: u64 = counts.values().sum();
    let each: Vec<String> = counts.iter().map(|(code, n)| format!("{code} {n}")).collect();
    format!("{} ({total})", each.join(", "))
}

fn source(origin: &Origin) -> String {
    match origin {
        Origin::Policy { .. } => origin.to_string(),
        Origin::Statutory { citation, .. } => format!("regulations {citation}"),
    }
}

/// A compliance finding explained: the statement it is about, as written.
#[derive(Debug, Serialize)]
struct FindingRecord<'a> {
    statement: String,
    #[serde(flatten)]
    finding: crate::diagnostics::render::JsonDiagnostic<'a>,
}

pub fn findings_json(
    sources: &SourceMap,
    code: Code,
    findings: &[Diagnostic],
) -> Result<String, serde_json::Error> {
    let records: Vec<FindingRecord> = findings
        .iter()
        .map(|d| FindingRecord {
            statement: sources.quote(d.label.span),
            finding: render::to_json(sources, d),
        })
        .collect();
    let record = serde_json::json!({
        "format": "attend-why",
        "version": WHY_FORMAT_VERSION,
        "code": code.id(),
        "name": code.info().name,
        "findings": records,
    });
    serde_json::to_string_pretty(&record).map(|s| s + "\n")
}

pub fn findings_human(sources: &SourceMap, code: Code, findings: &[Diagnostic]) -> String {
    let info = code.info();
    let mut out = format!("{} {}: {}\n", info.id, info.name, info.summary);
    if findings.is_empty() {
        out.push_str("\nthe policy has no such finding\n");
    }
    for d in findings {
        let span = d.label.span;
        let at = sources.line_col(span.file, span.start);
        let _ = writeln!(out, "\n{}:{}:{}", sources.file(span.file).path.display(), at.line, at.column);
        let _ = writeln!(out, "  statement  {}", sources.quote(d.label.span));
        let _ =
            writeln!(out, "  finding    {} ({})", d.message, if d.is_error() { "error" } else { "warning" });
        if let Some(citation) = &d.citation {
            let _ = writeln!(out, "  provision  {citation}");
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  to fix     {help}");
        }
    }
    out
}
