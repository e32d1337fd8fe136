//! Long CSV (`pupil,date,session,mark[,minutes_late]`) and wide CSV
//! (`pupil,date,am,pm[,am_minutes_late,pm_minutes_late]`). Columns are found by
//! their header names, in any order; fields may be quoted.

use super::csv_split::{Lines, trim_line, unquote};
use super::mapping::Dates;
use super::plain_rows::PlainRows;
use super::{CodeTable, Format, Mapping, Mark, Problem, ProblemKind, Problems, Source};
use crate::vocabulary::Session;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub(super) struct Columns {
    pupil: usize,
    date: usize,
    /// Long: `mark` and `session`; wide: `am` and `pm`.
    first: usize,
    second: usize,
    minutes: Option<usize>,
    second_minutes: Option<usize>,
    count: usize,
    format: Format,
    /// How the file writes its values.
    mapping: Arc<Mapping>,
    /// The fast path for plain rows, when the layout allows it.
    plain: Option<PlainRows>,
}

/// The columns named by a header line (without its line ending).
pub(super) fn header(
    source: &Source,
    line: &[u8],
    format: Format,
    mapping: &Arc<Mapping>,
    problems: &mut Problems,
) -> Option<Columns> {
    let names = header_names(line);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    columns(&names, format, mapping, source, problems)
}

/// A header line's column names, in lower case.
pub(super) fn header_names(line: &[u8]) -> Vec<String> {
    let header = String::from_utf8_lossy(trim_line(line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line)))
        .to_ascii_lowercase();
    header.split(',').map(|c| c.trim().trim_matches('"').trim().to_string()).collect()
}

/// The pupil field of a row as written (quotes and all), for cutting a file
/// between two pupils' rows.
pub(super) fn raw_pupil<'a>(columns: &Columns, line: &'a [u8]) -> &'a [u8] {
    trim_line(line).split(|&b| b == b',').nth(columns.pupil).unwrap_or_default().trim_ascii()
}

/// Reads the rows in `bytes`, whole lines that follow `lines_before` lines of
/// the file, handing each mark to `each`. Returns the number of lines read.
pub(super) fn read_rows(
    source: &Source,
    columns: &Columns,
    bytes: &[u8],
    lines_before: u64,
    table: &CodeTable,
    problems: &mut Problems,
    each: &mut impl FnMut(&str, Mark),
) -> u64 {
    let mut fields: Vec<(usize, usize)> = Vec::with_capacity(8);
    let mut unquoted = Vec::new();
    let mut number = lines_before;
    let mapping = &columns.mapping;
    let mut dates = mapping.dates();
    // Rows come in runs of one pupil: their id is checked once a run.
    let mut pupil = String::new();
    // Whether `pupil` was last set from a plain row, so that a row starting
    // with it may be read by its shape.
    let mut plain_pupil = false;
    let mut lines = Lines::new(bytes);
    loop {
        if let Some(mark) = plain_row(columns, &mut lines, &mut dates, table, &mut pupil, &mut plain_pupil) {
            number += 1;
            each(&pupil, Mark { file: source.index, line: number, ..mark });
            continue;
        }
        let Some((line, quoted)) = lines.next_split(&mut fields) else { break };
        number += 1;
        let text = trim_line(line);
        if fields.last().is_some_and(|f| f.1 > text.len()) {
            // The line ended with a carriage return: the last field stops before it.
            if let Some(last) = fields.last_mut() {
                last.1 = text.len().max(last.0);
            }
        }
        let row: &[u8] = if quoted {
            unquote(text, &mut unquoted, &mut fields);
            &unquoted
        } else {
            text
        };
        if fields.len() == 1 && text.trim_ascii().is_empty() {
            continue;
        }
        let at = |field: usize| column(text, fields.get(field).map_or(0, |f| f.0));
        if fields.len() != columns.count {
            let message = format!("expected {} fields, found {}", columns.count, fields.len());
            problems.report(Problem::new(source, number, 1, ProblemKind::WrongNumberOfFields, message));
            continue;
        }
        let field = |i: usize| {
            fields.get(i).and_then(|&(from, to)| row.get(from..to)).unwrap_or_default().trim_ascii()
        };
        let pupil_text = field(columns.pupil);
        if pupil_text.is_empty() {
            problems.report(Problem::new(
                source,
                number,
                at(columns.pupil),
                ProblemKind::MissingColumn,
                "the pupil id is empty".into(),
            ));
            continue;
        }
        if pupil_text != pupil.as_bytes() {
            let Ok(text) = std::str::from_utf8(pupil_text) else {
                problems.report(Problem::new(
                    source,
                    number,
                    at(columns.pupil),
                    ProblemKind::NotUtf8,
                    "the pupil id is not UTF-8 text".into(),
                ));
                continue;
            };
            pupil.clear();
            pupil.push_str(text);
            plain_pupil = false;
        }
        let pupil = pupil.as_str();
        let date = dates.parse(field(columns.date));
        let Some(date) = date else {
            let message = format!(
                "`{}` is not a date like {}",
                String::from_utf8_lossy(field(columns.date)),
                mapping.date_example()
            );
            problems.report(Problem::new(source, number, at(columns.date), ProblemKind::BadDate, message));
            continue;
        };
        let minutes = |index: Option<usize>, problems: &mut Problems| -> Result<Option<u32>, ()> {
            let Some(i) = index else { return Ok(None) };
            let text = field(i);
            if text.is_empty() {
                return Ok(None);
            }
            match std::str::from_utf8(text).ok().and_then(|t| t.parse::<u32>().ok()) {
                Some(m) if m <= 24 * 60 => Ok(Some(m)),
                _ => {
                    let message =
                        format!("`{}` is not a number of minutes late", String::from_utf8_lossy(text));
                    problems.report(Problem::new(
                        source,
                        number,
                        at(i),
                        ProblemKind::BadMinutesLate,
                        message,
                    ));
                    Err(())
                }
            }
        };
        let code = |i: usize, problems: &mut Problems| -> Result<u8, ()> {
            table.lookup_on(mapping.code(field(i)), date).map_err(|problem| {
                let message = problem.message(&String::from_utf8_lossy(field(i)), date);
                problems.report(Problem::new(source, number, at(i), problem.kind(), message));
            })
        };
        let mark = |session, code, minutes_late| Mark {
            date,
            session,
            code,
            minutes_late,
            file: source.index,
            line: number,
        };
        match columns.format {
            Format::WideCsv => {
                for (session, i, m) in [
                    (Session::Am, columns.first, columns.minutes),
                    (Session::Pm, columns.second, columns.second_minutes),
                ] {
                    if mapping.is_no_mark(field(i)) {
                        continue; // no mark for this session: reported as missing by the run
                    }
                    if let (Ok(c), Ok(minutes_late)) = (code(i, problems), minutes(m, problems)) {
                        each(pupil, mark(session, c, minutes_late));
                    }
                }
            }
            _ => {
                let session_text = field(columns.second);
                let session = if let Some(session) = mapping.session(session_text) {
                    session
                } else {
                    let message = format!(
                        "`{}` is not a session: write AM or PM",
                        String::from_utf8_lossy(session_text)
                    );
                    problems.report(Problem::new(
                        source,
                        number,
                        at(columns.second),
                        ProblemKind::BadSession,
                        message,
                    ));
                    continue;
                };
                // A session not yet marked: its row is read and checked, and
                // the session is reported as missing by the run.
                if mapping.is_no_mark(field(columns.first)) {
                    continue;
                }
                if let (Ok(c), Ok(minutes_late)) =
                    (code(columns.first, problems), minutes(columns.minutes, problems))
                {
                    each(pupil, mark(session, c, minutes_late));
                }
            }
        }
    }
    number - lines_before
}

