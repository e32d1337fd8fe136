//! `attend run --format csv`: events and summaries as CSV, each row written
//! into one buffer, with cells that a spreadsheet could run as a formula kept
//! as text.

use super::{summary_header, summary_row};
use crate::engine::{Event, RunOutput};
use chrono::{Datelike, NaiveDate};

/// Whether a cell must be quoted: it holds a separator, a quote or a line end.
fn needs_quotes(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

/// Whether a spreadsheet could run the cell as a formula.
fn formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Appends `text` as one CSV cell: quoted where it holds a separator, a quote
/// or a line end, and kept from starting a formula in a spreadsheet (a `'`
/// first, as OWASP advises).
fn push_csv_cell(out: &mut String, text: &str) {
    let formula = formula(text);
    if !formula && !needs_quotes(text) {
        out.push_str(text);
        return;
    }
    out.push('"');
    if formula {
        out.push('\'');
    }
    for (k, part) in text.split('"').enumerate() {
        if k > 0 {
            out.push_str("\"\"");
        }
        out.push_str(part);
    }
    out.push('"');
}

/// Appends what `write` writes as one CSV cell, written in place and quoted
/// only if it needs to be.
fn push_csv_written(out: &mut String, write: impl FnOnce(&mut String)) {
    let start = out.len();
    write(out);
    let written = out.get(start..).unwrap_or("");
    if formula(written) || needs_quotes(written) {
        let text = out.split_off(start);
        push_csv_cell(out, &text);
    }
}

/// [`push_csv_written`] for a value that can only display itself.
fn push_csv_display(out: &mut String, value: impl std::fmt::Display) {
    use std::fmt::Write;
    push_csv_written(out, |out| {
        let _ = write!(out, "{value}");
    });
}

/// Appends a date as `YYYY-MM-DD`, as chrono writes it, without its formatter.
fn push_date(out: &mut String, date: NaiveDate) {
    let (year, month, day) = (date.year(), date.month(), date.day());
    if !(0..=9999).contains(&year) {
        push_csv_display(out, date);
        return;
    }
    for digit in [year / 1000, year / 100 % 10, year / 10 % 10, year % 10] {
        out.push(char::from(b'0' + digit as u8));
    }
    for part in [month, day] {
        out.push('-');
        out.push(char::from(b'0' + (part / 10) as u8));
        out.push(char::from(b'0' + (part % 10) as u8));
    }
}

/// One row of cells as a CSV line.
fn push_csv_row<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_csv_cell(out, cell.as_ref());
    }
    out.push('\n');
}

pub const CSV_HEADER: &str = "pupil,date,rule,action,action_name,value,unit,window_from,window_to,source\n";

/// Appends one event as a CSV row to `out`: the action's kind and name, and
/// the value's number and unit, each in a column of its own; the window as
/// two columns. No text is made for a cell on its own.
pub fn push_csv_event(out: &mut String, e: &Event) {
    push_csv_cell(out, &e.pupil);
    out.push(',');
    push_date(out, e.date);
    out.push(',');
    push_csv_cell(out, &e.rule);
    out.push(',');
    push_csv_cell(out, e.action.kind().key());
    out.push(',');
    push_csv_cell(out, e.action.name().unwrap_or(""));
    out.push(',');
    push_csv_written(out, |out| e.value.number_text().push_to(out));
    out.push(',');
    push_csv_cell(out, e.value.unit().key());
    out.push(',');
    push_date(out, e.window_from);
    out.push(',');
    push_date(out, e.window_to);
    out.push(',');
    push_csv_written(out, |out| e.source.push_to(out));
    out.push('\n');
}

/// With `summary`, the summary table as CSV after an empty line.
pub fn csv_tail(output: &RunOutput, summary: bool) -> String {
    let mut out = String::new();
    write_csv_tail(output, summary, &mut |text| out.push_str(text));
    out
}

/// [`csv_tail`] a line at a time to `write`: a summary table of many pupils
/// is never held whole.
pub fn write_csv_tail(output: &RunOutput, summary: bool, write: &mut dyn FnMut(&str)) {
    if !summary {
        return;
    }
    let mut line = "\n".to_string();
    push_csv_row(&mut line, &summary_header(output));
    write(&line);
    for s in &output.summaries {
        line.clear();
        push_csv_row(&mut line, &summary_row(s));
        write(&line);
    }
}

/// Events and (with `summary`) summaries as CSV.
pub fn csv(output: &RunOutput, summary: bool) -> String {
    let mut out = CSV_HEADER.to_string();
    output.events.iter().for_each(|e| push_csv_event(&mut out, e));
    out + &csv_tail(output, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_cell(text: &str) -> String {
        let mut out = String::new();
        push_csv_cell(&mut out, text);
        out
    }

    #[test]
    fn csv_cells_are_quoted_when_needed() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [(2025, 9, 1), (1, 1, 1), (999, 12, 31), (9999, 12, 31), (10000, 1, 1), (-5, 3, 4)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut out = String::new();
            push_date(&mut out, date);
            assert_eq!(out, csv_cell(&date.to_string()));
        }
    }

    #[test]
    fn text_written_in_place_is_quoted_as_a_cell_would_be() {
        for text in ["plain", "a, b", "=1+1", "-3", "say \"x\"", "line\nend", ""] {
            let mut out = "before,".to_string();
            push_csv_display(&mut out, text);
            assert_eq!(out, format!("before,{}", csv_cell(text)));
        }
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(csv_cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(csv_cell("+44"), "\"'+44\"");
        assert_eq!(csv_cell("-1"), "\"'-1\"");
        assert_eq!(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_cell("S000001"), "S000001");
    }
}
