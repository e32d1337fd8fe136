//! The fast path for the rows most registers are made of: a long CSV register
//! with ISO dates and national codes, each row written plainly (no quotes,
//! no blank space, no carriage return, `AM` or `PM`, a code of the
//! regulations in force on its date, minutes late as digits). Such a row is
//! read here in one pass over its bytes; any other row, and every row with a
//! problem, is left to the general reader, which reads it as it always has.
//! A row read here gives the mark the general reader would give.

use super::{CodeTable, DateCache, Mapping};
use crate::vocabulary::Session;
use chrono::NaiveDate;

/// Most fields a row read here may have.
const MOST_FIELDS: usize = 8;

/// What each byte is to a plain row: one table load a byte, not four tests.
const ORDINARY: u8 = 0;
const COMMA: u8 = 1;
const NEWLINE: u8 = 2;
/// Blank space, control characters and quotes: the row is not plain.
const NOT_PLAIN: u8 = 3;

#[expect(
    clippy::indexing_slicing,
    reason = "worked out when compiling: an index out of range fails the build"
)]
const CLASS: [u8; 256] = {
    let mut class = [ORDINARY; 256];
    let mut b = 0;
    while b <= b' ' as usize {
        class[b] = NOT_PLAIN;
        b += 1;
    }
    class[b'"' as usize] = NOT_PLAIN;
    class[b',' as usize] = COMMA;
    class[b'\n' as usize] = NEWLINE;
    class
};

/// Where a long register's columns are, for rows read here.
#[derive(Debug, Clone, Copy)]
pub(super) struct PlainRows {
    pupil: usize,
    date: usize,
    session: usize,
    mark: usize,
    minutes: Option<usize>,
    count: usize,
    /// The mapping's one-byte no-mark symbols, a bit for each byte; longer
    /// ones are looked up in the mapping.
    one_byte_no_mark: [u64; 4],
    longer_no_mark: bool,
}

/// One row read here: the line's length with its newline, and its values.
pub(super) struct PlainRow<'a> {
    pub taken: usize,
    pub pupil: &'a [u8],
    pub date: NaiveDate,
    pub session: Session,
    pub code: u8,
    pub minutes_late: Option<u32>,
}

impl PlainRows {
    /// The fast path for a long register's columns, when its mapping writes
    /// values as attend's own layout does (codes and dates as they are).
    pub fn new(
        mapping: &Mapping,
        columns: [usize; 4],
        minutes: Option<usize>,
        count: usize,
    ) -> Option<PlainRows> {
        let [pupil, date, session, mark] = columns;
        let usable = mapping.codes.is_empty() && mapping.date_format.is_none() && count <= MOST_FIELDS;
        let mut one_byte_no_mark = [0u64; 4];
        for symbol in &mapping.no_mark {
            if let [b] = symbol.as_bytes()
                && let Some(word) = one_byte_no_mark.get_mut(usize::from(*b / 64))
            {
                *word |= 1 << (b % 64);
            }
        }
        let longer_no_mark = mapping.no_mark.iter().any(|m| m.len() > 1);
        usable.then_some(PlainRows {
            pupil,
            date,
            session,
            mark,
            minutes,
            count,
            one_byte_no_mark,
            longer_no_mark,
        })
    }

    /// The first row of `bytes`, if it is plain and has no problem.
    #[inline]
    pub fn read<'a>(
        &self,
        bytes: &'a [u8],
        mapping: &Mapping,
        dates: &mut DateCache,
        table: &CodeTable,
    ) -> Option<PlainRow<'a>> {
        let mut bounds = [(0usize, 0usize); MOST_FIELDS];
        let (mut n, mut start, mut end) = (0, 0, bytes.len());
        for (i, &b) in bytes.iter().enumerate() {
            match CLASS.get(usize::from(b)).copied().unwrap_or(NOT_PLAIN) {
                ORDINARY => {}
                COMMA => {
                    *bounds.get_mut(n)? = (start, i);
                    n += 1;
                    start = i + 1;
                }
                NEWLINE => {
                    end = i;
                    break;
                }
                _ => return None,
            }
        }
        *bounds.get_mut(n)? = (start, end);
        if n + 1 != self.count {
            return None;
        }
        let field = |i: usize| bounds.get(i).and_then(|&(a, b)| bytes.get(a..b));
        let pupil = field(self.pupil).filter(|p| !p.is_empty())?;
        let date = dates.parse(field(self.date)?)?;
        let session = match field(self.session)? {
            s if s.eq_ignore_ascii_case(b"AM") => Session::Am,
            s if s.eq_ignore_ascii_case(b"PM") => Session::Pm,
            _ => return None,
        };
        let mark = field(self.mark)?;
        // An empty mark is never a code: the general reader sees it.
        let no_mark = match mark {
            [b] => {
                self.one_byte_no_mark.get(usize::from(*b / 64)).is_none_or(|word| word >> (b % 64) & 1 == 1)
            }
            _ => self.longer_no_mark && mapping.is_no_mark(mark),
        };
        if no_mark {
            return None;
        }
        let code = table.valid_on(mark, date)?;
        let minutes_late = match self.minutes {
            None => None,
            Some(i) => minutes(field(i)?)?,
        };
        Some(PlainRow { taken: end + 1, pupil, date, session, code, minutes_late })
    }
}

