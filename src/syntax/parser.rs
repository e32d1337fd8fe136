//! From pest's parse tree to the typed syntax tree. Nothing after this module
//! sees pest pairs. The tree builder lives in [`super::build`]; a tree shape
//! it has no case for is an internal error at its span, never a guess.

use super::ast::*;
use super::build::{Builder, inner, span};
use super::errors;
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, Span};
use pest::Parser;
use pest::iterators::Pair;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/attend.pest"]
#[grammar = "grammar/keywords.pest"]
pub(crate) struct AttendParser;

/// Brackets in a condition may nest this deep; deeper input is refused before
/// any recursive walk can exhaust the stack.
pub const MAX_NESTING: usize = 64;

/// pest gives up after this many rule calls, so adversarial input cannot make
/// the parser backtrack for minutes.
const CALL_LIMIT: usize = 50_000_000;

/// Parses one policy file. Returns the tree, or the diagnostics that stopped it.
pub fn parse(file: FileId, text: &str) -> Result<PolicyFile, Vec<Diagnostic>> {
    let root = entry(file, text, Rule::policy_file).map_err(|d| recover(file, text, *d))?;
    let comments = comments(file, &root);
    let mut builder = Builder::new(file);
    let items = inner(root)
        .filter(|p| p.as_rule() != Rule::EOI)
        .map(|p| builder.item(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|d| vec![*d])?;
    if builder.diagnostics.is_empty() { Ok(PolicyFile { items, comments }) } else { Err(builder.diagnostics) }
}

/// The most syntax errors reported for one file.
const MAX_SYNTAX_ERRORS: usize = 20;

/// After a syntax error, the errors further on: the top-level statement that
/// failed (from its first line, which starts at the left margin, to the next
/// such line) is blanked out, offsets kept, and the rest parsed again.
fn recover(file: FileId, text: &str, first: Diagnostic) -> Vec<Diagnostic> {
    let mut found = vec![first];
    let mut blanked = text.to_string();
    while found.len() < MAX_SYNTAX_ERRORS {
        let at = found.last().map_or(0, |d| d.label.span.start);
        let Some((start, end)) = statement_around(&blanked, at) else { break };
        // A space for every byte, so every later offset stays where it was.
        blanked = blanked
            .char_indices()
            .map(|(i, c)| {
                if (start..end).contains(&i) && c != '\n' { " ".repeat(c.len_utf8()) } else { c.to_string() }
            })
            .collect();
        match entry(file, &blanked, Rule::policy_file) {
            Ok(_) => break,
            // Past what was blanked, or the text gives nothing new to say.
            Err(next) if next.label.span.start >= end => found.push(*next),
            Err(_) => break,
        }
    }
    found
}

/// The byte range of the top-level statement holding offset `at`: from the
/// last line at or before it that starts at the left margin with a word (the
/// one before, when `at` is that line's very start) to the next such line.
fn statement_around(text: &str, at: usize) -> Option<(usize, usize)> {
    let mut starts: Vec<usize> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
            starts.push(offset);
        }
        offset += line.len();
    }
    let before: Vec<usize> = starts.iter().copied().filter(|&s| s <= at).collect();
    let start = match before.as_slice() {
        [.., earlier, last] if *last == at => *earlier,
        [.., last] => *last,
        [] => return None,
    };
    let end = starts.iter().copied().find(|&s| s > at.max(start)).unwrap_or(text.len());
    (end > start).then_some((start, end))
}

/// Every comment under an entry rule's root, in order.
fn comments(file: FileId, root: &Pair<Rule>) -> Vec<Spanned<String>> {
    root.clone()
        .into_inner()
        .flatten()
        .filter(|p| p.as_rule() == Rule::COMMENT)
        .map(|p| Spanned::new(p.as_str().trim_end().to_string(), span(file, &p)))
        .collect()
}

