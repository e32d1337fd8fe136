//! How a CSV register names its columns and writes its values. attend's own
//! layout (`pupil,date,session,mark`, ISO dates) is the default; a school's
//! export is read with a mapping file (`--map FILE`, TOML) naming its columns,
//! its date format, its no-mark symbols, its session words and its sub-codes.

use super::DateCache;
use crate::vocabulary::Session;
use chrono::NaiveDate;
use chrono::format::{Item, StrftimeItems};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Mapping {
    pub columns: ColumnNames,
    /// A chrono format such as `%d/%m/%Y`; ISO dates (`2024-09-03`) when absent.
    pub date_format: Option<String>,
    /// What a session not yet marked holds.
    pub no_mark: Vec<String>,
    /// Words for the morning and afternoon sessions, beside `AM` and `PM`.
    pub sessions: SessionWords,
    /// Codes of the export translated to national codes, such as `I01 = "I"`.
    pub codes: BTreeMap<String, String>,
    /// The columns of a pupils file (`--pupils FILE`).
    pub pupils: PupilColumns,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PupilColumns {
    pub pupil: String,
    pub year: String,
    pub sen: String,
    pub fsm: String,
    pub cp: String,
    pub cin: String,
    pub admitted: String,
    pub left: String,
    pub part_time_from: String,
    pub part_time_to: String,
    pub part_time_review: String,
}

impl Default for PupilColumns {
    fn default() -> PupilColumns {
        let name = |n: &str| n.to_string();
        PupilColumns {
            pupil: name("pupil"),
            year: name("year"),
            sen: name("sen"),
            fsm: name("fsm"),
            cp: name("cp"),
            cin: name("cin"),
            admitted: name("admitted"),
            left: name("left"),
            part_time_from: name("part_time_from"),
            part_time_to: name("part_time_to"),
            part_time_review: name("part_time_review"),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ColumnNames {
    pub pupil: String,
    pub date: String,
    pub session: String,
    pub mark: String,
    pub minutes_late: String,
    pub am: String,
    pub pm: String,
    pub am_minutes_late: String,
    pub pm_minutes_late: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionWords {
    pub am: Vec<String>,
    pub pm: Vec<String>,
}

impl Default for ColumnNames {
    fn default() -> ColumnNames {
        let name = |n: &str| n.to_string();
        ColumnNames {
            pupil: name("pupil"),
            date: name("date"),
            session: name("session"),
            mark: name("mark"),
            minutes_late: name("minutes_late"),
            am: name("am"),
            pm: name("pm"),
            am_minutes_late: name("am_minutes_late"),
            pm_minutes_late: name("pm_minutes_late"),
        }
    }
}

impl Default for Mapping {
    fn default() -> Mapping {
        Mapping {
            columns: ColumnNames::default(),
            date_format: None,
            no_mark: vec![String::new(), "-".into()],
            sessions: SessionWords::default(),
            codes: BTreeMap::new(),
            pupils: PupilColumns::default(),
        }
    }
}

impl Mapping {
    /// Reads a mapping file; a date format chrono cannot use is refused here,
    /// not on the first row.
    pub fn load(path: &std::path::Path) -> Result<Mapping, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Mapping::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Reads a mapping from its text.
    pub fn parse(text: &str) -> Result<Mapping, String> {
        let mut mapping: Mapping = toml::from_str(text).map_err(|e| e.to_string())?;
        if let Some(format) = &mapping.date_format
            && StrftimeItems::new(format).any(|item| matches!(item, Item::Error))
        {
            return Err(format!("`{format}` is not a date format like %d/%m/%Y"));
        }
        for name in [&mut mapping.columns.pupil, &mut mapping.columns.date] {
            *name = name.trim().to_string();
        }
        Ok(mapping)
    }

    #[inline]
    pub fn is_no_mark(&self, field: &[u8]) -> bool {
        // Called for every row: one-byte symbols are compared without a call.
        self.no_mark.iter().any(|m| {
            let m = m.as_bytes();
            m.len() == field.len() && if m.len() > 1 { m == field } else { m.first() == field.first() }
        })
    }

    /// The national code an export's code stands for (itself when not mapped).
    #[inline]
    pub fn code<'a>(&'a self, field: &'a [u8]) -> &'a [u8] {
        if self.codes.is_empty() {
            return field;
        }
        match std::str::from_utf8(field).ok().and_then(|f| self.codes.get(f)) {
            Some(code) => code.as_bytes(),
            None => field,
        }
    }

    #[inline]
    pub fn session(&self, field: &[u8]) -> Option<Session> {
        let is = |words: &[String], short: &[u8]| {
            field.eq_ignore_ascii_case(short)
                || words.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(field))
        };
        if is(&self.sessions.am, b"AM") {
            Some(Session::Am)
        } else if is(&self.sessions.pm, b"PM") {
            Some(Session::Pm)
        } else {
            None
        }
    }

    /// A date reader for one worker.
    pub fn dates(&self) -> Dates<'_> {
        match &self.date_format {
            None => Dates::Iso(DateCache::default()),
            Some(format) => Dates::Format { format, seen: HashMap::new() },
        }
    }

    /// How dates look, for messages.
    pub fn date_example(&self) -> String {
        let day = NaiveDate::from_ymd_opt(2025, 9, 3).unwrap_or_default();
        match &self.date_format {
            None => day.to_string(),
            Some(format) => {
                let mut out = String::new();
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("{}", day.format(format)));
                out
            }
        }
    }
}

/// Dates as a register writes them, each distinct text read once.
pub enum Dates<'a> {
    Iso(DateCache),
    Format { format: &'a str, seen: HashMap<Vec<u8>, Option<NaiveDate>> },
}

/// Distinct dates remembered by a reader of a formatted register: a year of
/// registers holds a few hundred.
const DATES_REMEMBERED: usize = 4096;

impl Dates<'_> {
    pub fn parse(&mut self, text: &[u8]) -> Option<NaiveDate> {
        match self {
            Dates::Iso(cache) => cache.parse(text),
            Dates::Format { format, seen } => {
                if let Some(date) = seen.get(text) {
                    return *date;
                }
                let date =
                    std::str::from_utf8(text).ok().and_then(|t| NaiveDate::parse_from_str(t, format).ok());
                if seen.len() < DATES_REMEMBERED {
                    seen.insert(text.to_vec(), date);
                }
                date
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_reads_an_exports_columns_dates_sessions_and_sub_codes() {
        let mapping: Mapping = toml::from_str(
            r#"
            date_format = "%d/%m/%Y"
            no_mark = ["-", ""]
            [columns]
            pupil = "UPN"
            [sessions]
            am = ["Morning"]
            [codes]
            I01 = "I"
            "#,
        )
        .unwrap();
        assert_eq!(mapping.columns.pupil, "UPN");
        assert_eq!(mapping.columns.date, "date");
        assert_eq!(mapping.dates().parse(b"03/09/2024"), NaiveDate::from_ymd_opt(2024, 9, 3));
        assert_eq!(mapping.dates().parse(b"2024-09-03"), None);
        assert_eq!(mapping.session(b"morning"), Some(Session::Am));
        assert_eq!(mapping.session(b"pm"), Some(Session::Pm));
        assert_eq!(mapping.code(b"I01"), b"I");
        assert_eq!(mapping.code(b"L"), b"L");
        assert!(mapping.is_no_mark(b"-"));
        assert_eq!(mapping.date_example(), "03/09/2025");
    }

    #[test]
    fn a_bad_date_format_or_an_unknown_key_is_refused() {
        let dir = std::env::temp_dir().join(format!("attend-mapping-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.toml");
        std::fs::write(&bad, "date_format = \"%Q\"\n").unwrap();
        assert!(Mapping::load(&bad).unwrap_err().contains("not a date format"));
        std::fs::write(&bad, "colums = 1\n").unwrap();
        assert!(Mapping::load(&bad).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
