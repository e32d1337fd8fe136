//! Reading registers: every kind of bad row stops a strict run with file,
//! line and column (snapshotted), lenient runs count and skip; and results
//! never depend on the order, splitting, layout or threads of the input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

use attend::compile::{self, RuleSet};
use attend::engine::{self, RunError, RunOptions, RunOutput};
use attend::regulations::Regimes;
use attend::report;
use attend::synthetic::{Options, write_long_csv};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn stanborough() -> RuleSet {
    match compile::load(Path::new("policies/stanborough.attend"), &Regimes::embedded(), None) {
        Ok(rules) => rules,
        Err(_) => panic!("the shipped policy compiles"),
    }
}

fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path).to_path_buf()
}

fn run(files: &[PathBuf], lenient: bool) -> Result<RunOutput, String> {
    run_in_parts(files, lenient, RunOptions::new(lenient).part_bytes)
}

/// A run with registers cut into parts of about `part_bytes` for reading.
fn run_in_parts(files: &[PathBuf], lenient: bool, part_bytes: u64) -> Result<RunOutput, String> {
    run_with(files, RunOptions { part_bytes, ..RunOptions::new(lenient) })
}

fn run_with(files: &[PathBuf], options: RunOptions) -> Result<RunOutput, String> {
    match engine::run_collecting(&stanborough(), files, &options) {
        Ok(output) => Ok(output),
        Err(RunError::Register(problems)) => Err(problems.first().map(|p| p.to_string()).unwrap_or_default()),
        Err(RunError::Io(e)) => Err(e.to_string()),
        Err(RunError::Plan(e)) => Err(e),
    }
}

#[test]
fn each_bad_register_stops_a_strict_run_with_its_location() {
    insta::glob!("fixtures/registers/bad/*", |path| {
        let error = run(&[relative(path)], false).err().expect("a strict run refuses this file");
        insta::assert_snapshot!(error);
    });
}

#[test]
fn a_lenient_run_skips_bad_rows_and_counts_each_kind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.csv");
    let mut text = String::from("pupil,date,session,mark\n");
    for day in 2..=6 {
        text.push_str(&format!("A1,2024-09-0{day},AM,/\nA1,2024-09-0{day},PM,\\\n"));
    }
    text.push_str("A1,2024-09-09,AM,UA\nA1,2024-09-09,PM,QQ\nA1,2024-13-01,AM,/\nA1,2024-09-10,EVE,/\nA1,2024-09-02,AM,L\n");
    std::fs::write(&path, text).unwrap();
    let output = run(std::slice::from_ref(&path), true).unwrap();
    // 10 good rows and the duplicate are read as marks (the duplicate is then
    // skipped); rows with a bad code, date or session are not marks.
    assert_eq!(output.marks, 11);
    let summary = output.skipped.summary().replace(&path.display().to_string(), "register.csv");
    insta::assert_snapshot!(summary, @r"
    skipped 1 bad dates
      register.csv:14:4: `2024-13-01` is not a date like 2025-09-03
    skipped 1 sessions other than AM or PM
      register.csv:15:15: `EVE` is not a session: write AM or PM
    skipped 2 unknown attendance codes
      register.csv:12:18: `UA` is not an attendance code
      register.csv:13:18: `QQ` is not an attendance code
    skipped 1 duplicate marks for one pupil, date and session
      register.csv:16:1: a second morning mark for the same pupil on 2024-09-02 (the first is on line 2)
    ");
    // The first mark of a duplicate is kept: A1 was present that morning.
    assert_eq!(output.summaries[0].late, 0);
    let text = report::human(&output, false);
    assert!(text.contains("unreadable rows (skipped):"), "{text}");
}

/// A synthetic register of `pupils` pupils over one year, as long CSV text.
fn synthetic(pupils: u64, seed: u64) -> String {
    let mut bytes = Vec::new();
    write_long_csv(&Options { pupils, years: vec![2024], seed, minutes_late: true }, &mut bytes).unwrap();
    String::from_utf8(bytes).unwrap()
}

