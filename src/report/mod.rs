//! Presenting a run: events, yearly summaries and data-quality findings as a
//! table for people, JSON lines or CSV for programs. Pupil ids can be replaced
//! by stable salted hashes; nothing else about a pupil is ever printed.

use crate::engine::{Event, QualityFinding, QualityReport, RunOutput, Summary};
use crate::register::Problems;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Replaces a pupil id with `p-` and 12 hex digits of SHA-256(salt, id): the
/// same id and salt always give the same result; without the salt it cannot be
/// turned back.
pub fn pseudonym(id: &str, salt: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update([0u8]);
    hasher.update(id.as_bytes());
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("p-{hex}")
}

/// Applies pseudonyms to every pupil id in the output.
pub fn pseudonymise(output: &mut RunOutput, salt: &str) {
    for e in &mut output.events {
        e.pupil = pseudonym(&e.pupil, salt);
    }
    for s in &mut output.summaries {
        s.pupil = pseudonym(&s.pupil, salt);
    }
    for examples in output.quality.examples.values_mut() {
        for f in examples.iter_mut() {
            f.pupil = pseudonym(&f.pupil, salt);
        }
    }
    // Pseudonyms sort differently from ids: restore the documented order.
    output
        .events
        .sort_by(|a, b| (&a.pupil, a.date, &a.rule, &a.action).cmp(&(&b.pupil, b.date, &b.rule, &b.action)));
    output.summaries.sort_by(|a, b| (&a.pupil, &a.year).cmp(&(&b.pupil, &b.year)));
    for examples in output.quality.examples.values_mut() {
        examples.sort();
    }
}

fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                out.push_str(&format!("{cell:<w$}  "));
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = line(header.to_vec());
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

fn event_row(e: &Event) -> Vec<String> {
    vec![
        e.pupil.clone(),
        e.date.to_string(),
        e.rule.clone(),
        e.action.clone(),
        e.value.clone(),
        format!("{} to {}", e.window_from, e.window_to),
        e.source.clone(),
    ]
}

const EVENT_HEADER: [&str; 7] = ["pupil", "date", "rule", "action", "value", "window", "source"];

fn summary_row(s: &Summary) -> Vec<String> {
    let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
    vec![
        s.pupil.clone(),
        s.year.clone(),
        s.possible.to_string(),
        s.present.to_string(),
        s.authorised.to_string(),
        s.unauthorised.to_string(),
        s.attendance.clone(),
        yes(s.persistent_absence),
        yes(s.severe_absence),
        s.late.to_string(),
    ]
}

const SUMMARY_HEADER: [&str; 10] = [
    "pupil",
    "year",
    "possible",
    "present",
    "authorised",
    "unauthorised",
    "attendance",
    "persistent",
    "severe",
    "late",
];

pub fn human(output: &RunOutput, summary: bool) -> String {
    let mut out = String::new();
    let days = &output.calendar.days;
    out.push_str(&format!(
        "{} marks, {} pupils, {} school days{}\n\n",
        output.marks,
        output.pupils,
        days.len(),
        match (days.first(), days.last()) {
            (Some(a), Some(b)) => format!(" from {a} to {b}"),
            _ => String::new(),
        }
    ));
    if output.events.is_empty() {
        out.push_str("no rule fired\n");
    } else {
        let rows: Vec<Vec<String>> = output.events.iter().map(event_row).collect();
        out.push_str(&table(&EVENT_HEADER, &rows));
    }
    if summary {
        out.push('\n');
        let rows: Vec<Vec<String>> = output.summaries.iter().map(summary_row).collect();
        out.push_str(&table(&SUMMARY_HEADER, &rows));
    }
    out.push_str(&quality_text(&output.quality));
    out.push_str(&skipped_text(&output.skipped));
    out
}

pub fn quality_text(quality: &QualityReport) -> String {
    let mut out = String::new();
    if quality.counts.is_empty() {
        return out;
    }
    out.push_str("\ndata quality:\n");
    for (kind, count) in &quality.counts {
        out.push_str(&format!("  {count} {}\n", kind.describe()));
        for f in &quality.examples[kind] {
            out.push_str(&format!("    {} {} {}\n", f.pupil, f.date, session(f)));
        }
        if *count as usize > quality.examples[kind].len() {
            out.push_str(&format!("    ... and {} more\n", *count as usize - quality.examples[kind].len()));
        }
    }
    out
}

fn session(f: &QualityFinding) -> &'static str {
    match f.session {
        crate::compile::ir::Session::Am => "AM",
        crate::compile::ir::Session::Pm => "PM",
    }
}

pub fn skipped_text(skipped: &Problems) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    format!("\nunreadable rows (skipped):\n{}", skipped.summary())
}

#[derive(Serialize)]
#[serde(tag = "record", rename_all = "kebab-case")]
enum Line<'a> {
    Event(&'a Event),
    Summary(&'a Summary),
    Quality { kind: crate::engine::QualityKind, count: u64, examples: &'a [QualityFinding] },
    Skipped { kind: crate::register::ProblemKind, count: u64, examples: &'a [crate::register::Problem] },
}

pub fn jsonl(output: &RunOutput, summary: bool) -> String {
    let mut out = String::new();
    let mut push = |line: Line| {
        out.push_str(&serde_json::to_string(&line).unwrap_or_default());
        out.push('\n');
    };
    for e in &output.events {
        push(Line::Event(e));
    }
    if summary {
        for s in &output.summaries {
            push(Line::Summary(s));
        }
    }
    for (kind, count) in &output.quality.counts {
        push(Line::Quality { kind: *kind, count: *count, examples: &output.quality.examples[kind] });
    }
    for (kind, count) in &output.skipped.counts {
        push(Line::Skipped { kind: *kind, count: *count, examples: &output.skipped.examples[kind] });
    }
    out
}

fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn csv_table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = header.join(",") + "\n";
    for row in rows {
        out.push_str(&row.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// Events as CSV (the window as two columns); with `summary`, the summary
/// table follows after an empty line.
pub fn csv(output: &RunOutput, summary: bool) -> String {
    let header = ["pupil", "date", "rule", "action", "value", "window_from", "window_to", "source"];
    let rows = output.events.iter().map(|e| {
        vec![
            e.pupil.clone(),
            e.date.to_string(),
            e.rule.clone(),
            e.action.clone(),
            e.value.clone(),
            e.window_from.to_string(),
            e.window_to.to_string(),
            e.source.clone(),
        ]
    });
    let mut out = csv_table(&header, rows);
    if summary {
        out.push('\n');
        out.push_str(&csv_table(&SUMMARY_HEADER, output.summaries.iter().map(summary_row)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_stable_and_salted() {
        assert_eq!(pseudonym("A123", "salt"), pseudonym("A123", "salt"));
        assert_ne!(pseudonym("A123", "salt"), pseudonym("A123", "pepper"));
        assert_ne!(pseudonym("A123", "salt"), pseudonym("A124", "salt"));
        assert!(pseudonym("A123", "salt").starts_with("p-"));
    }

    #[test]
    fn csv_cells_are_quoted_when_needed() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
