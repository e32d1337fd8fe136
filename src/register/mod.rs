//! Register data: session marks read from files, checked as they are read.
//!
//! Readers stream: they hand each mark to a callback and keep nothing, and
//! read on past every problem, counting each kind with its first locations
//! (file, line and column). A strict run then stops with all of them; a
//! lenient one skips what could not be read and reports it.

pub mod calendar;
mod csv;
mod csv_split;
mod ctf;
mod ctf_pupils;
mod dates;
mod layouts;
mod mapping;
mod parts;
mod plain_rows;
mod problems;
pub mod pupils;
pub mod records;

pub use calendar::Calendar;
pub use dates::{DateCache, parse_date};
pub use layouts::recognise;
pub use mapping::{ColumnNames, Dates, Mapping, PupilColumns, SessionWords};
pub use parts::{PART_BYTES, Part, cut, lines_before, read as read_part};
pub use problems::{Problem, ProblemKind, Problems};
pub use pupils::{PartTimePlan, PupilDetails, Pupils};

use crate::regulations::Category;
use crate::vocabulary::{Session, Validity};
use chrono::NaiveDate;
use std::path::Path;

/// One session mark. `code` indexes the rule set's code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub date: NaiveDate,
    pub session: Session,
    pub code: u8,
    pub minutes_late: Option<u32>,
    /// Where the mark was read: file index and line.
    pub file: u16,
    pub line: u64,
}

/// The codes a register may hold, looked up quickly by their text, each with
/// the days it is a code of the regulations in force.
#[derive(Debug, Clone)]
pub struct CodeTable {
    pub codes: Vec<(String, Category)>,
    valid: Vec<Validity>,
    /// Codes of one or two ASCII bytes, indexed by their bytes; 255 = none.
    short: Vec<u8>,
    /// The codes valid on every date, as bits, whose dates need no check.
    always: u128,
    /// Codes of one byte, indexed by it; 255 = none.
    single: [u8; 256],
}

impl CodeTable {
    /// A table of at most 255 codes; any beyond that are not looked up.
    pub fn new(entries: Vec<(String, Category, Validity)>) -> CodeTable {
        let valid: Vec<Validity> = entries.iter().map(|(_, _, v)| *v).collect();
        let codes: Vec<(String, Category)> = entries.into_iter().map(|(c, k, _)| (c, k)).collect();
        let mut short = vec![255u8; 1 << 16];
        for (i, (code, _)) in codes.iter().enumerate().take(255) {
            if let (Some(key), Ok(i)) = (short_key(code.as_bytes()), u8::try_from(i))
                && let Some(slot) = short.get_mut(key)
            {
                *slot = i;
            }
        }
        let always = valid
            .iter()
            .enumerate()
            .filter(|(_, v)| v.from.is_none() && v.until.is_none())
            .fold(0u128, |bits, (i, _)| bits | 1u128.checked_shl(i as u32).unwrap_or(0));
        let mut single = [255u8; 256];
        for (b, slot) in single.iter_mut().enumerate() {
            *slot = short.get(b << 8).copied().unwrap_or(255);
        }
        CodeTable { codes, valid, short, always, single }
    }

    /// The code's index, if it is a code of the regulations in force on `date`.
    fn always_valid(&self, code: u8) -> bool {
        self.always.checked_shr(u32::from(code)).is_some_and(|bits| bits & 1 == 1)
    }

    /// The codes in force on `date`, as bits, for the first 128 codes.
    pub fn in_force_on(&self, date: NaiveDate) -> u128 {
        self.valid
            .iter()
            .take(128)
            .enumerate()
            .filter(|(_, v)| v.contains(date))
            .fold(0u128, |bits, (i, _)| bits | 1u128 << i)
    }

    /// [`CodeTable::valid_on`] for a one-byte code, with the date's codes in
    /// force from [`CodeTable::in_force_on`].
    #[inline]
    pub fn one_byte_on(&self, b: u8, date: NaiveDate, in_force: u128) -> Option<u8> {
        let code = self.single.get(usize::from(b)).copied().filter(|&i| i != 255)?;
        match in_force.checked_shr(u32::from(code)) {
            Some(bits) => (bits & 1 == 1).then_some(code),
            None => self.valid_on(&[b], date),
        }
    }

    /// The code's index if it is a code in force on `date`; `None` for
    /// anything else, without saying why.
    #[inline]
    pub fn valid_on(&self, text: &[u8], date: NaiveDate) -> Option<u8> {
        let code = match text {
            [b] => self.single.get(usize::from(*b)).copied().filter(|&i| i != 255)?,
            _ => self.lookup(text)?,
        };
        (self.always_valid(code) || self.valid.get(usize::from(code)).is_some_and(|v| v.contains(date)))
            .then_some(code)
    }

