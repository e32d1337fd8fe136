//! The attendance section of a DfE Common Transfer File (CTF). Each pupil's
//! `AttendSessions` holds a start date and its marks, morning then afternoon,
//! two a calendar day from the start date: one character a session, or (from
//! CTF 24, so that two-character codes fit) codes separated by commas;
//! `##` marks a day without sessions (a weekend, holiday or closure). A CTF
//! cannot tell a planned closure `#` from a day without sessions, so `#` is
//! read as "no session" and gives no mark. Element names are matched without
//! regard to case, as suppliers differ.

use super::{CodeTable, Mark, Problem, ProblemKind, Problems, Source, parse_date};
use crate::regulations::Category;
use crate::source::line_col;
use crate::vocabulary::Session;
use quick_xml::Reader;
use quick_xml::events::Event;

/// Turns byte offsets into lines and columns. Offsets are asked for in
/// reading order, so each answer counts on from the last one: reading a whole
/// file costs one pass over it, even when it is all on one line.
struct LineIndex<'t> {
    text: &'t str,
    /// The last offset answered, with its line and column.
    cursor: std::cell::Cell<(usize, u64, u64)>,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        LineIndex { text, cursor: std::cell::Cell::new((0, 1, 1)) }
    }

    /// One-based line and character column of `offset`.
    fn at(&self, offset: usize) -> (u64, u64) {
        let (from, mut line, mut column) = self.cursor.get();
        if offset < from {
            let lc = line_col(self.text, offset);
            return (lc.line as u64, lc.column as u64);
        }
        let Some(between) = self.text.get(from..offset) else {
            let lc = line_col(self.text, offset);
            return (lc.line as u64, lc.column as u64);
        };
        for c in between.chars() {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        self.cursor.set((offset, line, column));
        (line, column)
    }
}

/// Text read from an element, with its byte offset in the file.
type Located = (Vec<u8>, usize);

#[derive(Default)]
struct Pupil {
    upn: Option<String>,
    start: Option<Located>,
    /// Each `AttendSessions`: its start date and its marks.
    sessions: Vec<(Located, Located)>,
    /// Each session count the file declares for the pupil, by what it counts.
    declared: [Vec<Located>; 4],
    offset: usize,
}

/// The elements whose text is read, as they are named in lower case.
const LEAVES: [&str; 7] = [
    "upn",
    "attendancestartdate",
    "attendancemarks",
    "sessionspossible",
    "sessionsattended",
    "sessionsauthorised",
    "sessionsunauthorised",
];

/// The session counts a CTF declares for each year, with what each counts.
const COUNTS: [(&str, &str); 4] = [
    ("sessionspossible", "possible sessions"),
    ("sessionsattended", "sessions attended"),
    ("sessionsauthorised", "sessions of authorised absence"),
    ("sessionsunauthorised", "sessions of unauthorised absence"),
];

/// The text of the leaf element being read: its name, its text so far (CDATA,
/// entity and character references included; comments left out), and the
/// offset of its first piece.
struct Leaf {
    name: String,
    text: Vec<u8>,
    offset: Option<usize>,
}

