//! What a register does not say about its pupils: year group, special
//! educational needs, free school meals, child-protection and child-in-need
//! plans, any other attribute a school keeps, and when each pupil joined and
//! left the roll. Read from a pupils file (`--pupils FILE`, CSV) or from the
//! pupil details of a CTF.

use super::csv_split::fields;
use super::{Mapping, Problem, ProblemKind, Problems};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The attributes every pupils file may give, in the order they are listed.
pub const KNOWN: [&str; 5] = ["year", "sen", "fsm", "cp", "cin"];

/// What the value of an attribute is when a pupil has none.
pub const NOT_GIVEN: &str = "not given";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PupilDetails {
    /// Attribute values in a few fixed words (`EHCP`, `SEN support`, `none`,
    /// `yes`, `no`), or as written for a year group or another column.
    pub attributes: BTreeMap<String, String>,
    pub admitted: Option<NaiveDate>,
    pub left: Option<NaiveDate>,
    /// A part-time timetable agreed for the pupil (recorded `C2`).
    pub part_time: Option<PartTimePlan>,
    /// What the school recorded of the pupil outside the register (a records
    /// file), by date: `medical evidence received`, `home visit not possible`.
    pub records: Vec<(NaiveDate, String)>,
}

/// A temporary part-time timetable: the days it runs and when it is reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartTimePlan {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub review: Option<NaiveDate>,
}

