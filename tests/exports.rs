//! The example exports under `examples/registers/`, one per school system's
//! shape: each, read natively (by its header) and with its mapping file,
//! gives exactly the events of the same marks in attend's own layout.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

use std::process::Command;

fn attend(args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_attend")).args(args).output().expect("attend runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn iso(dmy: &str) -> String {
    format!("{}-{}-{}", &dmy[6..], &dmy[3..5], &dmy[..2])
}

/// The export's marks in attend's long layout, written out by hand for each
/// shape: `pupil,date,session,mark,minutes_late`.
fn long_rows(system: &str, line: &str) -> Vec<String> {
    let f: Vec<&str> = line.split(',').collect();
    match system {
        "sims" => {
            let mark = if f[3] == "I01" { "I" } else { f[3] };
            vec![format!("{},{},{},{mark},{}", f[0], iso(f[1]), f[2], f[5])]
        }
        "arbor" => {
            let session = if f[2] == "Morning" { "AM" } else { "PM" };
            vec![format!("{},{},{session},{},{}", f[0], f[1], f[3], f[4])]
        }
        "bromcom" => vec![format!("{},{},{},{},{}", f[0], iso(f[1]), f[2], f[4], f[5])],
        "scholarpack" => {
            vec![
                format!("{},{},AM,{},", f[0], iso(f[1]), f[2]),
                format!("{},{},PM,{},", f[0], iso(f[1]), f[3]),
            ]
        }
        "wonde" => vec![line.to_string()],
        _ => panic!("{system}"),
    }
}

#[test]
fn each_example_export_gives_the_events_of_the_same_long_csv() {
    let dir = tempfile::tempdir().unwrap();
    for system in ["sims", "arbor", "bromcom", "scholarpack", "wonde"] {
        let export = format!("examples/registers/{system}-like.csv");
        let mapping = format!("examples/registers/{system}-like.toml");
        let text = std::fs::read_to_string(&export).unwrap();
        let mut long = String::from("pupil,date,session,mark,minutes_late\n");
        for line in text.lines().skip(1) {
            for row in long_rows(system, line) {
                long.push_str(&row);
                long.push('\n');
            }
        }
        let equivalent = dir.path().join(format!("{system}.csv"));
        std::fs::write(&equivalent, long).unwrap();
        let run = |register: &str, extra: &[&str]| {
            let mut args = vec![
                "run",
                "policies/stanborough.attend",
                "--register",
                register,
                "--format",
                "jsonl",
                "--summary",
            ];
            args.extend(extra);
            attend(&args)
        };
        let (expected, _) = run(equivalent.to_str().unwrap(), &[]);
        assert!(expected.contains("\"record\":\"event\""), "{system}: the example should make rules fire");
        let (native, note) = run(&export, &[]);
        assert_eq!(native, expected, "{system}, read by its header");
        assert!(note.contains("-like layout, which attend knows"), "{system}: {note}");
        let (mapped, note) = run(&export, &["--map", &mapping]);
        assert_eq!(mapped, expected, "{system}, read with its mapping");
        assert!(note.is_empty(), "{system}: {note}");
    }
}
