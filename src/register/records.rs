//! What a school records of a pupil outside the attendance register, each on a
//! day: "medical evidence received", "home visit not possible", "penalty notice
//! paid". Read from a records file (`--records FILE`, CSV with the columns
//! `pupil`, `date` and `record`) and counted by the `records("...")` measure.

use super::csv_split::fields;
use super::{Mapping, Problem, ProblemKind, Problems, Pupils};
use std::io::Read;
use std::path::Path;

/// The largest pupils or records file read: far beyond any school's, and a
/// bound on what a device or a mistaken path can make attend hold.
pub const MAX_SIDE_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The bytes of a pupils or records file: only a regular file, and only up to
/// [`MAX_SIDE_FILE_BYTES`], so `/dev/zero` or a pipe ends in an error, not a hang.
pub fn read_side_file(path: &Path) -> Result<Vec<u8>, String> {
    let metadata = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !metadata.is_file() {
        return Err("it is not a regular file".into());
    }
    if metadata.len() > MAX_SIDE_FILE_BYTES {
        return Err(format!("it is larger than {} MiB", MAX_SIDE_FILE_BYTES >> 20));
    }
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    file.take(MAX_SIDE_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_SIDE_FILE_BYTES {
        return Err(format!("it is larger than {} MiB", MAX_SIDE_FILE_BYTES >> 20));
    }
    Ok(bytes)
}

/// A CSV side file's header, in lower case, and its lines numbered from 0
/// (the header's), after any byte-order mark.
pub(super) fn header_and_lines(bytes: &[u8]) -> (Vec<String>, impl Iterator<Item = (usize, &[u8])>) {
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut lines = text.split(|&b| b == b'\n').enumerate();
    let header =
        lines.next().map(|(_, l)| fields(l)).unwrap_or_default().iter().map(|h| h.to_lowercase()).collect();
    (header, lines)
}

impl Pupils {
    /// Adds the entries of a records file to the pupils' details. Every
    /// problem is found before the file is refused.
    pub fn add_records(&mut self, path: &Path, mapping: &Mapping) -> Result<(), Problems> {
        let file = path.display().to_string();
        let mut problems = Problems::new(false);
        let mut problem = |line: u64, column: u64, kind, message: String| {
            problems.report(Problem { kind, file: file.clone(), line, column, message });
        };
        let bytes = match read_side_file(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                problem(1, 1, ProblemKind::UnknownFormat, format!("cannot be read: {e}"));
                return Err(problems);
            }
        };
        let (header, lines) = header_and_lines(&bytes);
        let wanted = [mapping.pupils.pupil.to_lowercase(), "date".to_string(), "record".to_string()];
        let columns: Vec<Option<usize>> = wanted.iter().map(|w| header.iter().position(|h| h == w)).collect();
        let [Some(pupil), Some(date), Some(record)] = columns[..] else {
            let message = format!(
                "a records file has the columns {}, date and record (the header has: {})",
                wanted[0],
                header.join(", ")
            );
            problem(1, 1, ProblemKind::MissingColumn, message);
            return Err(problems);
        };
        // Notes in other columns could hold anything about a child: refused, not skipped.
        if let Some(extra) = (0..header.len()).find(|i| ![pupil, date, record].contains(i)) {
            let message = format!(
                "the column `{}` is not read: a records file has only {}, date and record",
                header.get(extra).map_or("", String::as_str),
                wanted[0]
            );
            problem(1, extra as u64 + 1, ProblemKind::MissingColumn, message);
            return Err(problems);
        }
        let mut dates = mapping.dates();
        let mut entries = Vec::new();
        for (index, line) in lines {
            let number = index as u64 + 1;
            if line.trim_ascii().is_empty() {
                continue;
            }
            if std::str::from_utf8(line).is_err() {
                problem(number, 1, ProblemKind::NotUtf8, "the line is not UTF-8".into());
                continue;
            }
            let row = fields(line);
            if row.len() != header.len() {
                let message = format!("{} fields where the header has {}", row.len(), header.len());
                problem(number, 1, ProblemKind::WrongNumberOfFields, message);
                continue;
            }
            let cell = |i: usize| row.get(i).map_or("", |c| c.trim());
            let (id, day, name) = (cell(pupil), cell(date), cell(record));
            let blank = [(id, pupil, "a pupil"), (name, record, "a record")];
            if let Some((_, column, what)) = blank.iter().find(|(value, _, _)| value.is_empty()) {
                problem(
                    number,
                    *column as u64 + 1,
                    ProblemKind::BadPupilDetail,
                    format!("{what} is needed here"),
                );
                continue;
            }
            if name.contains('"') {
                let message = format!("`{name}` holds a double quote, which a policy cannot name");
                problem(number, record as u64 + 1, ProblemKind::BadPupilDetail, message);
                continue;
            }
            let Some(day) = dates.parse(day.as_bytes()) else {
                let message = format!("`{day}` is not a date like {}", mapping.date_example());
                problem(number, date as u64 + 1, ProblemKind::BadDate, message);
                continue;
            };
            entries.push((id.to_string(), day, name.to_string()));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        self.add_entries(entries);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use chrono::NaiveDate;

    fn add(text: &str) -> Result<Pupils, Problems> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.csv");
        std::fs::write(&path, text).unwrap();
        let mut pupils = Pupils::default();
        pupils.add_records(&path, &Mapping::default()).map(|()| pupils)
    }

    #[test]
    fn entries_are_kept_by_pupil_in_date_order() {
        let pupils = add(
            "pupil,date,record\nA,2024-10-07,evidence received\nA,2024-09-30,letter sent\nB,2024-09-30,x\n",
        )
        .unwrap();
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let a = &pupils.get("A").unwrap().records;
        assert_eq!(
            a,
            &[(day("2024-09-30"), "letter sent".into()), (day("2024-10-07"), "evidence received".into())]
        );
        assert!(!pupils.details_given(), "records alone say nothing of plans or roll dates");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_place() {
        let problems = add("pupil,date,record\nA,07/10/2024,x\n,2024-10-07,x\nB,2024-10-07,\nC,2024-10-07,\"say \"\"hi\"\"\"\nD,1\n")
            .unwrap_err();
        let all: Vec<String> = problems.examples.values().flatten().map(|p| p.to_string()).collect();
        assert_eq!(problems.total(), 5, "{all:?}");
        for place in [
            ":2:2: `07/10/2024` is not a date",
            ":3:1: a pupil is needed",
            ":4:3: a record is needed",
            ":5:3:",
            ":6:1: 2 fields",
        ] {
            assert!(all.iter().any(|p| p.contains(place)), "{place} in {all:?}");
        }
    }

    #[test]
    fn other_columns_and_files_that_are_not_files_are_refused() {
        let problems = add("pupil,date,record,note\nA,2024-10-07,x,about the family\n").unwrap_err();
        assert!(problems.first().unwrap().message.contains("`note` is not read"));
        let problems = add("id,date\n").unwrap_err();
        assert!(problems.first().unwrap().message.contains("the columns pupil, date and record"));
        let mut pupils = Pupils::default();
        let problems = pupils.add_records(Path::new("/dev/zero"), &Mapping::default()).unwrap_err();
        assert!(problems.first().unwrap().message.contains("not a regular file"));
    }
}