fn write(dir: &Path, name: &str, header: &str, lines: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let mut text = String::from(header);
    for l in lines {
        text.push_str(l);
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn jsonl(files: &[PathBuf]) -> String {
    report::jsonl(&run(files, false).unwrap(), true)
}

fn jsonl_in_parts(files: &[PathBuf], part_bytes: u64) -> String {
    report::jsonl(&run_in_parts(files, false, part_bytes).unwrap(), true)
}

/// A run whose pass 1 may keep `packed_bytes` of marks for pass 2; the rest
/// is read again.
fn jsonl_packed(files: &[PathBuf], part_bytes: u64, packed_bytes: usize) -> String {
    let options = RunOptions { part_bytes, packed_bytes, ..RunOptions::new(false) };
    report::jsonl(&run_with(files, options).unwrap(), true)
}

/// The long rows as wide rows: one line a pupil and day.
fn widen(lines: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut by_day: std::collections::BTreeMap<(String, String), [String; 4]> = Default::default();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let entry = by_day.entry((f[0].to_string(), f[1].to_string())).or_default();
        let (mark, minutes) = if f[2] == "AM" { (0, 2) } else { (1, 3) };
        entry[mark] = f[3].to_string();
        entry[minutes] = f.get(4).unwrap_or(&"").to_string();
    }
    for ((pupil, date), [am, pm, am_late, pm_late]) in by_day {
        out.push(format!("{pupil},{date},{am},{pm},{am_late},{pm_late}"));
    }
    out
}

#[test]
fn sorted_shuffled_split_and_wide_registers_give_identical_output() {
    let dir = tempfile::tempdir().unwrap();
    let text = synthetic(40, 11);
    let mut lines: Vec<&str> = text.lines().collect();
    let header = format!("{}\n", lines.remove(0));
    let sorted = write(dir.path(), "sorted.csv", &header, &lines);
    let expected = jsonl(std::slice::from_ref(&sorted));
    assert!(expected.lines().count() > 40, "the register should make rules fire");
    // Cut into parts read in parallel: down to a line a part, and cuts inside a pupil's rows.
    for part_bytes in [1, 100, 5_000, 60_000] {
        let output = jsonl_in_parts(std::slice::from_ref(&sorted), part_bytes);
        assert_eq!(output, expected, "parts of {part_bytes} bytes");
    }
    // Pass 2 from marks pass 1 packed, from the file read again, and from both.
    assert_eq!(jsonl_packed(std::slice::from_ref(&sorted), 5_000, 0), expected, "nothing packed");
    assert!(expected.contains("lateness: arrival after"), "minutes late are packed too");
    for packed_bytes in [1_000, 5_000, 20_000] {
        let output = jsonl_packed(std::slice::from_ref(&sorted), 5_000, packed_bytes);
        assert_eq!(output, expected, "{packed_bytes} bytes packed");
    }

    let mut shuffled = lines.clone();
    let mut state = 7u64;
    for i in (1..shuffled.len()).rev() {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        shuffled.swap(i, (state >> 33) as usize % (i + 1));
    }
    assert_eq!(jsonl(&[write(dir.path(), "shuffled.csv", &header, &shuffled)]), expected, "shuffled");

    // Split by pupil (each pupil in one file) and by date (each pupil in both).
    let (first, second) = lines.split_at(lines.len() / 2);
    let by_pupil = [write(dir.path(), "a.csv", &header, first), write(dir.path(), "b.csv", &header, second)];
    assert_eq!(jsonl(&by_pupil), expected, "split by pupil");
    let (autumn, rest): (Vec<&str>, Vec<&str>) = lines.iter().partition(|l| l.contains(",2024-"));
    let by_date =
        [write(dir.path(), "2025.csv", &header, &rest), write(dir.path(), "2024.csv", &header, &autumn)];
    assert_eq!(jsonl(&by_date), expected, "split by date");

    let wide = widen(&lines);
    let wide: Vec<&str> = wide.iter().map(String::as_str).collect();
    let wide_header = "pupil,date,am,pm,am_minutes_late,pm_minutes_late\n";
    let wide = write(dir.path(), "wide.csv", wide_header, &wide);
    assert_eq!(jsonl(std::slice::from_ref(&wide)), expected, "wide");
    assert_eq!(jsonl_in_parts(&[wide], 700), expected, "wide, in parts");
}

#[test]
fn duplicates_of_pupils_whose_rows_are_apart_are_reported_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    // Each pupil's morning mark twice, with every other pupil's rows between.
    let mut lines = Vec::new();
    for _ in 0..2 {
        for pupil in 0..20 {
            lines.push(format!("P{pupil},2024-09-02,AM,/"));
        }
    }
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let path = write(dir.path(), "r.csv", "pupil,date,session,mark\n", &lines);
    for _ in 0..5 {
        let output = run(std::slice::from_ref(&path), true).unwrap();
        let shown: Vec<u64> = output.skipped.examples.values().flatten().map(|p| p.line).collect();
        assert_eq!(shown, [22, 23, 24, 25, 26], "the first duplicates in the file, in its order");
        let first = run(std::slice::from_ref(&path), false).err().unwrap();
        assert!(first.contains(":22:1: a second morning mark"), "{first}");
    }
}

