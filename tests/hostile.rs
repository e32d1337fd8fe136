//! Policies written to attack the machine that checks them, as a pull request
//! to a trust's policy repository could be: each ends in a diagnostic within a
//! second, and nothing from outside the policy's folder reaches the output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const SCHOOL: &str = "school \"Oak\" {\n    regulations england-2024\n    effective 2025-09-01\n}\n";

/// Runs attend with `args`, failing the test if it takes more than a second.
fn attend_quickly(args: &[&str]) -> (Output, Duration) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_attend"))
        .args(args)
        .stdin(Stdio::piped()) // never closed: reading it would block
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(5) {
            child.kill().unwrap();
            panic!("attend {args:?} did not finish");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let elapsed = start.elapsed();
    (child.wait_with_output().unwrap(), elapsed)
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn check_all_formats(policy: &Path) -> Vec<(String, Duration)> {
    ["human", "json", "sarif", "github"]
        .iter()
        .map(|format| {
            let (out, took) = attend_quickly(&["check", policy.to_str().unwrap(), "--format", format]);
            assert_eq!(out.status.code(), Some(1), "{format}: {}", text(&out));
            (text(&out), took)
        })
        .collect()
}

#[test]
fn extends_cannot_read_a_file_outside_the_policy_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "AWS_SECRET=hunter2-do-not-print\n").unwrap();
    let policies = dir.path().join("policies");
    std::fs::create_dir(&policies).unwrap();
    let policy = policies.join("school.attend");
    std::fs::write(&policy, format!("extends \"../.env\"\n{SCHOOL}")).unwrap();
    for (output, took) in check_all_formats(&policy) {
        assert!(output.contains("N014"), "{output}");
        assert!(!output.contains("hunter2"), "{output}");
        assert!(took < Duration::from_secs(1), "{took:?}");
    }
}

/// A policy in `dir` extending `target` is refused with N014 for `reason`,
/// quickly, in every format, and nothing of the target is shown.
fn assert_extends_refused(dir: &Path, target: &str, reason: &str) {
    let policy = dir.join("school.attend");
    std::fs::write(&policy, format!("extends \"{target}\"\n{SCHOOL}")).unwrap();
    for (output, took) in check_all_formats(&policy) {
        assert!(output.contains("N014") && output.contains(reason), "{target}: {output}");
        assert!(!output.contains("root:x:0"), "{output}");
        assert!(took < Duration::from_secs(1), "{target}: {took:?}");
    }
}

#[test]
fn extends_cannot_name_an_absolute_path_or_a_device() {
    let dir = tempfile::tempdir().unwrap();
    for target in ["/proc/self/environ", "/dev/zero", "/dev/stdin", "/etc/passwd"] {
        assert_extends_refused(dir.path(), target, "absolute");
    }
}

#[cfg(unix)]
#[test]
fn extends_cannot_follow_a_link_out_of_the_folder_or_read_a_device() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.attend")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("passwd.attend")).unwrap();
    for target in ["zero.attend", "passwd.attend"] {
        assert_extends_refused(dir.path(), target, "outside");
    }
}

#[cfg(unix)]
#[test]
fn a_pipe_in_the_folder_is_not_a_policy_file() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("base.attend");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let policy = dir.path().join("school.attend");
    std::fs::write(&policy, format!("extends \"base.attend\"\n{SCHOOL}")).unwrap();
    let (out, took) = attend_quickly(&["check", policy.to_str().unwrap()]);
    assert!(text(&out).contains("N014") && text(&out).contains("not a regular file"), "{}", text(&out));
    assert!(took < Duration::from_secs(1));
    // Named directly, a pipe or a device is refused too: an I/O error, exit 2.
    let (out, took) = attend_quickly(&["check", "/dev/stdin"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(took < Duration::from_secs(1));
}

#[cfg(unix)]
#[test]
fn a_folder_with_symlink_loops_is_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("school.attend"), SCHOOL).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("again")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("and-again")).unwrap();
    let folder = dir.path().to_str().unwrap();
    for args in [vec!["check", folder], vec!["fmt", "--check", folder]] {
        let (out, took) = attend_quickly(&args);
        assert!(took < Duration::from_secs(1), "{args:?}: {took:?}");
        assert!(out.status.code().is_some(), "{}", text(&out));
    }
    let (out, _) = attend_quickly(&["check", folder]);
    assert!(text(&out).contains("checked 1 file"), "{}", text(&out));
}

