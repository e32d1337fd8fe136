//! Register files cut into parts that workers read independently. A CSV part
//! is whole lines and starts where the pupil changes, so a pupil whose rows
//! are together is read by one worker; a CTF file is one part.

use super::csv::{self, Columns};
use super::{CodeTable, Format, Mapping, Mark, Problem, ProblemKind, Problems, Source, detect};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The size of part workers aim for: large enough that per-part costs vanish,
/// small enough that several parts keep every core busy and memory low.
pub const PART_BYTES: u64 = 4 << 20;

/// How far past a cut point a pupil change is looked for; a pupil with more
/// rows than this stays whole by leaving that cut out.
const CUT_WINDOW: u64 = 256 << 10;

/// The most a header line may take.
const HEADER_MAX: u64 = 1 << 20;

#[derive(Debug, Clone)]
pub struct Part {
    pub file: u16,
    kind: PartKind,
}

#[derive(Debug, Clone)]
enum PartKind {
    /// Rows from byte `start` to `end`; `first` is the part right after the header.
    Csv {
        columns: Box<Columns>,
        start: u64,
        end: u64,
        first: bool,
    },
    Ctf,
}

/// The lines before each part in its file, given how many lines each holds:
/// a CSV part's lines follow the header and the parts before it; a CTF part
/// numbers its own from the file's start.
pub fn lines_before(parts: &[Part], lines: &[u64]) -> Vec<u64> {
    let mut running = 0;
    parts
        .iter()
        .zip(lines)
        .map(|(part, n)| match part.kind {
            PartKind::Csv { first, .. } => {
                if first {
                    running = 1;
                }
                let before = running;
                running += n;
                before
            }
            PartKind::Ctf => 0,
        })
        .collect()
}

/// Cuts `files` into parts of about `size` bytes. A file that cannot be
/// read as a register (unknown format, header without the columns needed)
/// is a problem and gives no parts.
pub fn cut(
    files: &[PathBuf],
    size: u64,
    mapping: &Arc<Mapping>,
    problems: &mut Problems,
) -> std::io::Result<Vec<Part>> {
    let mut parts = Vec::new();
    for (index, path) in files.iter().enumerate() {
        let source = Source { path, index: index as u16 };
        cut_file(&source, size.max(1), mapping, problems, &mut parts)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    }
    Ok(parts)
}

fn cut_file(
    source: &Source,
    size: u64,
    mapping: &Arc<Mapping>,
    problems: &mut Problems,
    parts: &mut Vec<Part>,
) -> std::io::Result<()> {
    let mut file = File::open(source.path)?;
    let length = file.metadata()?.len();
    let start = read_at(&mut file, 0, HEADER_MAX.min(length))?;
    let Some(format) = detect(&start, mapping) else {
        let message = if start.is_empty() {
            "the file is empty".to_string()
        } else {
            "this is not a register attend can read: expected a CSV header `pupil,date,session,mark` (long) or `pupil,date,am,pm` (wide), or CTF XML; for an export from a school's system, name its columns in a mapping file given with --map".to_string()
        };
        problems.report(Problem::new(source, 1, 1, ProblemKind::UnknownFormat, message));
        return Ok(());
    };
    if format == Format::Ctf {
        parts.push(Part { file: source.index, kind: PartKind::Ctf });
        return Ok(());
    }
    let header_end = match memchr::memchr(b'\n', &start) {
        Some(i) => i as u64 + 1,
        None if length <= HEADER_MAX => length,
        None => {
            let message = "the header line is longer than 1 MiB".to_string();
            problems.report(Problem::new(source, 1, 1, ProblemKind::MissingColumn, message));
            return Ok(());
        }
    };
    let header = start.get(..header_end as usize).unwrap_or_default();
    let Some(columns) = csv::header(source, header, format, mapping, problems) else { return Ok(()) };
    let mut from = header_end;
    let mut first = true;
    while from < length {
        let end = next_cut(&mut file, &columns, from + size, length)?;
        let columns = Box::new(columns.clone());
        parts.push(Part { file: source.index, kind: PartKind::Csv { columns, start: from, end, first } });
        (from, first) = (end, false);
    }
    Ok(())
}

/// The start of the first line at or after `at` whose pupil differs from the
/// line before it, or the end of the file.
fn next_cut(file: &mut File, columns: &Columns, at: u64, length: u64) -> std::io::Result<u64> {
    let mut at = at;
    while at < length {
        let window = read_at(file, at, CUT_WINDOW.min(length - at))?;
        let mut lines = LineStarts::new(&window);
        // The first line start in the window; the part of a line before it is
        // the end of a line that began earlier.
        let Some(mut start) = lines.next() else { return Ok(length) };
        let mut pupil = None;
        for next in lines {
            let line = window.get(start..next).unwrap_or_default();
            let this = csv::raw_pupil(columns, line);
            match pupil {
                Some(previous) if previous != this => return Ok(at + start as u64),
                _ => pupil = Some(this),
            }
            start = next;
        }
        if at + window.len() as u64 >= length {
            return Ok(length);
        }
        // One pupil filled the whole window: look for the change further on.
        at += window.len() as u64;
    }
    Ok(length)
}

/// Starts of whole lines in a window: the byte after each newline. The window's
/// first byte is not a start (the line may have begun before it); its end is a
/// start only if the window ends with a newline.
struct LineStarts<'a> {
    window: &'a [u8],
    from: usize,
}

impl<'a> LineStarts<'a> {
    fn new(window: &'a [u8]) -> LineStarts<'a> {
        LineStarts { window, from: 0 }
    }
}

impl Iterator for LineStarts<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let i = memchr::memchr(b'\n', self.window.get(self.from..)?)?;
        self.from += i + 1;
        Some(self.from)
    }
}

fn read_at(file: &mut File, at: u64, length: u64) -> std::io::Result<Vec<u8>> {
    file.seek(SeekFrom::Start(at))?;
    let mut bytes = Vec::with_capacity(length as usize);
    file.take(length).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads one part's marks. CSV lines are numbered after `lines_before` lines
/// of the file; returns how many lines the part holds (CSV) or 0 (CTF).
pub fn read(
    part: &Part,
    files: &[PathBuf],
    lines_before: u64,
    table: &CodeTable,
    problems: &mut Problems,
    each: &mut impl FnMut(&str, Mark),
) -> std::io::Result<u64> {
    let path: &Path = files.get(usize::from(part.file)).map_or(Path::new(""), PathBuf::as_path);
    let source = Source { path, index: part.file };
    let located = |e: std::io::Error| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()));
    match &part.kind {
        PartKind::Csv { columns, start, end, .. } => {
            let mut file = File::open(path).map_err(located)?;
            let bytes = read_at(&mut file, *start, end - start).map_err(located)?;
            Ok(csv::read_rows(&source, columns, &bytes, lines_before, table, problems, each))
        }
        PartKind::Ctf => {
            let mut text = Vec::new();
            File::open(path).and_then(|mut f| f.read_to_end(&mut text)).map_err(located)?;
            super::ctf::read(&source, &text, table, problems, each);
            Ok(0)
        }
    }
}
