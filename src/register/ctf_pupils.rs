//! The pupil details a CTF carries: the year group (`NCyearActual`), the SEN
//! provision (`SENprovision`, the last one given) and the dates the pupil
//! entered and left the school the file comes from (its `SchoolHistory` entry
//! whose `LEA` and `Estab` are those of the header's `SourceSchool`).
//!
//! The element names are those of suppliers' documentation and code, not read
//! in the DfE's CTF specification (see docs/registers.md). A file the reader
//! cannot follow gives no details; the register reader reports its problems.

use super::pupils::{PupilDetails, normalise};
use chrono::NaiveDate;
use quick_xml::Reader;
use quick_xml::events::Event;

#[derive(Default)]
struct School {
    lea: String,
    estab: String,
    entry: Option<NaiveDate>,
    leaving: Option<NaiveDate>,
}

/// Each pupil's details, by UPN.
pub fn details(bytes: &[u8]) -> Vec<(String, PupilDetails)> {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let (mut source_lea, mut source_estab) = (String::new(), String::new());
    let mut pupil: Option<(String, PupilDetails, Vec<School>)> = None;
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = e.local_name().into_inner().to_ascii_lowercase();
                match name.as_str() {
                    "pupil" => pupil = Some(Default::default()),
                    "school" if path.last().is_some_and(|p| p == "schoolhistory") => {
                        if let Some((_, _, schools)) = pupil.as_mut() {
                            schools.push(School::default());
                        }
                    }
                    _ => {}
                }
                path.push(name);
                text.clear();
            }
            Ok(Event::Text(t)) => text.push_str(&String::from_utf8_lossy(t.into_inner().as_bytes())),
            Ok(Event::CData(t)) => text.push_str(&String::from_utf8_lossy(t.into_inner().as_bytes())),
            Ok(Event::End(_)) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map_or("", String::as_str);
                let value = text.trim().to_string();
                let date = || NaiveDate::parse_from_str(&value, "%Y-%m-%d").ok();
                match (&mut pupil, parent, name.as_str()) {
                    (None, "sourceschool", "lea") => source_lea = value,
                    (None, "sourceschool", "estab") => source_estab = value,
                    (Some((upn, _, _)), "pupil", "upn") => *upn = value,
                    (Some((_, d, _)), _, "ncyearactual") => set(d, "year", &value),
                    (Some((_, d, _)), _, "senprovision") => set(d, "sen", &value),
                    (Some((_, _, schools)), "school", field) => {
                        if let Some(school) = schools.last_mut() {
                            match field {
                                "lea" => school.lea = value,
                                "estab" => school.estab = value,
                                "entrydate" => school.entry = date(),
                                "leavingdate" => school.leaving = date(),
                                _ => {}
                            }
                        }
                    }
                    (Some(_), _, "pupil") => {
                        if let Some((upn, mut d, schools)) = pupil.take() {
                            let here =
                                schools.iter().find(|s| s.lea == source_lea && s.estab == source_estab);
                            if let Some(school) = here {
                                (d.admitted, d.left) = (school.entry, school.leaving);
                            }
                            if !upn.is_empty() {
                                out.push((upn, d));
                            }
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Ok(Event::Eof) | Err(_) => return out,
            Ok(_) => {}
        }
        buf.clear();
    }
}

fn set(details: &mut PupilDetails, attribute: &str, value: &str) {
    if let Ok(Some(v)) = normalise(attribute, value) {
        details.attributes.insert(attribute.to_string(), v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ctf_gives_year_group_sen_and_the_dates_at_its_own_school() {
        let xml = br#"<CTfile><Header><SourceSchool><LEA>919</LEA><Estab>4999</Estab></SourceSchool></Header>
<CTFpupilData><Pupil><UPN>X1</UPN><BasicDetails><NCyearActual>7</NCyearActual></BasicDetails>
<SENhistory><SEN><StartDate>2024-09-01</StartDate><SENprovision>K</SENprovision></SEN></SENhistory>
<SchoolHistory><School><LEA>100</LEA><Estab>2000</Estab><EntryDate>2018-09-01</EntryDate><LeavingDate>2024-07-20</LeavingDate></School>
<School><LEA>919</LEA><Estab>4999</Estab><EntryDate>2024-09-04</EntryDate><LeavingDate>2025-02-14</LeavingDate></School></SchoolHistory>
</Pupil><Pupil><UPN>X2</UPN></Pupil></CTFpupilData></CTfile>"#;
        let found = details(xml);
        assert_eq!(found.len(), 2);
        let (upn, d) = &found[0];
        assert_eq!(upn, "X1");
        assert_eq!(d.attributes.get("year").map(String::as_str), Some("7"));
        assert_eq!(d.attributes.get("sen").map(String::as_str), Some("SEN support"));
        assert_eq!(d.admitted, NaiveDate::from_ymd_opt(2024, 9, 4));
        assert_eq!(d.left, NaiveDate::from_ymd_opt(2025, 2, 14));
        assert_eq!(found[1].1, PupilDetails::default());
    }
}