#[test]
fn a_policy_may_extend_within_a_wider_root_given_with_root() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("trusts")).unwrap();
    std::fs::create_dir_all(dir.path().join("schools")).unwrap();
    std::fs::write(dir.path().join("trusts/base.attend"), "trust \"T\" {\n    effective 2025-09-01\n}\n")
        .unwrap();
    let policy = dir.path().join("schools/oak.attend");
    std::fs::write(&policy, "extends \"../trusts/base.attend\"\nschool \"Oak\" {\n}\n").unwrap();
    let (out, _) = attend_quickly(&["check", policy.to_str().unwrap()]);
    assert!(text(&out).contains("N014"), "{}", text(&out));
    let (out, _) =
        attend_quickly(&["check", policy.to_str().unwrap(), "--root", dir.path().to_str().unwrap()]);
    assert!(!text(&out).contains("N014"), "{}", text(&out));
}

/// Register data at the edge of the calendar ends in a result or a problem,
/// never a panic.
#[test]
fn a_ctf_start_date_near_the_year_9999_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let ctf = dir.path().join("edge.xml");
    let sample = std::fs::read_to_string("examples/ctf-sample.xml").unwrap();
    std::fs::write(&ctf, sample.replace("2025-09-01", "9999-12-20")).unwrap();
    let (out, took) =
        attend_quickly(&["run", "policies/stanborough.attend", "--register", ctf.to_str().unwrap()]);
    assert!(took < Duration::from_secs(1));
    assert!(!text(&out).contains("panicked"), "{}", text(&out));
    assert!(out.status.code().is_some_and(|c| c <= 2), "{}", text(&out));
}

/// Minutes late that would put the arrival past midnight are a data-quality
/// finding; they never wrap round to an early-morning time.
#[test]
fn lateness_past_midnight_is_a_finding_not_an_early_arrival() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("late.csv");
    std::fs::write(
        &register,
        "pupil,date,session,mark,minutes_late\nA,2025-09-03,AM,L,1000\nA,2025-09-03,PM,/,\n",
    )
    .unwrap();
    let (out, _) =
        attend_quickly(&["run", "policies/stanborough.attend", "--register", register.to_str().unwrap()]);
    let output = text(&out);
    assert!(output.contains("past midnight"), "{output}");
    assert!(!output.contains("lateness:"), "{output}");
}

const SALT: &str = "a secret salt of some length";

/// A register whose pupil ids are easy to search for: two pupils over a week,
/// with an unreadable row and a second mark for one session.
fn known_ids_register(dir: &Path) -> std::path::PathBuf {
    let mut rows = String::from("pupil,date,session,mark,minutes_late\n");
    for pupil in ["SECRETID001", "SECRETID002"] {
        for day in 1..=5 {
            rows.push_str(&format!("{pupil},2025-09-0{day},AM,O,\n{pupil},2025-09-0{day},PM,L,20\n"));
        }
    }
    rows.push_str("SECRETID001,2025-09-01,AM,/,\n"); // a second mark for a session
    rows.push_str("SECRETID002,2025-13-40,AM,/,\n"); // an unreadable date
    let path = dir.join("known.csv");
    std::fs::write(&path, rows).unwrap();
    path
}

#[test]
fn pseudonymised_output_never_shows_a_real_id() {
    let dir = tempfile::tempdir().unwrap();
    let register = known_ids_register(dir.path());
    let register = register.to_str().unwrap();
    let policy = "policies/stanborough.attend";
    let html = dir.path().join("report.html");
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for format in ["table", "jsonl", "csv"] {
        for mode in [vec!["--lenient"], vec![]] {
            let mut args = vec!["run", policy, "--register", register, "--summary", "--format", format];
            args.extend(["--pseudonymise", "--salt", SALT]);
            args.extend(mode);
            runs.push(args);
        }
    }
    for format in ["text", "json"] {
        runs.push(vec![
            "simulate",
            policy,
            "--register",
            register,
            "--lenient",
            "--pseudonymise",
            "--salt",
            SALT,
            "--format",
            format,
        ]);
    }
    runs.push(vec!["simulate", policy, "--register", register, "--pseudonymise", "--salt", SALT]);
    runs.push(vec![
        "simulate",
        policy,
        "--register",
        register,
        "--lenient",
        "--pseudonymise",
        "--salt",
        SALT,
        "--html",
        html.to_str().unwrap(),
    ]);
    for args in runs {
        let (out, _) = attend_quickly(&args);
        let all = text(&out);
        assert!(!all.contains("SECRETID"), "{args:?}: {all}");
        assert!(!all.contains("panicked"), "{args:?}: {all}");
    }
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(!page.contains("SECRETID"));
    // Pseudonyms are keyed: a salt is required, and a short one is refused.
    for salt in [vec![], vec!["--salt", "short"]] {
        let mut args = vec!["run", policy, "--register", register, "--lenient", "--pseudonymise"];
        args.extend(salt);
        let (out, _) = attend_quickly(&args);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    }
}

