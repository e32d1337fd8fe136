//! Parse errors in the policy writer's words. pest reports rule names; these
//! become "expected a time like 08:35, found `8.35am`" with a label on the
//! exact place, and help that says what to write.

use super::expected::describe;
use super::parser::Rule;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};
use pest::error::Error as PestError;
use pest::error::{ErrorVariant, InputLocation};

/// Checks that need no grammar and that protect the parser: binary content and
/// brackets nested deeper than `max_nesting`.
pub fn precheck(file: FileId, text: &str, max_nesting: usize) -> Option<Diagnostic> {
    if let Some(nul) = text.find('\0') {
        return Some(
            Diagnostic::new(
                Code::BINARY_FILE,
                "this is not a text file",
                Span::new(file, nul, nul + 1),
                "a NUL byte",
            )
            .help("give the `.attend` policy file itself; a policy is plain UTF-8 text"),
        );
    }
    let mut depth = 0usize;
    let mut in_string = false;
    let mut in_comment = false;
    for (i, c) in text.char_indices() {
        match c {
            '\n' | '\r' => {
                in_string = false;
                in_comment = false;
            }
            _ if in_comment => {}
            '"' => in_string = !in_string,
            '#' if !in_string => in_comment = true,
            '(' if !in_string => {
                depth += 1;
                if depth > max_nesting {
                    return Some(
                        Diagnostic::new(
                            Code::NESTING_TOO_DEEP,
                            format!("brackets are nested more than {max_nesting} deep"),
                            Span::new(file, i, i + 1),
                            "this bracket is one too many",
                        )
                        .help("write the condition without the extra brackets, or split it into two rules"),
                    );
                }
            }
            ')' if !in_string => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// A file with nothing but comments and blank space.
/// A parse tree attend did not expect: a fault in attend, reported at the
/// place it happened instead of guessing what was meant.
pub fn internal(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::INTERNAL_ERROR,
        format!("attend cannot read this part of the policy: {what}"),
        span,
        "here",
    )
    .help("this is a fault in attend, not in the policy: please report it with the policy text")
}

pub fn empty(file: FileId, text: &str) -> Diagnostic {
    let end = text.len();
    Diagnostic::new(Code::EMPTY_POLICY, "this file holds no policy", Span::new(file, 0, end.min(1)), "nothing here but comments and blank space")
        .help("start with the school the policy is for:\n\nschool \"Name of the school\" {\n    regulations england-2024\n    effective 2025-09-01\n}")
}

pub fn translate(file: FileId, text: &str, error: &PestError<Rule>) -> Diagnostic {
    let pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((start, _)) => start,
    };
    if let Some(diagnostic) = unclosed_quote(file, text, pos) {
        return diagnostic;
    }
    let found = found_at(text, pos);
    let at = Span::new(file, pos, (pos + found.len()).min(text.len()).max(pos));
    let found_words = if found.is_empty() { "the end of the file".to_string() } else { format!("`{found}`") };
    let phrases = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let tokens: Vec<String> = error
                .parse_attempts()
                .map(|a| a.expected_tokens().iter().map(|t| t.to_string()).collect())
                .unwrap_or_default();
            expected_phrases(text, pos, positives, &tokens)
        }
        ErrorVariant::CustomError { message } => {
            return Diagnostic::new(
                Code::UNEXPECTED_INPUT,
                format!("the policy could not be read: {message}"),
                at,
                "reading stopped here",
            )
            .help("the file is too complex to read; split it into smaller files that extend a base policy");
        }
    };
    let expected = join_or(&phrases);
    let message = format!("expected {expected}; found {found_words}");
    let label =
        if phrases.len() > 3 { "not expected here".to_string() } else { format!("expected {expected}") };
    let mut diagnostic = Diagnostic::new(Code::UNEXPECTED_INPUT, message, at, label);
    let help = match did_you_mean(&found, &phrases) {
        Some(word) => Some(format!("did you mean `{word}`?")),
        None => help_for(&found, &expected),
    };
    if let Some(help) = help {
        diagnostic = diagnostic.help(help);
    }
    diagnostic
}

fn unclosed_quote(file: FileId, text: &str, pos: usize) -> Option<Diagnostic> {
    let line_start = text[..pos.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let mut open: Option<usize> = None;
    for (i, c) in line.char_indices() {
        match c {
            '"' => open = if open.is_some() { None } else { Some(i) },
            '#' if open.is_none() => break,
            _ => {}
        }
    }
    let start = line_start + open?;
    let end = line_start + line.trim_end_matches(['\r', ' ', '\t']).len();
    Some(
        Diagnostic::new(
            Code::UNCLOSED_QUOTE,
            "this quoted text has no closing quote",
            Span::new(file, start, end.max(start + 1)),
            "opened here, and the line ends before it closes",
        )
        .help("add a `\"` at the end of the name; quoted text stays on one line"),
    )
}

/// The word or symbol at `pos`, as the writer would see it.
fn found_at(text: &str, pos: usize) -> String {
    let rest = &text[pos.min(text.len())..];
    let Some(first) = rest.chars().next() else { return String::new() };
    let wordy = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '%' | '£');
    if wordy(first) { rest.chars().take_while(|&c| wordy(c)).collect() } else { first.to_string() }
}

