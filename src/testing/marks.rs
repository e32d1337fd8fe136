//! A test pupil's marks: one character a session from a first school day,
//! the morning's then the afternoon's, weekdays only, as the Common Transfer
//! File writes them. Spaces are for the reader; `-` is a session without a
//! mark; `[C1]` is a code of two characters, and `[L 12]` a mark with its
//! minutes late.

use crate::vocabulary::Session;
use chrono::{Datelike, NaiveDate, Weekday};

/// One session's mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestMark {
    pub date: NaiveDate,
    pub session: Session,
    pub code: String,
    pub minutes_late: Option<u32>,
}

/// What is wrong, and where in the marks text (a byte range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarksError {
    pub at: (usize, usize),
    pub message: String,
}

/// The marks from `from`, each checked by `is_code` (the code and its date).
pub fn read(
    text: &str,
    from: NaiveDate,
    is_code: &dyn Fn(&str, NaiveDate) -> bool,
) -> Result<Vec<TestMark>, MarksError> {
    if matches!(from.weekday(), Weekday::Sat | Weekday::Sun) {
        return Err(MarksError {
            at: (0, text.len()),
            message: format!("the first day, {from}, is a {}: marks start on a weekday", from.format("%A")),
        });
    }
    let mut marks = Vec::new();
    let (mut date, mut session) = (from, Session::Am);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let (code, minutes_late, end) = if c == '[' {
            let mut inside = String::new();
            let mut end = None;
            for (i, inner) in chars.by_ref() {
                if inner == ']' {
                    end = Some(i + 1);
                    break;
                }
                inside.push(inner);
            }
            let Some(end) = end else {
                return Err(MarksError { at: (start, text.len()), message: "a `[` without its `]`".into() });
            };
            let mut words = inside.split_whitespace();
            let code = words.next().unwrap_or_default().to_string();
            let minutes = match (words.next(), words.next()) {
                (None, _) => None,
                (Some(m), None) => match m.parse::<u32>() {
                    Ok(m) if m <= 24 * 60 => Some(m),
                    _ => {
                        return Err(MarksError {
                            at: (start, end),
                            message: format!("`{m}` is not a number of minutes late"),
                        });
                    }
                },
                (Some(_), Some(_)) => {
                    return Err(MarksError {
                        at: (start, end),
                        message: "write a code and its minutes late in brackets, like `[L 12]`".into(),
                    });
                }
            };
            (code, minutes, end)
        } else {
            (c.to_string(), None, start + c.len_utf8())
        };
        if code != "-" && !is_code(&code, date) {
            return Err(MarksError {
                at: (start, end),
                message: format!("`{code}` is not an attendance code of the regulations on {date}"),
            });
        }
        if code != "-" {
            marks.push(TestMark { date, session, code, minutes_late });
        }
        (date, session) = match session {
            Session::Am => (date, Session::Pm),
            Session::Pm => match next_weekday(date) {
                Some(next) => (next, Session::Am),
                None => {
                    return Err(MarksError {
                        at: (start, end),
                        message: "the marks run past the last date".into(),
                    });
                }
            },
        };
    }
    Ok(marks)
}

fn next_weekday(date: NaiveDate) -> Option<NaiveDate> {
    let mut next = date.succ_opt()?;
    while matches!(next.weekday(), Weekday::Sat | Weekday::Sun) {
        next = next.succ_opt()?;
    }
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn marks_run_morning_then_afternoon_over_weekdays() {
        let any = |_: &str, _: NaiveDate| true;
        // Friday 6 September 2024, then Monday.
        let marks = read("/\\ O[C1] -[L 12]", day("2024-09-06"), &any).unwrap();
        assert_eq!(marks.last().and_then(|m| m.minutes_late), Some(12));
        let got: Vec<(String, Session, &str)> =
            marks.iter().map(|m| (m.date.to_string(), m.session, m.code.as_str())).collect();
        assert_eq!(
            got,
            [
                ("2024-09-06".to_string(), Session::Am, "/"),
                ("2024-09-06".to_string(), Session::Pm, "\\"),
                ("2024-09-09".to_string(), Session::Am, "O"),
                ("2024-09-09".to_string(), Session::Pm, "C1"),
                ("2024-09-10".to_string(), Session::Pm, "L"),
            ]
        );
    }

    #[test]
    fn a_bad_code_is_found_at_its_place() {
        let only_present = |code: &str, _: NaiveDate| code == "/" || code == "\\";
        let error = read("/\\ /Q", day("2024-09-02"), &only_present).unwrap_err();
        assert_eq!(error.at, (4, 5));
        assert!(error.message.contains("`Q`"), "{}", error.message);
        assert!(read("/\\", day("2024-09-07"), &only_present).unwrap_err().message.contains("Saturday"));
        assert_eq!(read("[C1", day("2024-09-02"), &only_present).unwrap_err().at, (0, 3));
    }
}