/// Minutes late written as at most four digits, within a day; `Some(None)`
/// when the field is empty, `None` for anything the general reader must see.
#[inline]
fn minutes(text: &[u8]) -> Option<Option<u32>> {
    if text.is_empty() {
        return Some(None);
    }
    if text.len() > 4 {
        return None;
    }
    let value =
        text.iter().try_fold(0u32, |n, &b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))?;
    (value <= 24 * 60).then_some(Some(value))
}

#[cfg(test)]
mod tests {
    use super::super::csv::{self, Columns};
    use super::super::{Format, Mark, Problems, Source};
    use super::*;
    use crate::regulations::Category;
    use crate::vocabulary::Validity;
    use std::sync::Arc;

    fn table() -> CodeTable {
        let always = Validity::default();
        let until = Validity { from: None, until: NaiveDate::from_ymd_opt(2024, 8, 31) };
        CodeTable::new(vec![
            ("/".into(), Category::Present, always),
            ("N".into(), Category::Unauthorised, always),
            ("C1".into(), Category::Authorised, always),
            ("T".into(), Category::Authorised, until),
        ])
    }

    /// The marks and problems of reading `rows` after `header`.
    fn read(columns: &Columns, rows: &[u8]) -> (Vec<(String, Mark)>, String) {
        let source = Source { path: std::path::Path::new("r.csv"), index: 0 };
        let mut problems = Problems::new(true);
        let mut marks = Vec::new();
        csv::read_rows(&source, columns, rows, 1, &table(), &mut problems, &mut |p, m| {
            marks.push((p.to_string(), m))
        });
        (marks, problems.listing(""))
    }

    /// Every combination of plain and awkward fields, read with and without
    /// the fast path: the same marks, lines and problems, row by row and as
    /// one block (where one pupil's rows follow each other).
    #[test]
    fn plain_rows_read_as_the_general_reader_reads_them() {
        let pupils: [&[u8]; 7] = [b"S1", b"S 1", b"\"S1\"", b"", b"S\xff1", b" S1", "\u{e9}1".as_bytes()];
        let dates: [&[u8]; 4] = [b"2024-09-03", b"2024-9-3", b"2024-02-30", b" 2024-09-04"];
        let sessions: [&[u8]; 5] = [b"AM", b"pm", b"Am ", b"XX", b"\"PM\""];
        let marks: [&[u8]; 8] = [b"/", b"N", b"-", b"", b"Z", b"T", b"C1", b"\"N\""];
        let minutes: [&[u8]; 6] = [b"", b"5", b"0005", b"+5", b"1441", b"x"];
        let ends: [&[u8]; 3] = [b"\n", b"\r\n", b",extra\n"];
        let mapping = Arc::new(Mapping::default());
        for header in [&b"pupil,date,session,mark,minutes_late"[..], b"mark,minutes_late,session,date,pupil"]
        {
            let source = Source { path: std::path::Path::new("r.csv"), index: 0 };
            let mut problems = Problems::new(true);
            let fast = csv::header(&source, header, Format::LongCsv, &mapping, &mut problems).unwrap();
            let general = fast.without_fast_path();
            let names: Vec<&[u8]> = header.split(|&b| b == b',').collect();
            let mut block = Vec::new();
            for p in pupils {
                for d in dates {
                    for s in sessions {
                        for m in marks {
                            for n in minutes {
                                for end in ends {
                                    let value = |name: &[u8]| match name {
                                        b"pupil" => p,
                                        b"date" => d,
                                        b"session" => s,
                                        b"mark" => m,
                                        _ => n,
                                    };
                                    let mut row =
                                        names.iter().map(|n| value(n)).collect::<Vec<_>>().join(&b","[..]);
                                    row.extend_from_slice(end);
                                    assert_eq!(
                                        read(&fast, &row),
                                        read(&general, &row),
                                        "{}",
                                        String::from_utf8_lossy(&row)
                                    );
                                    block.extend_from_slice(&row);
                                }
                            }
                        }
                    }
                }
            }
            let (fast_marks, fast_problems) = read(&fast, &block);
            assert!(fast_marks.len() > 1000, "the combinations hold plain rows");
            assert_eq!((fast_marks, fast_problems), read(&general, &block));
        }
    }

    #[test]
    fn minutes_are_digits_within_a_day() {
        assert_eq!(minutes(b""), Some(None));
        assert_eq!(minutes(b"0"), Some(Some(0)));
        assert_eq!(minutes(b"1440"), Some(Some(1440)));
        assert_eq!(minutes(b"1441"), None);
        assert_eq!(minutes(b"+5"), None);
        assert_eq!(minutes(b"00005"), None);
    }
}