#[test]
fn a_third_mark_for_a_session_names_the_first_whether_rows_are_together_or_apart() {
    let dir = tempfile::tempdir().unwrap();
    let together = ["P0,2024-09-02,AM,/", "P0,2024-09-02,AM,L", "P0,2024-09-02,AM,O", "P1,2024-09-02,AM,/"];
    let apart = ["P0,2024-09-02,AM,/", "P1,2024-09-02,AM,/", "P0,2024-09-02,AM,L", "P0,2024-09-02,AM,O"];
    for (name, lines) in [("together.csv", together), ("apart.csv", apart)] {
        let path = write(dir.path(), name, "pupil,date,session,mark\n", &lines);
        let skipped = run(&[path], true).unwrap().skipped;
        let messages: Vec<&str> = skipped.examples.values().flatten().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{name}");
        assert!(messages.iter().all(|m| m.ends_with("(the first is on line 2)")), "{name}: {messages:?}");
    }
}

#[test]
fn duplicates_on_one_ctf_line_are_reported_the_same_on_every_run() {
    let dir = tempfile::tempdir().unwrap();
    // Two pupils, each given twice and apart, all on one line: the second
    // copies' marks are duplicates, many to a line.
    let pupil = |upn: &str, start: &str| {
        format!(
            "<Pupil><UPN>{upn}</UPN><Attendance><YearData><AttendSessions><AttendanceStartDate>{start}</AttendanceStartDate><AttendanceMarks>/\\/\\/\\</AttendanceMarks></AttendSessions></YearData></Attendance></Pupil>"
        )
    };
    let ctf = format!(
        "<CTfile><CTFpupilData>{}{}{}{}</CTFpupilData></CTfile>",
        pupil("A", "2025-09-01"),
        pupil("B", "2025-09-08"),
        pupil("A", "2025-09-01"),
        pupil("B", "2025-09-08")
    );
    let path = dir.path().join("one-line.xml");
    std::fs::write(&path, ctf).unwrap();
    let first = run(std::slice::from_ref(&path), true).unwrap().skipped.summary();
    assert!(first.contains("skipped 12 duplicate marks"), "{first}");
    assert!(first.contains("morning mark for the same pupil on 2025-09-01"), "in date order: {first}");
    for _ in 0..20 {
        assert_eq!(run(std::slice::from_ref(&path), true).unwrap().skipped.summary(), first);
    }
}