/// Parses one file of policy tests.
pub fn parse_tests(file: FileId, text: &str) -> Result<TestFile, Vec<Diagnostic>> {
    let root = entry(file, text, Rule::test_file).map_err(|d| vec![*d])?;
    let comments = comments(file, &root);
    let mut builder = Builder::new(file);
    let mut policy = None;
    let mut tests = Vec::new();
    for pair in inner(root).filter(|p| p.as_rule() != Rule::EOI) {
        match pair.as_rule() {
            Rule::tests_for => {
                let within = span(file, &pair);
                let path = builder.next(&mut inner(pair), within, "the policy").map_err(|d| vec![*d])?;
                policy = Some(builder.string(path));
            }
            Rule::test_case => tests.push(builder.test_case(pair).map_err(|d| vec![*d])?),
            _ => return Err(vec![errors::internal(span(file, &pair), "unexpected part of a test file")]),
        }
    }
    let policy =
        policy.ok_or_else(|| vec![errors::internal(Span::new(file, 0, 0), "no `tests for` line")])?;
    if builder.diagnostics.is_empty() {
        Ok(TestFile { policy, tests, comments })
    } else {
        Err(builder.diagnostics)
    }
}

/// A condition of the regulations' duties, read alone.
pub fn parse_condition(file: FileId, text: &str) -> Result<Spanned<Condition>, Box<Diagnostic>> {
    let pair = alone(file, text, Rule::duty_condition)?;
    let mut builder = Builder::new(file);
    let condition = builder.condition(pair)?;
    builder.diagnostics.pop().map_or(Ok(condition), |d| Err(Box::new(d)))
}

/// An action of the regulations' duties, read alone.
pub fn parse_action(file: FileId, text: &str) -> Result<Spanned<Action>, Box<Diagnostic>> {
    let pair = alone(file, text, Rule::duty_action)?;
    Builder::new(file).action(pair)
}

/// The root pair of an entry rule, after the checks every input gets.
fn entry(file: FileId, text: &str, rule: Rule) -> Result<Pair<'_, Rule>, Box<Diagnostic>> {
    if let Some(diagnostic) = errors::precheck(file, text, MAX_NESTING) {
        return Err(Box::new(diagnostic));
    }
    pest::set_call_limit(std::num::NonZeroUsize::new(CALL_LIMIT));
    let mut pairs = AttendParser::parse(rule, text)
        .or_else(|_| detailed(rule, text))
        .map_err(|e| Box::new(errors::translate(file, text, &e)))?;
    pairs
        .next()
        .ok_or_else(|| Box::new(errors::internal(Span::new(file, 0, text.len()), "the grammar gave no tree")))
}

/// Parses text that failed to parse again, recording what the parser tried
/// at each position: the message needs it for "expected ...", but recording
/// it on every parse made `attend check` half as fast again. pest keeps the
/// setting for the whole process, so one re-parse at a time switches it on.
fn detailed(rule: Rule, text: &str) -> Result<pest::iterators::Pairs<'_, Rule>, pest::error::Error<Rule>> {
    static DETAIL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _only_one = DETAIL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    pest::set_error_detail(true);
    let parsed = AttendParser::parse(rule, text);
    pest::set_error_detail(false);
    parsed
}

/// The one meaningful child of an entry rule that wraps it in SOI and EOI.
fn alone(file: FileId, text: &str, rule: Rule) -> Result<Pair<'_, Rule>, Box<Diagnostic>> {
    inner(entry(file, text, rule)?).find(|p| p.as_rule() != Rule::EOI).ok_or_else(|| {
        Box::new(errors::internal(Span::new(file, 0, text.len()), "the grammar gave nothing to read"))
    })
}

/// A sweep of one rule's threshold: `rule "NAME" threshold FROM..TO step STEP`.
#[derive(Debug, Clone, PartialEq)]
pub struct VarySpec {
    pub rule: String,
    pub from: Literal,
    pub to: Literal,
    pub step: Literal,
}

pub fn parse_vary(file: FileId, spec: &str) -> Result<VarySpec, Box<Diagnostic>> {
    let root = entry(file, spec, Rule::vary_spec)?;
    let whole = span(file, &root);
    let mut builder = Builder::new(file);
    let mut parts = inner(root).filter(|p| p.as_rule() != Rule::EOI);
    let rule = builder.string(builder.next(&mut parts, whole, "the rule's name")?).node;
    let from = builder.value(builder.next(&mut parts, whole, "the first value")?)?;
    let to = builder.value(builder.next(&mut parts, whole, "the last value")?)?;
    let step = builder.value(builder.next(&mut parts, whole, "the step")?)?;
    match builder.diagnostics.pop() {
        Some(d) => Err(Box::new(d)),
        None => Ok(VarySpec { rule, from, to, step }),
    }
}