#[test]
fn each_pupil_has_one_pseudonym_in_every_part_of_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let register = known_ids_register(dir.path());
    let (out, _) = attend_quickly(&[
        "run",
        "policies/stanborough.attend",
        "--register",
        register.to_str().unwrap(),
        "--lenient",
        "--summary",
        "--format",
        "jsonl",
        "--pseudonymise",
        "--salt",
        SALT,
    ]);
    let mut pupils = std::collections::BTreeSet::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(p) = record["pupil"].as_str() {
            pupils.insert(p.to_string());
        }
    }
    assert_eq!(pupils.len(), 2, "{pupils:?}");
    assert!(pupils.iter().all(|p| p.starts_with("p-") && p.len() == 34), "{pupils:?}");
}

/// A pupil id a spreadsheet would run as a formula is written as text.
#[test]
fn csv_output_does_not_start_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("formula.csv");
    let mut rows = String::from("pupil,date,session,mark\n");
    for day in 1..=5 {
        rows.push_str(&format!("\"=HYPERLINK(\"\"http://x\"\")\",2025-09-0{day},AM,O\n"));
        rows.push_str(&format!("\"=HYPERLINK(\"\"http://x\"\")\",2025-09-0{day},PM,O\n"));
    }
    std::fs::write(&register, rows).unwrap();
    let (out, _) = attend_quickly(&[
        "run",
        "policies/stanborough.attend",
        "--register",
        register.to_str().unwrap(),
        "--format",
        "csv",
        "--summary",
    ]);
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.lines().skip(1).any(|l| l.starts_with("\"'=HYPERLINK")), "{csv}");
    assert!(!csv.lines().any(|l| l.starts_with("=") || l.contains(",=")), "{csv}");
}

/// A CTF file all on one line, with a bad mark far into it: the problem names
/// the exact line and column (positions are counted on from the last one, so
/// a large file reads in one pass).
#[test]
fn a_bad_mark_deep_in_a_one_line_ctf_is_located_exactly() {
    let mut xml = String::from("<?xml version=\"1.0\"?><CTfile><CTFpupilData>");
    for pupil in 0..300 {
        let mut marks = "/\\".repeat(40);
        if pupil == 250 {
            marks.replace_range(10..11, "9");
        }
        xml.push_str(&format!(
            "<Pupil><UPN>X{pupil:012}</UPN><Attendance><SessionAttendance><AttendSessions>\
             <AttendanceStartDate>2025-09-01</AttendanceStartDate><AttendanceMarks>{marks}</AttendanceMarks>\
             </AttendSessions></SessionAttendance></Attendance></Pupil>"
        ));
    }
    xml.push_str("</CTFpupilData></CTfile>");
    let bad = xml.find("X000000000250").unwrap();
    let marks = xml[bad..].find("<AttendanceMarks>").unwrap() + bad + "<AttendanceMarks>".len();
    let column = marks + 10 + 1;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-line.xml");
    std::fs::write(&path, &xml).unwrap();
    let (out, _) =
        attend_quickly(&["run", "policies/stanborough.attend", "--register", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("one-line.xml:1:{column}: `9` is not an attendance code")), "{stderr}");
}

/// Every command that reads registers says what it skipped.
#[test]
fn simulate_reports_the_rows_a_lenient_run_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let register = known_ids_register(dir.path());
    let register = register.to_str().unwrap();
    let (out, _) =
        attend_quickly(&["simulate", "policies/stanborough.attend", "--register", register, "--lenient"]);
    let output = text(&out);
    assert!(output.contains("unreadable rows (skipped)") && output.contains("bad dates"), "{output}");
    let (out, _) = attend_quickly(&[
        "simulate",
        "policies/stanborough.attend",
        "--register",
        register,
        "--lenient",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["skipped_rows"]["bad-date"], 1, "{json}");
    assert_eq!(json["skipped_rows"]["duplicate-mark"], 1, "{json}");
}