fn columns(
    names: &[&str],
    format: Format,
    mapping: &Arc<Mapping>,
    source: &Source,
    problems: &mut Problems,
) -> Option<Columns> {
    let c = &mapping.columns;
    let find = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
    let (required, optional): ([&str; 4], [&str; 2]) = match format {
        Format::WideCsv => ([&c.pupil, &c.date, &c.am, &c.pm], [&c.am_minutes_late, &c.pm_minutes_late]),
        _ => ([&c.pupil, &c.date, &c.mark, &c.session], [&c.minutes_late, ""]),
    };
    for name in required {
        if find(name).is_none() {
            let expected = match format {
                Format::WideCsv => required.join(","),
                _ => [&c.pupil, &c.date, &c.session, &c.mark].map(String::as_str).join(","),
            };
            let message = format!(
                "the header has no `{name}` column; a {} register's header is `{expected}`",
                if format == Format::WideCsv { "wide" } else { "long" }
            );
            problems.report(Problem::new(source, 1, 1, ProblemKind::MissingColumn, message));
            return None;
        }
    }
    let [pupil, date, first, second] = required.map(find);
    let (pupil, date, first, second) = (pupil?, date?, first?, second?);
    let minutes = optional.first().filter(|n| !n.is_empty()).and_then(|n| find(n));
    let plain = match format {
        Format::LongCsv => PlainRows::new(mapping, [pupil, date, second, first], minutes, names.len()),
        _ => None,
    };
    Some(Columns {
        pupil,
        date,
        first,
        second,
        minutes,
        second_minutes: optional.get(1).filter(|n| !n.is_empty()).and_then(|n| find(n)),
        count: names.len(),
        format,
        mapping: Arc::clone(mapping),
        plain,
    })
}

#[cfg(test)]
impl Columns {
    /// The same columns read without the fast path.
    pub(super) fn without_fast_path(&self) -> Columns {
        Columns { plain: None, ..self.clone() }
    }
}

/// The next row by the fast path, if it is plain and has no problem: its
/// mark (file and line left for the caller), with `pupil` set to its pupil.
#[inline]
fn plain_row(
    columns: &Columns,
    lines: &mut Lines,
    dates: &mut Dates,
    table: &CodeTable,
    pupil: &mut String,
    plain_pupil: &mut bool,
) -> Option<Mark> {
    let (Some(plain), Dates::Iso(cache)) = (&columns.plain, dates) else { return None };
    let same = match *plain_pupil {
        true => plain.same_pupil(lines.rest, pupil.as_bytes(), cache, table),
        false => None,
    };
    let row = match same {
        Some(row) => row,
        None => {
            let row = plain.read(lines.rest, &columns.mapping, cache, table)?;
            if row.pupil != pupil.as_bytes() {
                let text = std::str::from_utf8(row.pupil).ok()?;
                pupil.clear();
                pupil.push_str(text);
            }
            *plain_pupil = true;
            row
        }
    };
    lines.rest = lines.rest.get(row.taken..).unwrap_or_default();
    Some(Mark {
        date: row.date,
        session: row.session,
        code: row.code,
        minutes_late: row.minutes_late,
        file: 0,
        line: 0,
    })
}

/// The one-based character column of byte `offset` in `line`.
fn column(line: &[u8], offset: usize) -> u64 {
    let prefix = line.get(..offset).unwrap_or(line);
    String::from_utf8_lossy(prefix).chars().count() as u64 + 1
}
