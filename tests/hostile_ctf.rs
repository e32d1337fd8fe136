//! CTF files that bend the XML or the format: each mark is read as XML
//! defines it, each problem is reported at its line and column, and no pupil
//! is lost without a finding.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use common::process::{attend_quickly, text};
use std::path::Path;

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
