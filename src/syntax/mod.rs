//! The policy language's syntax: parsing (pest, `grammar/`) into a
//! typed tree with spans, parse diagnostics, and the canonical formatter.

pub mod ast;
mod build;
mod errors;
mod expected;
pub mod format;
mod format_tests;
mod parser;
mod test_file_ast;
pub mod text;

use crate::diagnostics::Diagnostic;
use crate::source::FileId;

pub use parser::{MAX_NESTING, VarySpec, parse_action, parse_condition, parse_tests, parse_vary};

/// The language's keywords, as the grammar defines them (`kw_*` rules).
pub fn keywords() -> Vec<String> {
    parser::Rule::all_rules()
        .iter()
        .filter_map(|r| format!("{r:?}").strip_prefix("kw_").map(str::to_string))
        .collect()
}

/// Parses a policy's text. An empty policy (only comments) is an error here,
/// since no later stage has anything to say about it.
pub fn parse(file: FileId, text: &str) -> Result<ast::PolicyFile, Vec<Diagnostic>> {
    let tree = parser::parse(file, text)?;
    if tree.items.is_empty() {
        return Err(vec![errors::empty(file, text)]);
    }
    Ok(tree)
}

/// Reads a policy file into `sources`. The error is for I/O only: a file
/// that is not UTF-8 is loaded (lossily) and comes back with its diagnostic.
pub fn load(
    sources: &mut crate::source::SourceMap,
    path: &std::path::Path,
) -> std::io::Result<(FileId, Option<Diagnostic>)> {
    let bytes = read_limited(path)?;
    let id = sources.next_id();
    let (text, problem) = decode(id, &bytes);
    sources.add(path, text);
    Ok((id, problem))
}

/// The most bytes a policy file may hold: far more than any policy, small
/// enough that a device or a huge file cannot exhaust memory.
pub const MAX_POLICY_BYTES: u64 = 16 * 1024 * 1024;

/// A policy file's bytes. Only regular files are read (a device, a pipe or a
/// folder is refused before it is opened for reading), and no more than
/// [`MAX_POLICY_BYTES`].
pub fn read_limited(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    if metadata.len() > MAX_POLICY_BYTES {
        return Err(std::io::Error::other(format!("larger than {} MiB", MAX_POLICY_BYTES >> 20)));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(MAX_POLICY_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_POLICY_BYTES {
        return Err(std::io::Error::other(format!("larger than {} MiB", MAX_POLICY_BYTES >> 20)));
    }
    Ok(bytes)
}

/// Decodes a file's bytes; bytes that are not UTF-8 give a diagnostic at the
/// first bad byte, with the text lossily decoded so it can still be shown.
pub fn decode(file: FileId, bytes: &[u8]) -> (String, Option<Diagnostic>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), None),
        Err(e) => {
            let at = e.valid_up_to();
            let text = String::from_utf8_lossy(bytes).into_owned();
            let diagnostic = Diagnostic::new(
                crate::diagnostics::Code::NOT_UTF8,
                "this file is not UTF-8 text",
                crate::source::Span::new(file, at, at + 1),
                "this byte is not UTF-8",
            )
            .help("save the file again as UTF-8 (\"Unicode (UTF-8)\" in most editors)");
            (text, Some(diagnostic))
        }
    }
}

#[cfg(test)]
mod smoke {
    #[test]
    fn shipped_policy_parses() {
        let text = std::fs::read_to_string("policies/stanborough.attend").unwrap();
        match super::parse(crate::source::FileId(0), &text) {
            Ok(tree) => assert!(tree.items.len() > 5),
            Err(e) => panic!("{e:#?}"),
        }
    }
}
