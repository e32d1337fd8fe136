//! What gives pupil details and reading rules, on any bytes: a pupils file,
//! a records file, the pupil details of a CTF, and a mapping file. Each ends
//! in details or problems with a place, never a panic.
#![no_main]

use attend::register::{Mapping, Pupils, pupils_from_ctf};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let dir = if std::path::Path::new("/dev/shm").is_dir() { "/dev/shm".into() } else { std::env::temp_dir() };
    let path = dir.join(format!("attend-fuzz-details-{}", std::process::id()));
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    match Pupils::load(&path, &Mapping::default()) {
        Ok(pupils) => {
            assert!(pupils.names().len() >= 5);
        }
        Err(problems) => {
            let first = problems.first().unwrap_or_else(|| panic!("a refused pupils file names no problem"));
            assert!(first.line >= 1 && first.column >= 1, "{first}");
        }
    }
    let mut records = Pupils::default();
    match records.add_records(&path, &Mapping::default()) {
        Ok(()) => {
            for pupil in bytes.split(|&b| b == b'\n').skip(1).filter_map(|l| l.split(|&b| b == b',').next()) {
                if let Some(details) = std::str::from_utf8(pupil).ok().and_then(|p| records.get(p.trim())) {
                    assert!(details.records.windows(2).all(|w| w[0].0 <= w[1].0), "records out of date order");
                }
            }
        }
        Err(problems) => {
            let first = problems.first().unwrap_or_else(|| panic!("a refused records file names no problem"));
            assert!(first.line >= 1 && first.column >= 1, "{first}");
        }
    }
    if let Some(pupils) = pupils_from_ctf(std::slice::from_ref(&path)) {
        assert!(!pupils.is_empty());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = Mapping::parse(text);
    }
    let _ = std::fs::remove_file(&path);
});
