//! Source files and byte spans.
//!
//! Every diagnostic points into a file held by a [`SourceMap`]. Spans are byte
//! offsets; lines and columns are computed on demand, with columns counted in
//! characters (not bytes) so that JSON and SARIF output agree with editors.

use serde::Serialize;
use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub usize);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span { file, start, end }
    }
}

/// One loaded file. `text` is the file decoded as UTF-8; a file that is not
/// valid UTF-8 is kept lossily decoded so its diagnostic can still be shown.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// One-based line and column (column in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, path: impl Into<PathBuf>, text: String) -> FileId {
        self.files.push(SourceFile { path: path.into(), text });
        FileId(self.files.len() - 1)
    }

    /// The id the next added file will get.
    pub fn next_id(&self) -> FileId {
        FileId(self.files.len())
    }

    #[expect(clippy::indexing_slicing, reason = "a FileId is made only by this map, for a file it holds")]
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    /// Takes in the files of another map, keeping one copy of a file both
    /// hold; returns the id each of its files has here.
    pub fn absorb(&mut self, other: SourceMap) -> Vec<FileId> {
        other
            .files
            .into_iter()
            .map(|file| match self.find(&file.path) {
                Some(id) => id,
                None => self.add(file.path, file.text),
            })
            .collect()
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files.iter().position(|f| f.path == path).map(FileId)
    }

    /// The text of a span with its blank space run together, to quote on one line.
    pub fn quote(&self, span: Span) -> String {
        let text = self.file(span.file).text.get(span.start..span.end).unwrap_or("");
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    pub fn line_col(&self, file: FileId, offset: usize) -> LineCol {
        line_col(&self.file(file).text, offset)
    }
}

/// Line and character column of a byte offset (clamped to the text).
pub fn line_col(text: &str, offset: usize) -> LineCol {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    LineCol { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "a\n£80 x";
        // 'x' is at byte 7 (the pound sign takes two bytes) but column 5.
        assert_eq!(line_col(text, 7), LineCol { line: 2, column: 5 });
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        assert_eq!(line_col("ab", 99), LineCol { line: 1, column: 3 });
    }
}