    #[inline]
    pub fn lookup_on(&self, text: &[u8], date: NaiveDate) -> Result<u8, CodeProblem> {
        let code = self.lookup(text).ok_or(CodeProblem::Unknown)?;
        if self.always_valid(code) {
            return Ok(code);
        }
        match self.valid.get(usize::from(code)) {
            Some(valid) if !valid.contains(date) => Err(CodeProblem::NotInForce(*valid)),
            _ => Ok(code),
        }
    }

    #[inline]
    pub fn lookup(&self, text: &[u8]) -> Option<u8> {
        match short_key(text) {
            Some(key) => self.short.get(key).copied().filter(|&i| i != 255),
            None => self.codes.iter().position(|(c, _)| c.as_bytes() == text).map(|i| i as u8),
        }
    }

    /// The category of a code the table gave; administrative for any other.
    pub fn category(&self, code: u8) -> Category {
        self.codes.get(code as usize).map_or(Category::Administrative, |(_, c)| *c)
    }

    pub fn index(&self, code: &str) -> Option<u8> {
        self.lookup(code.as_bytes())
    }
}

/// Why a mark's code cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    Unknown,
    /// A code, but not on the mark's date: the days it is one.
    NotInForce(Validity),
}

impl CodeProblem {
    pub fn kind(self) -> ProblemKind {
        match self {
            CodeProblem::Unknown => ProblemKind::UnknownCode,
            CodeProblem::NotInForce(_) => ProblemKind::CodeNotInForce,
        }
    }

    /// What is wrong with `shown` as a code on `date`.
    pub fn message(self, shown: &str, date: NaiveDate) -> String {
        match self {
            CodeProblem::Unknown => format!("`{shown}` is not an attendance code"),
            CodeProblem::NotInForce(valid) => {
                let when = match (valid.from, valid.until) {
                    (Some(from), Some(until)) => format!("from {from} to {until}"),
                    (Some(from), None) => format!("from {from}"),
                    (None, Some(until)) => format!("until {until}"),
                    (None, None) => "always".to_string(),
                };
                format!("`{shown}` is not a code of the regulations in force on {date}; it is a code {when}")
            }
        }
    }
}

fn short_key(bytes: &[u8]) -> Option<usize> {
    match bytes {
        [a] => Some((*a as usize) << 8),
        [a, b] if *b != 0 => Some(((*a as usize) << 8) | *b as usize),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    LongCsv,
    WideCsv,
    Ctf,
}

/// How the marks of one file are read.
pub struct Source<'a> {
    pub path: &'a Path,
    pub index: u16,
}

/// The format, from the file's first bytes (not its name), with the column
/// names of `mapping`.
pub fn detect(start: &[u8], mapping: &Mapping) -> Option<Format> {
    let start = start.strip_prefix(b"\xef\xbb\xbf").unwrap_or(start);
    if start.trim_ascii_start().starts_with(b"<") {
        return Some(Format::Ctf);
    }
    let header_end = start.iter().position(|&b| b == b'\n').unwrap_or(start.len());
    let columns = csv::header_names(start.get(..header_end).unwrap_or(start));
    let has = |name: &str| columns.iter().any(|c| c.eq_ignore_ascii_case(name));
    let c = &mapping.columns;
    if has(&c.pupil) && has(&c.date) && has(&c.am) && has(&c.pm) {
        Some(Format::WideCsv)
    } else if has(&c.pupil) && (has(&c.session) || has(&c.mark) || has(&c.date)) {
        Some(Format::LongCsv)
    } else {
        None
    }
}

/// The pupil details the CTF files among `files` carry, if any does.
pub fn pupils_from_ctf(files: &[std::path::PathBuf]) -> Option<Pupils> {
    let mut details = Vec::new();
    for file in files {
        let Ok(start) = first_bytes(file) else { continue };
        if detect(&start, &Mapping::default()) != Some(Format::Ctf) {
            continue;
        }
        if let Ok(bytes) = std::fs::read(file) {
            details.extend(ctf_pupils::details(&bytes));
        }
    }
    let any = details.iter().any(|(_, d)| *d != PupilDetails::default());
    any.then(|| Pupils::from_details(details))
}

/// The first few kilobytes of a file, enough to tell its format: a register
/// may be gigabytes, and is read whole only by its reader.
pub fn first_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut start = Vec::with_capacity(4096);
    std::fs::File::open(path)?.take(4096).read_to_end(&mut start)?;
    Ok(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_comes_from_content() {
        let native = Mapping::default();
        assert_eq!(detect(b"pupil,date,session,mark\n", &native), Some(Format::LongCsv));
        assert_eq!(detect(b"\xef\xbb\xbfPupil,Date,AM,PM\r\n", &native), Some(Format::WideCsv));
        assert_eq!(detect(b"  <?xml version=\"1.0\"?>", &native), Some(Format::Ctf));
        assert_eq!(detect(b"name,score\n", &native), None);
    }
}
