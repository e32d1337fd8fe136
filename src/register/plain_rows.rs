//! The fast path for the rows most registers are made of: a long CSV register
//! with ISO dates and national codes, each row written plainly (no quotes,
//! no blank space, a carriage return only before the line end, `AM` or `PM`,
//! a code of the regulations in force on its date, minutes late as digits),
//! as systems on Windows write them too. Such a row is
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
    /// The columns are attend's own, `pupil,date,session,mark[,minutes_late]`,
    /// so a row of the pupil before can be read by its shape.
    own_order: bool,
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
        let own_order = [pupil, date, session, mark] == [0, 1, 2, 3]
            && match minutes {
                Some(4) => count == 5,
                None => count == 4,
                Some(_) => false,
            };
        usable.then_some(PlainRows {
            pupil,
            date,
            session,
            mark,
            minutes,
            count,
            one_byte_no_mark,
            longer_no_mark,
            own_order,
        })
    }

    /// The first row of `bytes` read by its shape, when it is the commonest
    /// row of all: attend's own columns, the same pupil as the row before
    /// (`pupil`, itself read from a plain row), a one-byte mark and no minutes
    /// late. `None` sends the row to [`PlainRows::read`].
    #[inline]
    pub fn same_pupil<'a>(
        &self,
        bytes: &'a [u8],
        pupil: &'a [u8],
        dates: &mut DateCache,
        table: &CodeTable,
    ) -> Option<PlainRow<'a>> {
        if !self.own_order {
            return None;
        }
        let rest = bytes.strip_prefix(pupil)?;
        let (&[b',', d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, b',', s0, s1, b',', mark, after], rest) =
            rest.split_first_chunk::<17>()?
        else {
            return None;
        };
        let taken = match (after, self.minutes.is_some(), rest) {
            (b'\n', false, _) => 0,
            (b'\r', false, [b'\n', ..]) | (b',', true, [b'\n', ..]) => 1,
            (b',', true, [b'\r', b'\n', ..]) => 2,
            _ => return None,
        };
        let session = match [s0, s1] {
            [b'A', b'M'] => Session::Am,
            [b'P', b'M'] => Session::Pm,
            _ => return None,
        };
        if CLASS.get(usize::from(mark)) != Some(&ORDINARY) || self.is_one_byte_no_mark(mark) {
            return None;
        }
        let (date, in_force) = dates.parse_in_force(&[d0, d1, d2, d3, d4, d5, d6, d7, d8, d9], table)?;
        let code = table.one_byte_on(mark, date, in_force)?;
        let taken = pupil.len() + 17 + taken;
        Some(PlainRow { taken, pupil, date, session, code, minutes_late: None })
    }

    fn is_one_byte_no_mark(&self, b: u8) -> bool {
        self.one_byte_no_mark.get(usize::from(b / 64)).is_none_or(|word| word >> (b % 64) & 1 == 1)
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
        let (mut n, mut start, mut end, mut line_end) = (0, 0, bytes.len(), 1);
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
                NOT_PLAIN if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') => {
                    (end, line_end) = (i, 2);
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
        let (date, in_force) = dates.parse_in_force(field(self.date)?.try_into().ok()?, table)?;
        let session = match field(self.session)? {
            s if s.eq_ignore_ascii_case(b"AM") => Session::Am,
            s if s.eq_ignore_ascii_case(b"PM") => Session::Pm,
            _ => return None,
        };
        let mark = field(self.mark)?;
        // An empty mark is never a code: the general reader sees it.
        let no_mark = match mark {
            [b] => self.is_one_byte_no_mark(*b),
            _ => self.longer_no_mark && mapping.is_no_mark(mark),
        };
        if no_mark {
            return None;
        }
        let code = match mark {
            [b] => table.one_byte_on(*b, date, in_force)?,
            _ => table.valid_on(mark, date)?,
        };
        let minutes_late = match self.minutes {
            None => None,
            Some(i) => minutes(field(i)?)?,
        };
        Some(PlainRow { taken: end + line_end, pupil, date, session, code, minutes_late })
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

    /// Rows of the pupil before, read by their shape, and every way a row
    /// can differ from that shape: the marks, lines and problems are the
    /// general reader's. The pupil `S"1` comes from a quoted field, so a row
    /// starting with it is not plain and must not be read by its shape.
    #[test]
    fn rows_read_by_their_shape_read_as_the_general_reader_reads_them() {
        let block: &[u8] = b"\"S\"\"1\",2024-09-03,AM,/,\nS\"1,2024-09-03,PM,/,\n\
            S1,2024-09-04,AM,/,\nS1,2024-09-04,PM,N,\nS1,2024-09-05,AM,/,5\nS1,2024-09-05,PM,C1,\n\
            S1,2024-09-06,am,/,\nS1,2024-09-06,PM,/\nS1,2024-09-06,PM,/,,\nS1,2024-09-09,AM,/,\r\n\
            S1,2024-02-30,AM,/,\nS1,2024-09-10,AM,-,\nS1,2024-09-10,PM,T,\nS1,2024-09-10,PM,\",\n\
            S10,2024-09-11,AM,/,\nS1,2024-09-12,AM,/,\nS1,2024-09-12,PM,/,\r\nS1,2024-09-13,AM,/,7\r\n\
            S1,2024-09-13,PM,/,\r\r\nS1,2024-09-16,AM,/\r\nS1,2024-09-16,PM,/,\rS1,2024-09-17,AM,/,\n\
            S1,2024-09-17,PM,/,";
        let mapping = Arc::new(Mapping::default());
        for header in
            [&b"pupil,date,session,mark,minutes_late"[..], b"pupil,date,session,mark,minutes_late,x"]
        {
            let source = Source { path: std::path::Path::new("r.csv"), index: 0 };
            let mut problems = Problems::new(true);
            let fast = csv::header(&source, header, Format::LongCsv, &mapping, &mut problems).unwrap();
            let (marks, listing) = read(&fast, block);
            assert_eq!((marks, listing), read(&fast.without_fast_path(), block));
        }
        let source = Source { path: std::path::Path::new("r.csv"), index: 0 };
        let mut problems = Problems::new(true);
        let header = b"pupil,date,session,mark";
        let fast = csv::header(&source, header, Format::LongCsv, &mapping, &mut problems).unwrap();
        let block: &[u8] =
            b"S1,2024-09-04,AM,/\nS1,2024-09-04,PM,N\r\nS1,2024-09-05,AM,/,\nS1,2024-09-05,PM,/\r\n\
            S1,2024-09-06,AM,/\r\r\nS1,2024-09-06,PM,/\r";
        let (marks, listing) = read(&fast, block);
        assert_eq!(marks.len(), 5, "{listing}");
        assert_eq!((marks, listing), read(&fast.without_fast_path(), block));
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
