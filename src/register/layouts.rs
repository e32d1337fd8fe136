//! Exports attend recognises by their header, without a mapping file: the
//! shapes of the example exports under `examples/registers/`, whose mapping
//! files are built in. Each shape is assumed from a system's documentation,
//! not read from a real export (docs/registers.md says what is known).

use super::csv::header_names;
use super::{Format, Mapping, detect};
use std::path::PathBuf;

/// The built-in layouts: a name, and the mapping that reads it.
const LAYOUTS: [(&str, &str); 5] = [
    ("SIMS-like", include_str!("../../examples/registers/sims-like.toml")),
    ("Arbor-like", include_str!("../../examples/registers/arbor-like.toml")),
    ("Bromcom-like", include_str!("../../examples/registers/bromcom-like.toml")),
    ("ScholarPack-like", include_str!("../../examples/registers/scholarpack-like.toml")),
    ("Wonde-like", include_str!("../../examples/registers/wonde-like.toml")),
];

/// The layout of the first CSV register among `files` that attend's own
/// layout does not read but a built-in one does: its name and mapping.
pub fn recognise(files: &[PathBuf]) -> Option<(&'static str, Mapping)> {
    let start = files.iter().find_map(|f| {
        let start = super::first_bytes(f).ok()?;
        (detect(&start, &Mapping::default()) != Some(Format::Ctf)).then_some(start)
    })?;
    if detect(&start, &Mapping::default()).is_some() {
        return None;
    }
    let header_end = start.iter().position(|&b| b == b'\n').unwrap_or(start.len());
    let header = header_names(start.get(..header_end).unwrap_or(&start));
    LAYOUTS.iter().find_map(|(name, text)| {
        let mapping = Mapping::parse(text).ok()?;
        names_all(&mapping, &header).then_some((*name, mapping))
    })
}

/// Whether every column the mapping reads marks from is in the header.
fn names_all(mapping: &Mapping, header: &[String]) -> bool {
    let c = &mapping.columns;
    let has = |name: &str| header.iter().any(|h| h.eq_ignore_ascii_case(name));
    has(&c.pupil) && has(&c.date) && ((has(&c.session) && has(&c.mark)) || (has(&c.am) && has(&c.pm)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_layout_reads_and_recognises_its_example() {
        for (name, text) in LAYOUTS {
            assert!(Mapping::parse(text).is_ok(), "{name}");
            let file = format!("examples/registers/{}.csv", name.to_lowercase());
            let (found, _) = recognise(&[PathBuf::from(&file)]).unwrap_or_else(|| panic!("{file}"));
            assert_eq!(found, name);
        }
        assert!(recognise(&[PathBuf::from("examples/stanborough-2024-25-synthetic.csv")]).is_none());
        assert!(recognise(&[PathBuf::from("examples/ctf-sample.xml")]).is_none());
    }
}