const STATEMENTS: &str = "a statement (`day`, `register am`, `rule`, `lateness`, `penalty notices`, ...)";

/// Keywords that start a statement: where they are expected, any statement is.
const STATEMENT_KEYWORDS: &[Rule] = &[
    Rule::kw_absence,
    Rule::kw_calendar,
    Rule::kw_codes,
    Rule::kw_day,
    Rule::kw_lateness,
    Rule::kw_leave,
    Rule::kw_medical,
    Rule::kw_penalty,
    Rule::kw_persistent,
    Rule::kw_records,
    Rule::kw_register,
    Rule::kw_report,
    Rule::kw_part_time,
    Rule::kw_rule,
    Rule::kw_severe,
];

/// Punctuation worth naming when the grammar expected it; the first characters
/// of values (`"`, `£`) and comments (`#`) are covered by the rules' own words.
const STRUCTURAL_TOKENS: &[&str] = &["{", "}", "(", ")", ",", "=>", "<", "<=", ">", ">=", "=", ".."];

fn expected_phrases(text: &str, pos: usize, positives: &[Rule], tokens: &[String]) -> Vec<String> {
    let mut phrases: Vec<String> = Vec::new();
    let mut push = |p: String| {
        if !phrases.contains(&p) {
            phrases.push(p);
        }
    };
    let statement_position = positives.contains(&Rule::kw_day) || positives.contains(&Rule::day_block);
    for rule in positives {
        if statement_position && (is_statement(*rule) || STATEMENT_KEYWORDS.contains(rule)) {
            push(STATEMENTS.to_string());
            continue;
        }
        if let Some(p) = describe(*rule, text, pos) {
            push(p);
        }
    }
    // A comparison already names its comparators.
    let comparing = positives.contains(&Rule::comparator);
    for token in tokens {
        let comparator = ["<", "<=", ">", ">=", "="].contains(&token.as_str());
        if STRUCTURAL_TOKENS.contains(&token.as_str()) && !(comparing && comparator) {
            push(format!("`{token}`"));
        }
    }
    phrases
}

fn join_or(phrases: &[String]) -> String {
    match phrases {
        [] => "something else".to_string(),
        [one] => one.clone(),
        [first, second] => format!("{first} or {second}"),
        [rest @ .., last] => format!("{}, or {last}", rest.join(", ")),
    }
}

/// The keyword the writer probably meant, if `found` is a near miss of one
/// that could come here.
fn did_you_mean(found: &str, phrases: &[String]) -> Option<String> {
    let found = found.to_ascii_lowercase();
    if found.len() < 3 {
        return None;
    }
    phrases
        .iter()
        .filter_map(|p| p.strip_prefix('`').and_then(|p| p.strip_suffix('`')))
        .filter(|word| word.chars().all(|c| c.is_ascii_lowercase() || c == ' '))
        .map(|word| (edit_distance(&found, word), word))
        .filter(|(d, word)| *d > 0 && *d <= 2 && *d < word.len() / 2 + 1)
        .min()
        .map(|(_, word)| word.to_string())
}

#[expect(clippy::indexing_slicing, reason = "j + 1 <= b.len() and the row holds b.len() + 1 entries")]
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

fn is_statement(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::day_block
            | Rule::calendar_block
            | Rule::register_block
            | Rule::records_stmt
            | Rule::reporting_stmt
            | Rule::coding_stmt
            | Rule::medical_block
            | Rule::leave_block
            | Rule::lateness_block
            | Rule::rule_block
            | Rule::penalty_block
            | Rule::persistent_stmt
            | Rule::severe_stmt
            | Rule::codes_block
            | Rule::report_stmt
            | Rule::part_time_block
    )
}

fn help_for(found: &str, expected: &str) -> Option<String> {
    let lower = found.to_ascii_lowercase();
    let looks_like_time = (lower.ends_with("am") || lower.ends_with("pm") || lower.contains('.'))
        && lower.starts_with(|c: char| c.is_ascii_digit());
    if looks_like_time && expected.contains("time") {
        return Some("write times on the 24-hour clock with a colon: `08:35`, `13:40`".to_string());
    }
    if found.is_empty() {
        return Some("the file ends before the statement is finished: is a closing `}` missing?".to_string());
    }
    if found == "}" {
        return Some(
            "this `}` closes a block that is already closed, or the statement before it is not finished"
                .to_string(),
        );
    }
    if (lower == "over" || lower == "since") && expected.contains("a comparison") {
        return Some(format!(
            "the window comes after the number: `attendance fall >= 5% {lower} ...`, `sessions(O) >= 10 {lower} ...`"
        ));
    }
    if expected == STATEMENTS {
        return Some(
            "each statement starts with a keyword; `attend explain P001` lists the common mistakes"
                .to_string(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_points_at_its_place() {
        let d = internal(Span::new(FileId(0), 3, 9), "a rule it has no case for");
        assert_eq!(d.code.id(), "P007");
        assert_eq!((d.label.span.start, d.label.span.end), (3, 9));
        assert!(d.message.contains("a rule it has no case for"));
    }
}
