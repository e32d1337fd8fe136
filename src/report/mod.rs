//! Presenting a run: events, yearly summaries and data-quality findings as a
//! table for people, JSON lines or CSV for programs. Pupil ids can be replaced
//! by stable salted hashes; nothing else about a pupil is ever printed.

mod change_chart;
mod csv;
pub mod doc;
pub mod html;
mod report_sections;
pub mod simulate;
pub mod test_results;
pub mod why;

pub use csv::{CSV_HEADER, csv, csv_tail, push_csv_event, write_csv_tail};

use crate::engine::{Event, QualityFinding, QualityReport, RunOutput, Summary};
use crate::register::Problems;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The shortest secret a pseudonym may be keyed with.
pub const MIN_SALT_BYTES: usize = 16;

/// HMAC-SHA-256 (RFC 2104) of `message` under `key`.
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    let long_key;
    let key = if key.len() > BLOCK {
        long_key = Sha256::digest(key);
        long_key.as_slice()
    } else {
        key
    };
    for (slot, byte) in block.iter_mut().zip(key) {
        *slot = *byte;
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    inner.update(message);
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().to_vec()
}

/// Replaces a pupil id with `p-` and 32 hex digits (128 bits) of
/// HMAC-SHA-256 keyed with the secret salt: the same id and salt always give
/// the same result; without the salt no id can be tried against it, and 128
/// bits make a collision among a country's pupils vanishingly unlikely.
pub fn pseudonym(id: &str, salt: &str) -> String {
    let mac = hmac_sha256(salt.as_bytes(), id.as_bytes());
    let hex: String = mac.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("p-{hex}")
}

/// Why pupil ids cannot be pseudonymised as asked.
#[derive(Debug, thiserror::Error)]
pub enum PseudonymError {
    #[error("--pseudonymise needs a secret salt: give --salt or set ATTEND_SALT")]
    NoSalt,
    #[error("the salt for --pseudonymise is {0} bytes; use a secret of at least {MIN_SALT_BYTES}")]
    ShortSalt(usize),
}

/// Replaces pupil ids as they pass, remembering the last one (a pupil's events
/// come together).
pub struct Pseudonyms {
    salt: String,
    last: Option<(String, String)>,
}

impl Pseudonyms {
    /// Pseudonyms keyed with `salt`, which must be given and long enough: a
    /// pseudonym keyed with a guessable salt can be turned back.
    pub fn new(salt: Option<String>) -> Result<Pseudonyms, PseudonymError> {
        let salt = salt.ok_or(PseudonymError::NoSalt)?;
        if salt.len() < MIN_SALT_BYTES {
            return Err(PseudonymError::ShortSalt(salt.len()));
        }
        Ok(Pseudonyms { salt, last: None })
    }

    pub fn replace(&mut self, id: &mut String) {
        match &self.last {
            Some((real, hidden)) if real == id => *id = hidden.clone(),
            _ => {
                let hidden = pseudonym(id, &self.salt);
                self.last = Some((std::mem::replace(id, hidden.clone()), hidden));
            }
        }
    }

    /// Replaces the ids in a run's output, and puts everything in the order
    /// of the pseudonyms, so that nothing in the output follows the real ids.
    pub fn apply(&mut self, output: &mut RunOutput) {
        for e in &mut output.events {
            self.replace(&mut e.pupil);
        }
        output.events.sort_by(|a, b| (&a.pupil, a.date, &a.rule).cmp(&(&b.pupil, b.date, &b.rule)));
        for s in &mut output.summaries {
            self.replace(&mut s.pupil);
        }
        output.summaries.sort_by(|a, b| (&a.pupil, &a.year).cmp(&(&b.pupil, &b.year)));
        for examples in output.quality.examples.values_mut() {
            for f in examples.iter_mut() {
                self.replace(&mut f.pupil);
            }
            examples.sort();
        }
    }
}

/// Columns padded to their widest cell. With `counts`, every column after the
/// first is right-aligned.
pub(crate) fn table<H: AsRef<str>>(header: &[H], rows: &[Vec<String>], counts: bool) -> String {
    let header: Vec<&str> = header.iter().map(AsRef::as_ref).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            match (i, counts) {
                (0, _) => out.push_str(&format!("{cell:<w$}")),
                (_, true) => out.push_str(&format!("  {cell:>w$}")),
                (_, false) => out.push_str(&format!("  {cell:<w$}")),
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = line(header);
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
        e.action.to_string(),
        e.value.to_string(),
        format!("{} to {}", e.window_from, e.window_to),
        e.source.to_string(),
    ]
}

const EVENT_HEADER: [&str; 7] = ["pupil", "date", "rule", "action", "value", "window", "source"];