#[test]
fn problems_are_found_at_the_same_lines_whatever_the_parts() {
    let dir = tempfile::tempdir().unwrap();
    let text = synthetic(12, 5);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header = format!("{}\n", lines.remove(0));
    // Bad rows spread through the file, some at the edges of pupils' runs.
    for (at, bad) in [
        (3, "S000001,2024-09-31,AM,/,"),
        (500, "S000002,2024-10-01,XX,/,"),
        (2_000, "S000006"),
        (4_000, "S000011,2025-01-06,AM,QQ,"),
    ] {
        lines.insert(at, bad.to_string());
    }
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let path = write(dir.path(), "r.csv", &header, &lines);
    let whole = run(std::slice::from_ref(&path), true).unwrap().skipped.summary();
    assert_eq!(whole.matches("r.csv:").count(), 4, "{whole}");
    let first = run(std::slice::from_ref(&path), false).err().unwrap();
    assert!(first.ends_with(":5:9: `2024-09-31` is not a date like 2025-09-03"), "{first}");
    for part_bytes in [1, 64, 999, 20_000] {
        let lenient = run_in_parts(std::slice::from_ref(&path), true, part_bytes).unwrap();
        assert_eq!(lenient.skipped.summary(), whole, "parts of {part_bytes} bytes");
        let strict = run_in_parts(std::slice::from_ref(&path), false, part_bytes).err().unwrap();
        assert_eq!(strict, first, "parts of {part_bytes} bytes");
    }
}

#[test]
fn jsonl_lines_are_json() {
    let dir = tempfile::tempdir().unwrap();
    let text = synthetic(10, 3);
    let mut lines: Vec<&str> = text.lines().collect();
    let header = format!("{}\n", lines.remove(0));
    let out = jsonl(&[write(dir.path(), "r.csv", &header, &lines)]);
    for line in out.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert!(value["record"].is_string());
    }
}

#[test]
fn the_ctf_sample_reads_as_the_same_marks_as_csv() {
    let from_ctf = run(&[PathBuf::from("examples/ctf-sample.xml")], false).unwrap();
    assert_eq!((from_ctf.marks, from_ctf.pupils, from_ctf.calendar.len()), (54, 3, 9));
    let two = from_ctf.summaries.iter().find(|s| s.pupil == "X00000000002B").unwrap();
    assert_eq!((two.possible, two.present, two.authorised, two.unauthorised), (18, 8, 4, 6));
}

const CODES: &[&str] = &["/", "\\", "L", "I", "M", "O", "G", "U", "N", "B", "X", "Y1", "#", "C"];

fn random_register() -> impl Strategy<Value = Vec<(u8, u16, bool, usize)>> {
    // (pupil, school day, afternoon?, code) with no two marks for one session.
    proptest::collection::btree_map((0u8..6, 0u16..40, any::<bool>()), 0..CODES.len(), 1..300)
        .prop_map(|m| m.into_iter().map(|((p, d, pm), c)| (p, d, pm, c)).collect())
}