/// Two marks for one session keep neither, so a lenient run's result does not
/// depend on which row came first.
#[test]
fn conflicting_marks_for_a_session_keep_neither_whatever_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let header = "pupil,date,session,mark\n";
    let week = (1..=5).map(|d| format!("A,2025-09-0{d},AM,/\nA,2025-09-0{d},PM,/\n")).collect::<String>();
    let orders = [("present-first.csv", "A,2025-09-01,AM,O\n"), ("absent-first.csv", "")];
    let mut summaries = Vec::new();
    for (name, before) in orders {
        // The same rows, with the conflicting mark before or after the first.
        let rows = if before.is_empty() {
            format!("{header}{week}A,2025-09-01,AM,O\n")
        } else {
            format!("{header}{before}{week}")
        };
        let path = dir.path().join(name);
        std::fs::write(&path, rows).unwrap();
        let (out, _) = attend_quickly(&[
            "run",
            "policies/stanborough.attend",
            "--register",
            path.to_str().unwrap(),
            "--lenient",
            "--summary",
            "--format",
            "jsonl",
        ]);
        let summary = String::from_utf8_lossy(&out.stdout)
            .lines()
            .find(|l| l.contains("\"record\":\"summary\""))
            .unwrap()
            .to_string();
        summaries.push(summary);
    }
    assert_eq!(summaries[0], summaries[1]);
    assert!(summaries[0].contains("\"possible\":9"), "{}", summaries[0]);
}

/// A CTF file of the given pupils' inner XML.
fn ctf(dir: &Path, name: &str, pupils: &[&str]) -> std::path::PathBuf {
    let body: String = pupils.iter().map(|p| format!("<Pupil>{p}</Pupil>\n")).collect();
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!("<?xml version=\"1.0\"?>\n<CTfile><CTFpupilData>\n{body}</CTFpupilData></CTfile>\n"),
    )
    .unwrap();
    path
}

fn sessions(upn: &str, start: &str, marks: &str) -> String {
    format!(
        "<UPN>{upn}</UPN><Attendance><SessionAttendance><AttendSessions><AttendanceStartDate>{start}</AttendanceStartDate>\
         <AttendanceMarks>{marks}</AttendanceMarks></AttendSessions></SessionAttendance></Attendance>"
    )
}

fn run_ctf(path: &Path, lenient: bool) -> String {
    let mut args = vec!["run", "policies/stanborough.attend", "--register", path.to_str().unwrap()];
    if lenient {
        args.push("--lenient");
    }
    text(&attend_quickly(&args).0)
}

/// CDATA sections, character references and comments inside the marks are
/// read as XML defines them: no pupil and no mark is lost.
#[test]
fn ctf_marks_are_read_as_xml_defines_them() {
    let dir = tempfile::tempdir().unwrap();
    let plain = ctf(dir.path(), "plain.xml", &[&sessions("A1", "2025-09-01", "/\\/\\/\\")]);
    let cdata = ctf(dir.path(), "cdata.xml", &[&sessions("A1", "2025-09-01", "<![CDATA[/\\/\\/\\]]>")]);
    let refs = ctf(dir.path(), "refs.xml", &[&sessions("A1", "2025-09-01", "&#47;\\/<!-- a note -->\\/\\")]);
    for path in [plain, cdata, refs] {
        let output = run_ctf(&path, false);
        assert!(output.starts_with("6 marks, 1 pupil"), "{}: {output}", path.display());
    }
}

/// Elements the format does not allow twice, or inside each other, are
/// problems with their place, never a pupil silently dropped or replaced.
#[test]
fn ctf_structure_problems_are_reported_where_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let nested = ctf(
        dir.path(),
        "nested.xml",
        &[&format!(
            "{}<Pupil>{}</Pupil>",
            sessions("A1", "2025-09-01", "/\\"),
            sessions("A2", "2025-09-01", "/\\")
        )],
    );
    let output = run_ctf(&nested, false);
    assert!(output.contains("nested.xml:3:") && output.contains("a Pupil inside another Pupil"), "{output}");
    let twice =
        ctf(dir.path(), "twice.xml", &[&format!("<UPN>A0</UPN>{}", sessions("A1", "2025-09-01", "/\\"))]);
    let output = run_ctf(&twice, false);
    assert!(output.contains("twice.xml:3:") && output.contains("a second UPN"), "{output}");
}

