//! Building the typed syntax tree from pest's pairs. Every match on a pair's
//! rule names the rules it expects; any other is an internal error at the
//! pair's span, so a grammar change the builder does not know of is reported,
//! not read as something else.

mod expressions;
mod items;
mod tests;

use super::ast::Spanned;
use super::errors;
use super::parser::Rule;
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, Span};
use pest::iterators::Pair;
use std::sync::OnceLock;

/// A built node, or the internal error that stopped the build.
pub type Built<T> = Result<T, Box<Diagnostic>>;

pub struct Builder {
    file: FileId,
    /// Problems with values that the grammar accepts (a number too long).
    pub diagnostics: Vec<Diagnostic>,
}

/// The pair's span without the blank space and comments pest may have
/// consumed after its last token (before an optional part that was absent).
pub fn span(file: FileId, pair: &Pair<Rule>) -> Span {
    let s = pair.as_span();
    let last_child_end =
        pair.clone().into_inner().rev().find(|p| p.as_rule() != Rule::COMMENT).map(|p| span(file, &p).end);
    let Some(child_end) = last_child_end else { return Span::new(file, s.start(), s.end()) };
    // After the last child only literal tokens (`}`, `)`) and skipped text remain.
    let tail = pair.as_str().get(child_end.saturating_sub(s.start())..).unwrap_or("");
    let mut end = child_end;
    let mut offset = child_end;
    for line in tail.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        if let Some(last) = code.char_indices().rfind(|(_, c)| !c.is_whitespace()) {
            end = offset + last.0 + last.1.len_utf8();
        }
        offset += line.len();
    }
    Span::new(file, s.start(), end)
}

fn is_keyword(rule: Rule) -> bool {
    static KEYWORDS: OnceLock<Vec<bool>> = OnceLock::new();
    let keywords = KEYWORDS.get_or_init(|| {
        // Sized by the largest discriminant: `all_rules()` leaves out EOI.
        let len = Rule::all_rules().iter().map(|r| *r as usize + 1).max().unwrap_or(0);
        let mut keywords = vec![false; len];
        for rule in Rule::all_rules() {
            if let Some(slot) = keywords.get_mut(*rule as usize) {
                *slot = format!("{rule:?}").starts_with("kw_");
            }
        }
        keywords
    });
    keywords.get(rule as usize).copied().unwrap_or(false)
}

/// Children that carry meaning: no comments, no keywords.
pub fn inner(pair: Pair<Rule>) -> impl Iterator<Item = Pair<Rule>> {
    pair.into_inner().filter(|p| p.as_rule() != Rule::COMMENT && !is_keyword(p.as_rule()))
}

/// The text of a quoted string or code, or the pair's own text.
fn text(pair: Pair<Rule>) -> String {
    match pair.as_rule() {
        Rule::string | Rule::quoted_code => {
            pair.into_inner().next().map(|p| p.as_str().to_string()).unwrap_or_default()
        }
        _ => pair.as_str().to_string(),
    }
}

impl Builder {
    pub fn new(file: FileId) -> Builder {
        Builder { file, diagnostics: Vec::new() }
    }

    fn spanned<T>(&self, node: T, pair: &Pair<Rule>) -> Spanned<T> {
        Spanned::new(node, span(self.file, pair))
    }

    pub fn string(&self, pair: Pair<Rule>) -> Spanned<String> {
        let s = span(self.file, &pair);
        Spanned::new(text(pair), s)
    }

    /// The internal error for a pair the builder has no case for.
    fn unexpected(&self, pair: &Pair<Rule>) -> Box<Diagnostic> {
        Box::new(errors::internal(span(self.file, pair), &format!("unexpected {:?}", pair.as_rule())))
    }

    /// The next meaningful child, which the grammar guarantees.
    pub fn next<'i>(
        &self,
        parts: &mut impl Iterator<Item = Pair<'i, Rule>>,
        within: Span,
        what: &str,
    ) -> Built<Pair<'i, Rule>> {
        parts.next().ok_or_else(|| Box::new(errors::internal(within, &format!("{what} is missing"))))
    }

    /// The single meaningful child of a rule that wraps one.
    fn only<'i>(&self, pair: Pair<'i, Rule>) -> Built<Pair<'i, Rule>> {
        let within = span(self.file, &pair);
        self.next(&mut inner(pair), within, "its part")
    }

    /// The first child, keywords included: for rules that are a choice of keywords.
    fn first_token(&self, pair: Pair<Rule>) -> Built<Rule> {
        let within = span(self.file, &pair);
        let mut children = pair.into_inner().filter(|p| p.as_rule() != Rule::COMMENT);
        Ok(self.next(&mut children, within, "its keyword")?.as_rule())
    }
}

#[cfg(test)]
mod keyword_tests {
    use super::*;

    #[test]
    fn the_keyword_rules_and_only_they_are_keywords() {
        for rule in Rule::all_rules().iter().copied().chain([Rule::EOI]) {
            assert_eq!(is_keyword(rule), format!("{rule:?}").starts_with("kw_"), "{rule:?}");
        }
    }
}