fn register_text(marks: &[(u8, u16, bool, usize)]) -> Vec<String> {
    let start = chrono::NaiveDate::from_ymd_opt(2024, 9, 2).unwrap();
    marks
        .iter()
        .map(|&(p, d, pm, c)| {
            // Weekdays only: 5 school days a week.
            let date = start + chrono::Days::new(u64::from(d / 5 * 7 + d % 5));
            format!("P{p},{date},{},{}", if pm { "PM" } else { "AM" }, CODES[c])
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn present_authorised_and_unauthorised_add_up_to_possible(marks in random_register()) {
        let dir = tempfile::tempdir().unwrap();
        let lines = register_text(&marks);
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let output = run(&[write(dir.path(), "r.csv", "pupil,date,session,mark\n", &lines)], false).unwrap();
        for s in &output.summaries {
            prop_assert_eq!(s.present + s.authorised + s.unauthorised, s.possible);
        }
    }

    #[test]
    fn output_does_not_depend_on_order_threads_or_parts(
        marks in random_register(),
        seed in any::<u64>(),
        part_bytes in 1u64..3_000,
        packed_bytes in 0usize..6_000,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let lines = register_text(&marks);
        let mut lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let header = "pupil,date,session,mark\n";
        let in_order = write(dir.path(), "a.csv", header, &lines);
        let one_thread = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let expected = one_thread.install(|| jsonl_packed(std::slice::from_ref(&in_order), 1 << 20, 0));
        let mut state = seed | 1;
        for i in (1..lines.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            lines.swap(i, state as usize % (i + 1));
        }
        let shuffled = write(dir.path(), "b.csv", header, &lines);
        let four_threads = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        let in_parts = |file: PathBuf| jsonl_packed(&[file], part_bytes, packed_bytes);
        prop_assert_eq!(four_threads.install(|| in_parts(shuffled)), expected.clone());
        prop_assert_eq!(four_threads.install(|| in_parts(in_order)), expected);
    }
}

#[test]
fn a_strict_run_reads_the_whole_register_and_reports_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "bad.csv",
        "pupil,date,session,mark\n",
        &[
            "A,2024-09-02,AM,/",
            "A,03/09/2024,AM,/",
            "A,2024-09-04,XX,/",
            "A,2024-09-05,AM,QQ",
            "A,2024-09-06,AM,QZ",
        ],
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attend"))
        .args(["run", "policies/stanborough.attend", "--register", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&path.display().to_string(), "bad.csv");
    insta::assert_snapshot!(stderr, @r"
    error: bad.csv:3:3: `03/09/2024` is not a date like 2025-09-03
    the register has 4 problems in all:
    1 bad dates
      bad.csv:3:3: `03/09/2024` is not a date like 2025-09-03
    1 sessions other than AM or PM
      bad.csv:4:14: `XX` is not a session: write AM or PM
    2 unknown attendance codes
      bad.csv:5:17: `QQ` is not an attendance code
      bad.csv:6:17: `QZ` is not an attendance code
    (--lenient skips the rows that cannot be read, reports them, and runs on the rest)
    ");
}

#[test]
fn a_session_without_a_mark_yet_is_a_finding_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let long = write(
        dir.path(),
        "long.csv",
        "pupil,date,session,mark\n",
        &["A,2024-09-02,AM,/", "A,2024-09-02,PM,-", "A,2024-09-03,AM,/", "A,2024-09-03,PM,"],
    );
    // A row without a mark is still read: a bad session in it is a problem, not a silent skip.
    let bad_session = write(dir.path(), "bad.csv", "pupil,date,session,mark\n", &["A,2024-09-02,EVE,-"]);
    let refused = run(std::slice::from_ref(&bad_session), false).err().unwrap();
    assert!(refused.contains("`EVE` is not a session"), "{refused}");
    let wide = write(dir.path(), "wide.csv", "pupil,date,am,pm\n", &["A,2024-09-02,/,-", "A,2024-09-03,/,"]);
    for path in [long, wide] {
        let output = run(std::slice::from_ref(&path), false).unwrap();
        let summary = &output.summaries[0];
        assert_eq!((summary.possible, summary.present), (2, 2), "{}", path.display());
        let missing = output.quality.counts.get(&attend::engine::QualityKind::MissingMark).copied();
        assert_eq!(missing, Some(2), "{}", path.display());
    }
}

#[test]
fn an_export_read_with_its_mapping_gives_the_events_of_the_same_long_csv() {
    let export = std::fs::read_to_string("examples/registers/sims-like.csv").unwrap();
    // The same marks in attend's own layout: ISO dates, national codes.
    let mut long = String::from("pupil,date,session,mark,minutes_late\n");
    for line in export.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (day, month, year) = (&f[1][..2], &f[1][3..5], &f[1][6..]);
        let mark = if f[3] == "I01" { "I" } else { f[3] };
        long.push_str(&format!("{},{year}-{month}-{day},{},{mark},{}\n", f[0], f[2], f[5]));
    }
    let dir = tempfile::tempdir().unwrap();
    let equivalent = dir.path().join("long.csv");
    std::fs::write(&equivalent, long).unwrap();
    let expected = jsonl(&[equivalent]);
    assert!(expected.contains("\"record\":\"event\""), "the example should make rules fire");
    let mapping = attend::register::Mapping::load(Path::new("examples/registers/sims-like.toml")).unwrap();
    let options = RunOptions { mapping: std::sync::Arc::new(mapping), ..RunOptions::new(false) };
    let mapped = engine::run_collecting(
        &stanborough(),
        &[PathBuf::from("examples/registers/sims-like.csv")],
        &options,
    );
    assert_eq!(report::jsonl(&mapped.unwrap(), true), expected);
    // Without the mapping the file is refused, with the advice to give one.
    let Err(refused) = run(&[PathBuf::from("examples/registers/sims-like.csv")], false) else {
        panic!("the export read without its mapping")
    };
    assert!(refused.contains("--map"), "{refused}");
}

#[test]
fn ctf_marks_separated_by_commas_hold_two_character_codes() {
    let dir = tempfile::tempdir().unwrap();
    let ctf = |marks: &str| {
        format!(
            "<CTfile><CTFpupilData><Pupil><UPN>A</UPN><Attendance><YearData><SessionsPossible>6</SessionsPossible><AttendSessions><AttendanceStartDate>2025-09-01</AttendanceStartDate><AttendanceMarks>{marks}</AttendanceMarks></AttendSessions></YearData></Attendance></Pupil></CTFpupilData></CTfile>"
        )
    };
    // Monday to Wednesday: present, a leave of absence for an interview (J1) and
    // a regulated performance (C1), then an afternoon of illness.
    let commas = dir.path().join("commas.xml");
    std::fs::write(&commas, ctf("/,\\, J1 ,C1, /,I")).unwrap();
    let output = run(std::slice::from_ref(&commas), false).unwrap();
    let s = &output.summaries[0];
    assert_eq!((s.possible, s.present, s.authorised, s.unauthorised), (6, 3, 3, 0));
    // One character a session still reads, and a code that is not one is found at its place.
    let single = dir.path().join("single.xml");
    std::fs::write(&single, ctf("/\\/\\/I")).unwrap();
    assert_eq!(run(std::slice::from_ref(&single), false).unwrap().summaries[0].possible, 6);
    let bad = dir.path().join("bad.xml");
    std::fs::write(&bad, ctf("/,\\,J9,C1,/,I")).unwrap();
    let skipped = run(std::slice::from_ref(&bad), true).unwrap().skipped.summary();
    assert!(skipped.contains(":1:192: `J9` is not an attendance code"), "{skipped}");
}

#[test]
fn each_session_count_a_ctf_declares_is_compared_with_the_marks() {
    let dir = tempfile::tempdir().unwrap();
    let ctf = |attended: u32| {
        format!(
            "<CTfile><CTFpupilData><Pupil><UPN>A</UPN><Attendance><YearData><SessionsPossible>6</SessionsPossible><SessionsAuthorised>1</SessionsAuthorised><SessionsAttended>{attended}</SessionsAttended><SessionsUnauthorised>1</SessionsUnauthorised><AttendSessions><AttendanceStartDate>2025-09-01</AttendanceStartDate><AttendanceMarks>/\\/\\IO</AttendanceMarks></AttendSessions></YearData></Attendance></Pupil></CTFpupilData></CTfile>"
        )
    };
    let agrees = dir.path().join("agrees.xml");
    std::fs::write(&agrees, ctf(4)).unwrap();
    assert!(run(std::slice::from_ref(&agrees), false).is_ok());
    let differs = dir.path().join("differs.xml");
    std::fs::write(&differs, ctf(5)).unwrap();
    let refused = run(std::slice::from_ref(&differs), false).err().unwrap();
    assert!(
        refused.ends_with("the file declares 5 sessions attended for this pupil, but its marks hold 4"),
        "{refused}"
    );
}

/// Found by fuzzing: a strict run of a register whose pupil's rows end up
/// apart (here, read in parts) must still report the duplicate that comes
/// before the first other problem, as reading it whole does.
#[test]
fn a_strict_run_reports_the_same_first_problem_whatever_the_parts() {
    let path = PathBuf::from("tests/fixtures/registers/parts-duplicate-and-bad-row.csv");
    let whole = run(std::slice::from_ref(&path), false).err().unwrap();
    assert!(whole.contains(":53:1: a second morning mark"), "{whole}");
    for part_bytes in [1, 97, 989, 4096] {
        assert_eq!(
            run_in_parts(std::slice::from_ref(&path), false, part_bytes).err().unwrap(),
            whole,
            "{part_bytes}"
        );
    }
}
