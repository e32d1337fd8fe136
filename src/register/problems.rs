//! Problems met while reading registers: what, where, and how many.

use super::Source;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    UnknownFormat,
    NotUtf8,
    MissingColumn,
    WrongNumberOfFields,
    BadDate,
    BadSession,
    UnknownCode,
    CodeNotInForce,
    BadMinutesLate,
    DuplicateMark,
    BadXml,
    CountsDisagree,
    DuplicatePupil,
    BadPupilDetail,
}

impl ProblemKind {
    pub fn describe(self) -> &'static str {
        match self {
            ProblemKind::UnknownFormat => "files of an unknown format",
            ProblemKind::NotUtf8 => "lines that are not UTF-8",
            ProblemKind::MissingColumn => "missing columns",
            ProblemKind::WrongNumberOfFields => "rows with the wrong number of fields",
            ProblemKind::BadDate => "bad dates",
            ProblemKind::BadSession => "sessions other than AM or PM",
            ProblemKind::UnknownCode => "unknown attendance codes",
            ProblemKind::CodeNotInForce => "codes not in force on their date",
            ProblemKind::BadMinutesLate => "bad minutes late",
            ProblemKind::DuplicateMark => "duplicate marks for one pupil, date and session",
            ProblemKind::BadXml => "unreadable XML",
            ProblemKind::CountsDisagree => "declared session counts that disagree with the marks",
            ProblemKind::DuplicatePupil => "pupils given twice in a pupils file",
            ProblemKind::BadPupilDetail => "pupil details that cannot be read",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl Problem {
    pub fn new(source: &Source, line: u64, column: u64, kind: ProblemKind, message: String) -> Problem {
        Problem { kind, file: source.path.display().to_string(), line, column, message }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

/// How many of each kind, with the first few of each kept to show.
#[derive(Debug, Default)]
pub struct Problems {
    pub lenient: bool,
    pub counts: BTreeMap<ProblemKind, u64>,
    pub examples: BTreeMap<ProblemKind, Vec<Problem>>,
}

/// How many examples of each kind are kept.
pub const EXAMPLES_KEPT: usize = 5;

impl Problems {
    pub fn new(lenient: bool) -> Problems {
        Problems { lenient, ..Default::default() }
    }

    pub fn report(&mut self, problem: Problem) {
        *self.counts.entry(problem.kind).or_default() += 1;
        let examples = self.examples.entry(problem.kind).or_default();
        if examples.len() < EXAMPLES_KEPT {
            examples.push(problem);
        }
    }

    /// Adds the problems another reader found, moving their lines down by
    /// `line_offset`.
    pub fn absorb(&mut self, other: Problems, line_offset: u64) {
        for (kind, count) in other.counts {
            *self.counts.entry(kind).or_default() += count;
        }
        for (kind, found) in other.examples {
            let examples = self.examples.entry(kind).or_default();
            let room = EXAMPLES_KEPT.saturating_sub(examples.len());
            examples.extend(found.into_iter().take(room).map(|mut p| {
                p.line += line_offset;
                p
            }));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// A strict run stops, once the whole register is read, if it found any problem.
    pub fn must_stop(&self) -> bool {
        !self.lenient && !self.is_empty()
    }

    pub fn first(&self) -> Option<&Problem> {
        self.examples
            .values()
            .flatten()
            .min_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)))
    }

    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    /// Lenient mode's report: each kind with its count and first locations.
    pub fn summary(&self) -> String {
        self.listing("skipped ")
    }

    /// Each kind of problem with its count and first locations, each count
    /// after `lead` (such as "skipped ").
    pub fn listing(&self, lead: &str) -> String {
        let mut out = String::new();
        for (kind, count) in &self.counts {
            out.push_str(&format!("{lead}{count} {}\n", kind.describe()));
            for example in self.examples.get(kind).into_iter().flatten() {
                out.push_str(&format!("  {example}\n"));
            }
            if *count as usize > EXAMPLES_KEPT {
                out.push_str(&format!("  ... and {} more\n", *count as usize - EXAMPLES_KEPT));
            }
        }
        out
    }
}