fn summary_row(s: &Summary) -> Vec<String> {
    let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
    vec![
        s.pupil.clone(),
        s.year.to_string(),
        s.possible.to_string(),
        s.present.to_string(),
        s.authorised.to_string(),
        s.unauthorised.to_string(),
        s.attendance().to_string(),
        yes(s.persistent_absence),
        yes(s.severe_absence),
        s.late.to_string(),
    ]
    .into_iter()
    .chain(s.attributes().values().cloned())
    .collect()
}

/// The summary table's columns: the counts, then each pupil attribute (a
/// pupil's year group is `year group`, beside the academic `year`).
fn summary_header(output: &RunOutput) -> Vec<&str> {
    let attributes = output.summaries.first().map(|s| s.attributes().keys()).into_iter().flatten();
    SUMMARY_HEADER
        .iter()
        .copied()
        .chain(attributes.map(|a| if a == "year" { "year group" } else { a.as_str() }))
        .collect()
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
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    out.push_str(&format!(
        "{}, {}, {}{}\n\n",
        plural(output.marks as usize, "mark"),
        plural(output.pupils, "pupil"),
        plural(days.len(), "school day"),
        match (days.first(), days.last()) {
            (Some(a), Some(b)) => format!(" from {a} to {b}"),
            _ => String::new(),
        }
    ));
    if output.events.is_empty() {
        out.push_str("no rule fired\n");
    } else {
        let rows: Vec<Vec<String>> = output.events.iter().map(event_row).collect();
        out.push_str(&table(&EVENT_HEADER, &rows, false));
    }
    if summary {
        out.push('\n');
        let rows: Vec<Vec<String>> = output.summaries.iter().map(summary_row).collect();
        out.push_str(&table(&summary_header(output), &rows, false));
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
        let examples = quality.examples.get(kind).map_or(&[][..], Vec::as_slice);
        for f in examples {
            out.push_str(&format!("    {} {} {}\n", f.pupil, f.date, session(f)));
        }
        if *count as usize > examples.len() {
            out.push_str(&format!("    ... and {} more\n", *count as usize - examples.len()));
        }
    }
    out
}

fn session(f: &QualityFinding) -> &'static str {
    match f.session {
        crate::vocabulary::Session::Am => "AM",
        crate::vocabulary::Session::Pm => "PM",
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

/// One event as a JSON line.
pub fn jsonl_event(e: &Event) -> String {
    serde_json::to_string(&Line::Event(e)).unwrap_or_default() + "\n"
}

/// What follows the events in JSON lines: summaries (if asked), data quality,
/// skipped rows.
pub fn jsonl_tail(output: &RunOutput, summary: bool) -> String {
    let mut out = String::new();
    write_jsonl_tail(output, summary, &mut |text| out.push_str(text));
    out
}

/// [`jsonl_tail`] a line at a time to `write`.
pub fn write_jsonl_tail(output: &RunOutput, summary: bool, write: &mut dyn FnMut(&str)) {
    let mut push = |line: Line| write(&(serde_json::to_string(&line).unwrap_or_default() + "\n"));
    if summary {
        for s in &output.summaries {
            push(Line::Summary(s));
        }
    }
    for (kind, count) in &output.quality.counts {
        let examples = output.quality.examples.get(kind).map_or(&[][..], Vec::as_slice);
        push(Line::Quality { kind: *kind, count: *count, examples });
    }
    for (kind, count) in &output.skipped.counts {
        let examples = output.skipped.examples.get(kind).map_or(&[][..], Vec::as_slice);
        push(Line::Skipped { kind: *kind, count: *count, examples });
    }
}

/// Events and the rest, as JSON lines.
pub fn jsonl(output: &RunOutput, summary: bool) -> String {
    output.events.iter().map(jsonl_event).collect::<String>() + &jsonl_tail(output, summary)
}

/// A CSV cell, quoted when it must be. A cell that a spreadsheet would read as
/// a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is
/// prefixed with `'` and quoted, as OWASP advises against CSV injection.
/// The first line of `attend run --format jsonl`.
pub const JSONL_HEADER: &str = "{\"record\":\"header\",\"format\":\"attend-run\",\"version\":1}\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn a_salt_is_required_and_long() {
        assert!(matches!(Pseudonyms::new(None), Err(PseudonymError::NoSalt)));
        assert!(matches!(Pseudonyms::new(Some(String::new())), Err(PseudonymError::ShortSalt(0))));
        assert!(Pseudonyms::new(Some("a long enough secret".into())).is_ok());
    }

    #[test]
    fn pseudonyms_are_stable_and_salted() {
        assert_eq!(pseudonym("A123", "salt"), pseudonym("A123", "salt"));
        assert_ne!(pseudonym("A123", "salt"), pseudonym("A123", "pepper"));
        assert_ne!(pseudonym("A123", "salt"), pseudonym("A124", "salt"));
        assert!(pseudonym("A123", "salt").starts_with("p-"));
    }
}