/// In lenient mode a bad start date costs only its own sessions: the pupil's
/// other sessions are read, and each bad one is counted.
#[test]
fn a_bad_ctf_start_date_costs_only_its_own_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let two = String::from(
        "<UPN>A1</UPN><Attendance><SessionAttendance>\
         <AttendSessions><AttendanceStartDate>2025-02-30</AttendanceStartDate><AttendanceMarks>/\\</AttendanceMarks></AttendSessions>\
         <AttendSessions><AttendanceStartDate>2025-09-02</AttendanceStartDate><AttendanceMarks>/\\/\\</AttendanceMarks></AttendSessions>\
         </SessionAttendance></Attendance>",
    );
    let path = ctf(dir.path(), "dates.xml", &[&two]);
    let output = run_ctf(&path, true);
    assert!(output.starts_with("4 marks, 1 pupil"), "{output}");
    assert!(output.contains("skipped 1 bad dates"), "{output}");
}

/// In lenient mode a Pupil inside another costs the outer one, with a
/// finding, and every pupil after it is still read.
#[test]
fn a_nested_ctf_pupil_costs_only_the_outer_one() {
    let dir = tempfile::tempdir().unwrap();
    let nested = format!(
        "{}<Pupil>{}</Pupil>",
        sessions("A1", "2025-09-01", "/\\"),
        sessions("A2", "2025-09-01", "/\\")
    );
    let after = sessions("A3", "2025-09-01", "/\\/\\");
    let path = ctf(dir.path(), "nested.xml", &[&nested, &after]);
    let output = run_ctf(&path, true);
    assert!(output.starts_with("6 marks, 2 pupils"), "{output}");
    assert!(output.contains("the outer one is not read"), "{output}");
}

#[cfg(unix)]
#[test]
fn a_device_given_as_the_policy_to_run_is_refused_at_once() {
    for command in ["run", "compile", "why"] {
        let mut args = vec![command, "/dev/zero"];
        if command != "compile" {
            args.extend(["--register", "examples/ctf-sample.xml"]);
        }
        if command == "why" {
            args.extend(["--pupil", "X00000000001A"]);
        }
        let (out, took) = attend_quickly(&args);
        assert_eq!(out.status.code(), Some(2), "{command}: {}", text(&out));
        assert!(text(&out).contains("not a regular file"), "{command}: {}", text(&out));
        assert!(took < Duration::from_secs(1), "{command}: {took:?}");
    }
}

#[test]
fn a_report_naming_pupils_shows_only_pseudonyms() {
    // Week 1 both pupils miss a day; week 2 SECRETID001 attends every session,
    // so the report names it on Friday 12 September 2025.
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.attend");
    std::fs::write(
        &policy,
        "school \"Test\" {\n    regulations england-2024\n    effective 2025-09-01\n\
         register am { opens 08:40 closes 09:10 }\n    register pm { opens 13:00 closes 13:10 }\n\
         report \"most improved\" to \"assembly\" every 1 school week naming the pupils with the best attendance rise\n}\n",
    )
    .unwrap();
    let mut rows = String::from("pupil,date,session,mark\n");
    for pupil in ["SECRETID001", "SECRETID002"] {
        for day in 1..=12 {
            let date = format!("2025-09-{day:02}");
            if [6, 7].contains(&day) {
                continue;
            }
            let mark = if day == 3 || (day == 10 && pupil == "SECRETID002") { "O" } else { "/" };
            rows.push_str(&format!("{pupil},{date},AM,{mark}\n{pupil},{date},PM,{mark}\n"));
        }
    }
    let register = dir.path().join("known.csv");
    std::fs::write(&register, rows).unwrap();
    let (policy, register) = (policy.to_str().unwrap(), register.to_str().unwrap());
    let (out, _) = attend_quickly(&["simulate", policy, "--register", register]);
    let plain = text(&out);
    assert!(plain.contains("2025-09-12  SECRETID001"), "{plain}");
    for format in ["text", "json"] {
        let args = [
            "simulate",
            policy,
            "--register",
            register,
            "--pseudonymise",
            "--salt",
            SALT,
            "--format",
            format,
        ];
        let (out, _) = attend_quickly(&args);
        let all = text(&out);
        assert!(!all.contains("SECRETID"), "{format}: {all}");
        assert!(all.contains("most improved"), "{format}: {all}");
    }
}