impl PartTimePlan {
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

impl PupilDetails {
    /// Whether the pupil was on roll on `date`.
    pub fn on_roll(&self, date: NaiveDate) -> bool {
        self.admitted.is_none_or(|a| a <= date) && self.left.is_none_or(|l| date <= l)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Pupils {
    by_id: HashMap<String, PupilDetails>,
    /// Every attribute some pupil may have, known ones first.
    names: Vec<String>,
    /// Whether a pupils file or a CTF gave details (roll dates and plans), not
    /// only records.
    details_given: bool,
}

impl Pupils {
    pub fn from_details(details: Vec<(String, PupilDetails)>) -> Pupils {
        let mut names: Vec<String> = KNOWN.iter().map(|n| n.to_string()).collect();
        for (_, d) in &details {
            for name in d.attributes.keys() {
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        Pupils { by_id: details.into_iter().collect(), names, details_given: true }
    }

    pub fn details_given(&self) -> bool {
        self.details_given
    }

    /// Adds records of pupils, each pupil's kept in date order (entries of
    /// one day in the order given); sorted once, so a file of any size costs
    /// no more than a sort.
    pub fn add_entries(&mut self, entries: Vec<(String, NaiveDate, String)>) {
        for (pupil, date, name) in entries {
            self.by_id.entry(pupil).or_default().records.push((date, name));
        }
        for details in self.by_id.values_mut() {
            details.records.sort_by_key(|(date, _)| *date);
        }
    }

    pub fn get(&self, pupil: &str) -> Option<&PupilDetails> {
        self.by_id.get(pupil)
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// A pupil's value of `attribute`, or [`NOT_GIVEN`].
    pub fn value(&self, pupil: &str, attribute: &str) -> String {
        self.get(pupil).and_then(|d| d.attributes.get(attribute)).map_or(NOT_GIVEN.to_string(), Clone::clone)
    }

    /// Reads a pupils file. Every problem is found before it is refused.
    pub fn load(path: &Path, mapping: &Mapping) -> Result<Pupils, Problems> {
        let mut problems = Problems::new(false);
        let file = path.display().to_string();
        let problem = |problems: &mut Problems, line: u64, column: u64, kind, message: String| {
            problems.report(Problem { kind, file: file.clone(), line, column, message });
        };
        let text = match super::records::read_side_file(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                problem(&mut problems, 1, 1, ProblemKind::UnknownFormat, format!("cannot be read: {e}"));
                return Err(problems);
            }
        };
        let (header, lines) = super::records::header_and_lines(&text);
        let columns = &mapping.pupils;
        let position = |name: &str| header.iter().position(|h| *h == name.to_lowercase());
        let Some(id) = position(&columns.pupil) else {
            let message = format!(
                "no `{}` column naming the pupil (the header has: {})",
                columns.pupil,
                header.join(", ")
            );
            problem(&mut problems, 1, 1, ProblemKind::MissingColumn, message);
            return Err(problems);
        };
        let known: Vec<(&str, Option<usize>)> = [
            ("year", &columns.year),
            ("sen", &columns.sen),
            ("fsm", &columns.fsm),
            ("cp", &columns.cp),
            ("cin", &columns.cin),
        ]
        .into_iter()
        .map(|(attribute, column)| (attribute, position(column)))
        .collect();
        let (admitted, left) = (position(&columns.admitted), position(&columns.left));
        let plan =
            [&columns.part_time_from, &columns.part_time_to, &columns.part_time_review].map(|c| position(c));
        let used: Vec<usize> = known
            .iter()
            .filter_map(|(_, c)| *c)
            .chain([Some(id), admitted, left].into_iter().chain(plan).flatten())
            .collect();
        let extra: Vec<(usize, &String)> =
            header.iter().enumerate().filter(|(i, _)| !used.contains(i)).collect();
        let mut dates = mapping.dates();
        let mut details: Vec<(String, PupilDetails)> = Vec::new();
        let mut seen: HashMap<String, u64> = HashMap::new();
        for (index, line) in lines {
            let number = index as u64 + 1;
            if line.trim_ascii().is_empty() {
                continue;
            }
            let row = fields(line);
            let cell = |i: usize| row.get(i).map_or("", String::as_str);
            if row.len() != header.len() {
                let message = format!("{} fields where the header has {}", row.len(), header.len());
                problem(&mut problems, number, 1, ProblemKind::WrongNumberOfFields, message);
                continue;
            }
            let pupil = cell(id).to_string();
            if let Some(first) = seen.insert(pupil.clone(), number) {
                let message = format!("a second row for this pupil (the first is line {first})");
                problem(&mut problems, number, 1, ProblemKind::DuplicatePupil, message);
                continue;
            }
            let mut d = PupilDetails::default();
            for (attribute, column) in &known {
                let Some(column) = *column else { continue };
                match normalise(attribute, cell(column)) {
                    Ok(Some(value)) => {
                        d.attributes.insert(attribute.to_string(), value);
                    }
                    Ok(None) => {}
                    Err(wanted) => {
                        let message = format!("`{}` is not {wanted}", cell(column));
                        problem(
                            &mut problems,
                            number,
                            column as u64 + 1,
                            ProblemKind::BadPupilDetail,
                            message,
                        );
                    }
                }
            }
            for (column, name) in &extra {
                if !cell(*column).is_empty() {
                    d.attributes.insert(name.to_string(), cell(*column).to_string());
                }
            }
            let mut date = |column: Option<usize>, problems: &mut Problems| {
                let column = column?;
                let text = cell(column);
                if text.is_empty() {
                    return None;
                }
                let parsed = dates.parse(text.as_bytes());
                if parsed.is_none() {
                    let message = format!("`{text}` is not a date like {}", mapping.date_example());
                    problem(problems, number, column as u64 + 1, ProblemKind::BadDate, message);
                }
                parsed
            };
            d.admitted = date(admitted, &mut problems);
            d.left = date(left, &mut problems);
            if let (Some(a), Some(l)) = (d.admitted, d.left)
                && l < a
            {
                let message = format!("the pupil left ({l}) before they were admitted ({a})");
                problem(&mut problems, number, 1, ProblemKind::BadPupilDetail, message);
            }
            let [from, to, review] = plan.map(|c| date(c, &mut problems));
            d.part_time = match (from, to) {
                (Some(from), Some(to)) if from <= to => Some(PartTimePlan { from, to, review }),
                (None, None) if review.is_none() => None,
                _ => {
                    let message =
                        "a part-time timetable needs a start and an end, the end not before the start"
                            .to_string();
                    problem(&mut problems, number, 1, ProblemKind::BadPupilDetail, message);
                    None
                }
            };
            details.push((pupil, d));
        }
        if problems.is_empty() { Ok(Pupils::from_details(details)) } else { Err(problems) }
    }
}

/// A known attribute's value in attend's words; `Ok(None)` when blank, and
/// what was wanted when the value cannot be read.
pub fn normalise(attribute: &str, value: &str) -> Result<Option<String>, &'static str> {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return Ok(None);
    }
    let yes_no = |v: &str| match v {
        "y" | "yes" | "true" | "t" | "1" => Ok(Some("yes".to_string())),
        "n" | "no" | "false" | "f" | "0" => Ok(Some("no".to_string())),
        _ => Err("yes or no"),
    };
    match attribute {
        "sen" => match v.as_str() {
            "e" | "ehcp" | "ehc plan" | "statement" | "s" => Ok(Some("EHCP".to_string())),
            // A and P (School Action and Action Plus) were replaced by K in 2014.
            "k" | "sen support" | "support" | "a" | "p" => Ok(Some("SEN support".to_string())),
            "n" | "none" | "no" => Ok(Some("none".to_string())),
            _ => Err("a SEN status: EHCP (or E), SEN support (or K), or none (or N)"),
        },
        "year" => Ok(Some(v.strip_prefix("year").map_or(value.trim(), str::trim).to_string())),
        _ => yes_no(&v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str, mapping: &Mapping) -> Result<Pupils, Problems> {
        let path =
            std::env::temp_dir().join(format!("attend-pupils-{}-{}.csv", std::process::id(), text.len()));
        std::fs::write(&path, text).unwrap();
        let result = Pupils::load(&path, mapping);
        std::fs::remove_file(&path).unwrap();
        result
    }

    #[test]
    fn a_pupils_file_gives_attributes_in_fixed_words_and_roll_dates() {
        let pupils = load(
            "pupil,year,sen,fsm,cp,cin,admitted,left,house\nA,Year 7,K,Y,n,,2024-09-02,,Red\nB,8,E,no,yes,1,,2025-01-31,\n",
            &Mapping::default(),
        )
        .unwrap();
        assert_eq!(pupils.value("A", "year"), "7");
        assert_eq!(pupils.value("A", "sen"), "SEN support");
        assert_eq!(pupils.value("B", "sen"), "EHCP");
        assert_eq!(pupils.value("A", "fsm"), "yes");
        assert_eq!(pupils.value("A", "cin"), NOT_GIVEN);
        assert_eq!(pupils.value("A", "house"), "Red");
        assert_eq!(pupils.value("B", "house"), NOT_GIVEN);
        assert_eq!(pupils.value("C", "sen"), NOT_GIVEN);
        let b = pupils.get("B").unwrap();
        assert!(b.on_roll(NaiveDate::from_ymd_opt(2025, 1, 31).unwrap()));
        assert!(!b.on_roll(NaiveDate::from_ymd_opt(2025, 2, 3).unwrap()));
        assert!(pupils.names().contains(&"house".to_string()));
    }

    #[test]
    fn every_bad_value_is_reported_with_its_place() {
        let problems = load(
            "pupil,sen,fsm,admitted,left\nA,maybe,Y,2024-09-02,2024-08-01\nA,N,N,,\nB,N,perhaps,03/09/2024,\n",
            &Mapping::default(),
        )
        .unwrap_err();
        let all: Vec<String> = problems.examples.values().flatten().map(|p| p.to_string()).collect();
        assert_eq!(problems.total(), 5, "{all:?}");
        assert!(all.iter().any(|p| p.contains(":2:2: `maybe` is not a SEN status")), "{all:?}");
        assert!(all.iter().any(|p| p.contains(":2:1: the pupil left")), "{all:?}");
        assert!(
            all.iter().any(|p| p.contains(":3:1: a second row for this pupil (the first is line 2)")),
            "{all:?}"
        );
        assert!(all.iter().any(|p| p.contains(":4:3: `perhaps` is not yes or no")), "{all:?}");
        assert!(
            all.iter().any(|p| p.contains(":4:4: `03/09/2024` is not a date like 2025-09-03")),
            "{all:?}"
        );
    }

    #[test]
    fn a_file_without_its_pupil_column_is_refused() {
        let problems = load("id,sen\nA,N\n", &Mapping::default()).unwrap_err();
        assert!(problems.first().unwrap().message.contains("no `pupil` column"));
    }
}