pub(super) fn read(
    source: &Source,
    bytes: &[u8],
    table: &CodeTable,
    problems: &mut Problems,
    each: &mut impl FnMut(&str, Mark),
) {
    let text = String::from_utf8_lossy(bytes);
    let lines = LineIndex::new(&text);
    let at = |offset: usize| lines.at(offset);
    let problem = |problems: &mut Problems, offset: usize, kind: ProblemKind, message: String| {
        let (line, column) = at(offset);
        problems.report(Problem::new(source, line, column, kind, message));
    };
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let mut path: Vec<String> = Vec::new();
    let mut pupil: Option<Pupil> = None;
    let mut leaf: Option<Leaf> = None;
    let mut buf = Vec::new();
    loop {
        let offset = reader.buffer_position() as usize;
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => {
                problem(
                    problems,
                    reader.error_position() as usize,
                    ProblemKind::BadXml,
                    format!("the XML cannot be read: {e}"),
                );
                return;
            }
        };
        // Where the event's own content starts: after any blank space the
        // reader trimmed.
        let content = offset
            + bytes
                .get(offset..)
                .map_or(0, |rest| rest.iter().take_while(|b| b.is_ascii_whitespace()).count());
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                if name == "pupil" {
                    // The outer pupil cannot be read whole: it is dropped,
                    // with this finding, and the inner one is read.
                    if pupil.is_some() {
                        let message = "a Pupil inside another Pupil, which the CTF format does not allow: the outer one is not read";
                        problem(problems, offset, ProblemKind::BadXml, message.into());
                    }
                    leaf = None;
                    pupil = Some(Pupil { offset, ..Default::default() });
                } else if pupil.is_some() && LEAVES.contains(&name.as_str()) {
                    leaf = Some(Leaf { name: name.clone(), text: Vec::new(), offset: None });
                }
                path.push(name);
            }
            Event::Text(t) => {
                if let Some(l) = leaf.as_mut() {
                    l.offset.get_or_insert(content);
                    l.text.extend_from_slice(t.into_inner().as_bytes());
                }
            }
            Event::CData(t) => {
                if let Some(l) = leaf.as_mut() {
                    l.offset.get_or_insert(content + "<![CDATA[".len());
                    l.text.extend_from_slice(t.into_inner().as_bytes());
                }
            }
            Event::GeneralRef(r) => {
                let Some(l) = leaf.as_mut() else { continue };
                l.offset.get_or_insert(content);
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match r.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                    Err(_) => None,
                };
                match resolved {
                    Some(c) => l.text.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
                    None => {
                        let name = r.as_ref().to_string();
                        problem(
                            problems,
                            content,
                            ProblemKind::BadXml,
                            format!("`&{name};` is not an entity XML defines"),
                        );
                        leaf = None;
                    }
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                if let Some(l) = leaf.take_if(|l| l.name == name)
                    && let Some(p) = pupil.as_mut()
                {
                    finish_leaf(p, l, offset, problems, &problem);
                }
                if name == "pupil"
                    && let Some(p) = pupil.take()
                {
                    emit(source, &p, table, problems, each, &at);
                }
            }
            Event::Eof => return,
            _ => {}
        }
        buf.clear();
    }
}

/// Takes a leaf's text into the pupil; a second UPN, or marks with no start
/// date before them, are problems.
fn finish_leaf(
    pupil: &mut Pupil,
    leaf: Leaf,
    end: usize,
    problems: &mut Problems,
    problem: &impl Fn(&mut Problems, usize, ProblemKind, String),
) {
    let offset = leaf.offset.unwrap_or(end);
    let text = leaf.text.trim_ascii().to_vec();
    match leaf.name.as_str() {
        "upn" if pupil.upn.is_some() => {
            problem(problems, offset, ProblemKind::BadXml, "a second UPN for this pupil".into());
        }
        "upn" => pupil.upn = Some(String::from_utf8_lossy(&text).into_owned()),
        "attendancestartdate" => pupil.start = Some((text, offset)),
        name if COUNTS.iter().any(|(element, _)| *element == name) => {
            if let Some(slot) = COUNTS
                .iter()
                .position(|(element, _)| *element == name)
                .and_then(|i| pupil.declared.get_mut(i))
            {
                slot.push((text, offset));
            }
        }
        _ => match pupil.start.take() {
            Some(start) => pupil.sessions.push((start, (text, offset))),
            None => problem(
                problems,
                offset,
                ProblemKind::BadDate,
                "these marks have no AttendanceStartDate before them".into(),
            ),
        },
    }
}

fn emit(
    source: &Source,
    pupil: &Pupil,
    table: &CodeTable,
    problems: &mut Problems,
    each: &mut impl FnMut(&str, Mark),
    at: &impl Fn(usize) -> (u64, u64),
) {
    let Some(upn) = pupil.upn.as_deref().filter(|u| !u.is_empty()) else {
        let (line, column) = at(pupil.offset);
        problems.report(Problem::new(
            source,
            line,
            column,
            ProblemKind::MissingColumn,
            "this pupil has no UPN".into(),
        ));
        return;
    };
    // Possible, attended, authorised and unauthorised sessions the marks hold.
    let mut counted = [0u64; 4];
    for ((start_text, start_offset), (marks, marks_offset)) in &pupil.sessions {
        let Some(start) = parse_date(start_text.trim_ascii()) else {
            let (line, column) = at(*start_offset);
            let message =
                format!("`{}` is not a start date like 2025-09-03", String::from_utf8_lossy(start_text));
            problems.report(Problem::new(source, line, column, ProblemKind::BadDate, message));
            // Each of the pupil's sessions is read, or counted, on its own.
            continue;
        };
        let tokens = tokens(marks);
        if !tokens.len().is_multiple_of(2) {
            let (line, column) = at(*marks_offset);
            let message = format!(
                "the marks hold {} sessions; two a day (morning, afternoon) make an even number",
                tokens.len()
            );
            problems.report(Problem::new(source, line, column, ProblemKind::WrongNumberOfFields, message));
            continue;
        }
        // A pupil's marks sit on one line: their positions follow from the first,
        // so locating every mark costs nothing more (a file of many pupils
        // reads in linear time).
        let (first_line, first_column) = at(*marks_offset);
        let one_line = !marks.contains(&b'\n');
        for (i, pair) in tokens.chunks(2).enumerate() {
            let Some(date) = start.checked_add_days(chrono::Days::new(i as u64)) else {
                let (line, column) = at(*marks_offset + pair.first().map_or(0, |t| t.1));
                let message = "the marks run past the last date the calendar can hold".to_string();
                problems.report(Problem::new(source, line, column, ProblemKind::BadDate, message));
                return;
            };
            for (session, &(code_text, position)) in [Session::Am, Session::Pm].into_iter().zip(pair) {
                if code_text == b"#" {
                    continue;
                }
                let (line, column) = if one_line {
                    (first_line, first_column + position as u64)
                } else {
                    at(marks_offset + position)
                };
                match table.lookup_on(code_text, date) {
                    Ok(code) => {
                        let category = table.category(code);
                        let kinds = [
                            category.is_possible_session(),
                            matches!(category, Category::Present | Category::Approved),
                            category == Category::Authorised,
                            category == Category::Unauthorised,
                        ];
                        for (count, of_kind) in counted.iter_mut().zip(kinds) {
                            *count += u64::from(of_kind);
                        }
                        each(upn, Mark { date, session, code, minutes_late: None, file: source.index, line })
                    }
                    Err(problem) => {
                        let shown = String::from_utf8_lossy(code_text).escape_default().to_string();
                        let message = problem.message(&shown, date);
                        problems.report(Problem::new(source, line, column, problem.kind(), message));
                    }
                }
            }
        }
    }
    compare_declared(source, pupil, &counted, problems, at);
}

/// The marks of one `AttendanceMarks`, each with its offset in the text: a
/// comma-separated list of codes of one or two characters (as CTF 24 writes
/// them, so that `C1` and `Y1` fit), or one character a session (as earlier
/// CTFs do).
fn tokens(marks: &[u8]) -> Vec<(&[u8], usize)> {
    if !marks.contains(&b',') {
        return marks.iter().enumerate().map(|(i, b)| (std::slice::from_ref(b), i)).collect();
    }
    let mut out = Vec::new();
    let mut start = 0;
    for piece in marks.split(|&b| b == b',') {
        let leading = piece.iter().take_while(|b| b.is_ascii_whitespace()).count();
        out.push((piece.trim_ascii(), start + leading));
        start += piece.len() + 1;
    }
    out
}

/// The session counts the file declares for a pupil (each added up over its
/// years) against those its marks hold: a difference means marks were lost
/// or added on the way, and is reported where the count is first written.
fn compare_declared(
    source: &Source,
    pupil: &Pupil,
    counted: &[u64; 4],
    problems: &mut Problems,
    at: &impl Fn(usize) -> (u64, u64),
) {
    for ((declared, (_, words)), held) in pupil.declared.iter().zip(COUNTS).zip(counted) {
        let Some((_, first)) = declared.first() else { continue };
        let mut total = 0u64;
        for (text, offset) in declared {
            let Some(n) = std::str::from_utf8(text).ok().and_then(|t| t.trim().parse::<u64>().ok()) else {
                let (line, column) = at(*offset);
                let message = format!("`{}` is not a number of sessions", String::from_utf8_lossy(text));
                problems.report(Problem::new(source, line, column, ProblemKind::CountsDisagree, message));
                return;
            };
            total = total.saturating_add(n);
        }
        if total != *held {
            let (line, column) = at(*first);
            let message =
                format!("the file declares {total} {words} for this pupil, but its marks hold {held}");
            problems.report(Problem::new(source, line, column, ProblemKind::CountsDisagree, message));
        }
    }
}
