//! What the language server answers, each from the same analysis as the
//! command line: `attend check` for diagnostics, `attend explain` and the
//! regime's code table for hover, `attend fmt` for formatting.

use super::position::{offset, range};
use crate::check::{CheckOptions, check_text, explain};
use crate::diagnostics::{Diagnostic, Severity};
use crate::regulations::{GROUPS, Regime};
use crate::source::SourceMap;
use crate::syntax::{self, ast};
use lsp_types::{
    CompletionItem, CompletionItemKind, DiagnosticRelatedInformation, DiagnosticSeverity, DocumentSymbol,
    Hover, HoverContents, Location, MarkupContent, MarkupKind, NumberOrString, Position, SymbolKind,
    TextEdit, Uri,
};
use std::path::PathBuf;
use std::str::FromStr;

/// The path a `file:` URI names (percent escapes undone).
fn path_of(uri: &Uri) -> PathBuf {
    let raw = uri.path().as_str();
    let mut bytes = Vec::with_capacity(raw.len());
    let mut rest = raw.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        let escaped = (b == b'%').then(|| tail.get(..2)).flatten().and_then(|h| std::str::from_utf8(h).ok());
        match escaped.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(byte) => {
                bytes.push(byte);
                rest = tail.get(2..).unwrap_or_default();
            }
            None => {
                bytes.push(b);
                rest = tail;
            }
        }
    }
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

fn uri_of(path: &std::path::Path) -> Option<Uri> {
    Uri::from_str(&format!("file://{}", path.display())).ok()
}

/// Every diagnostic `attend check` gives the text, in this document.
pub fn diagnostics(options: &CheckOptions, uri: &Uri, text: &str) -> Vec<lsp_types::Diagnostic> {
    let mut sources = SourceMap::new();
    let Ok((file, found)) = check_text(&mut sources, &path_of(uri), text.to_string(), options) else {
        return Vec::new();
    };
    found.into_iter().filter(|d| d.label.span.file == file).map(|d| convert(&d, uri, text, file)).collect()
}

fn convert(d: &Diagnostic, uri: &Uri, text: &str, file: crate::source::FileId) -> lsp_types::Diagnostic {
    let related = d
        .related
        .iter()
        .filter(|l| l.span.file == file)
        .map(|l| DiagnosticRelatedInformation {
            location: Location { uri: uri.clone(), range: range(text, l.span.start, l.span.end) },
            message: l.text.clone(),
        })
        .collect::<Vec<_>>();
    let mut message = format!("{} ({})", d.message, d.label.text);
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    if let Some(citation) = &d.citation {
        message.push_str(&format!("\n{}: {}, {}", citation.regime, citation.instrument, citation.provision));
    }
    lsp_types::Diagnostic {
        range: range(text, d.label.span.start, d.label.span.end),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.id().to_string())),
        source: Some("attend".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

/// The word under the cursor: letters, digits, `-` and `_`, or one `/` or `\`.
fn word_at(text: &str, at: usize) -> (usize, &str) {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let start = text.get(..at).map_or(at, |b| {
        b.char_indices().rev().take_while(|(_, c)| is_word(*c)).last().map_or(at, |(i, _)| i)
    });
    let end = text
        .get(at..)
        .map_or(at, |a| at + a.char_indices().find(|(_, c)| !is_word(*c)).map_or(a.len(), |(i, _)| i));
    (start, text.get(start..end).unwrap_or(""))
}

fn regime(options: &CheckOptions) -> Option<&Regime> {
    options.regimes.in_force_on(options.today).or_else(|| options.regimes.all().last())
}

/// A diagnostic's explanation where one is reported, else an attendance
/// code's meaning, or what a word of the language means.
pub fn hover(options: &CheckOptions, uri: &Uri, text: &str, at: Position) -> Option<Hover> {
    let here = offset(text, at);
    let mut sources = SourceMap::new();
    let reported = check_text(&mut sources, &path_of(uri), text.to_string(), options).ok();
    let explained = reported.and_then(|(file, found)| {
        found
            .into_iter()
            .find(|d| d.label.span.file == file && d.label.span.start <= here && here <= d.label.span.end)
    });
    let value = match explained {
        Some(d) => format!("```text\n{}```", explain(d.code, &options.regimes)),
        None => {
            let (_, word) = word_at(text, here);
            let code = regime(options).and_then(|r| r.code(word).map(|c| (r, c)));
            match code {
                Some((r, c)) => format!("`{}`: {} ({}, {})", c.code, c.meaning, c.category.name(), r.name),
                None => meaning(word)?.to_string(),
            }
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }),
        range: None,
    })
}

/// What the words of conditions mean.
fn meaning(word: &str) -> Option<&'static str> {
    Some(match word {
        "attendance" => {
            "`attendance`: sessions attended (present or at an approved educational activity) as a percentage of possible sessions, over the window"
        }
        "absence" => {
            "`absence`: sessions of authorised and unauthorised absence as a percentage of possible sessions"
        }
        "sessions" => "`sessions(codes)`: how many sessions in the window carry one of the codes",
        "spells" => "`spells(codes)`: separate runs of school days with the codes, in the window",
        "records" => {
            "`records(\"NAME\")`: entries of this name in the records file (`--records FILE`) dated in the window; an entry on a day without school counts from the next school day"
        }
        "report" => {
            "`report \"WHAT\" to \"WHOM\" every N school weeks`, `at the end of each term`, or `not stated`: a report on the whole school, made on those days"
        }
        "without" => {
            "`for pupils without ATTRIBUTE \"VALUE\"`: the rule applies to every pupil but those with the value"
        }
        "rise" | "fall" => {
            "`attendance rise`, `attendance fall`: how far attendance rose or fell, in percentage points: `over half term` against the last half term, `over rolling N school weeks` against the N before, or `since \"STAGE\"` against the school year so far on the day the stage fired"
        }
        "return" => {
            "`return after school days(codes)`: on the first school day a pupil attends after a run of school days with the codes, the run's length; 0 on other days"
        }
        "part-time" | "timetables" => {
            "`part-time timetables { at most 6 weeks reviewed every 2 weeks }`: the longest plan and its review interval; `C2` marks beyond them, under the plans of the pupils file, are data-quality findings"
        }
        "remove" | "roll" => {
            "`remove from roll`: the pupil's name is to be deleted from the admission register, where the policy says when"
        }
        "naming" | "best" => {
            "`report ... naming the COLUMN with the best attendance`: on each day the report falls due, the group of that pupils-file column (a class, a form) with the best attendance since the report before; groups of fewer than 5 pupils are not compared. `naming the pupils with the best attendance rise`: the pupils whose attendance rose most against the period before"
        }
        "pupil" => {
            "`pupil COLUMN` in a comparison: each pupil's own number from that column of the pupils file (`attendance < pupil attendance-target`); in a test, `pupil \"A\" from DATE marks \"...\"`"
        }
        "suspension" => {
            "`consider suspension penalty notice`: a notice under section 105 of the Education and Inspections Act 2006, for a suspended or excluded pupil found in a public place in school hours; in `penalty notices`, `suspension £60 within 21 days` gives its amounts"
        }
        "recode" => {
            "`recode as CODE`: the sessions the rule counted are to be recorded with this code instead (where evidence never came, say)"
        }
        "sign" => "`sign in \"WHERE\"`: where a pupil signs in, such as a late arrival at the office",
        "refer" => {
            "`refer to \"SERVICE\"`: a referral to a service the school names (the police, early help, a school nurse)"
        }
        "consecutive" => {
            "`consecutive school days(codes)`: the current run of school days on which every possible session has one of the codes"
        }
        "after" => {
            "`after \"RULE\"`: the rule waits until RULE has fired for the pupil on an earlier school day"
        }
        "since" => "`since \"RULE\"`: a window from the school day after RULE last fired",
        "reviewed" => "`reviewed ...`: the rule is looked at only on these days",
        "once" => "`once`, `once per term`: how often the rule may fire for a pupil",
        "minimum" => {
            "`minimum N possible sessions`: percentages hold only once the window has this many possible sessions"
        }
        "rolling" => {
            "`over rolling N school weeks`: the school weeks ending with the week of the day evaluated"
        }
        _ => return None,
    })
}

/// `attend fmt`'s layout, as one edit of the whole document.
pub fn formatting(uri: &Uri, text: &str) -> Option<Vec<TextEdit>> {
    let mut sources = SourceMap::new();
    let file = sources.add(path_of(uri), text.to_string());
    let tree = syntax::parse(file, text).ok()?;
    let formatted = syntax::format::format(&tree, text);
    Some(if formatted == text {
        Vec::new()
    } else {
        vec![TextEdit { range: range(text, 0, text.len()), new_text: formatted }]
    })
}

fn parsed(uri: &Uri, text: &str) -> Option<ast::PolicyFile> {
    let mut sources = SourceMap::new();
    let file = sources.add(path_of(uri), text.to_string());
    syntax::parse(file, text).ok()
}

/// The rules of the document and the schools that hold them.
fn rules(tree: &ast::PolicyFile) -> Vec<(&ast::Spanned<String>, crate::source::Span)> {
    let statements = tree.items.iter().flat_map(|item| match &item.node {
        ast::Item::Statement(s) => vec![(s, item.span)],
        ast::Item::School(school) => school
            .items
            .iter()
            .filter_map(|i| match &i.node {
                ast::SchoolItem::Statement(s) => Some((s, i.span)),
                ast::SchoolItem::Identity(_) => None,
            })
            .collect(),
        _ => Vec::new(),
    });
    statements
        .filter_map(|(s, span)| match s {
            ast::Statement::Rule { name, .. } => Some((name, span)),
            _ => None,
        })
        .collect()
}

#[expect(deprecated, reason = "DocumentSymbol's `deprecated` field must still be given")]
pub fn symbols(uri: &Uri, text: &str) -> Option<Vec<DocumentSymbol>> {
    let tree = parsed(uri, text)?;
    let symbol = |name: &str, kind, whole: crate::source::Span, own: crate::source::Span| DocumentSymbol {
        name: name.to_string(),
        detail: None,
        kind,
        tags: None,
        deprecated: None,
        range: range(text, whole.start, whole.end),
        selection_range: range(text, own.start, own.end),
        children: None,
    };
    let mut out: Vec<DocumentSymbol> = tree
        .items
        .iter()
        .filter_map(|item| match &item.node {
            ast::Item::School(s) => Some(symbol(&s.name.node, SymbolKind::MODULE, item.span, s.name.span)),
            ast::Item::Organisation(o) => {
                Some(symbol(&o.name.node, SymbolKind::NAMESPACE, item.span, o.name.span))
            }
            _ => None,
        })
        .collect();
    out.extend(
        rules(&tree)
            .into_iter()
            .map(|(name, span)| symbol(&name.node, SymbolKind::FUNCTION, span, name.span)),
    );
    Some(out)
}

/// The rule a quoted name refers to, or the file `extends` names.
pub fn definition(uri: &Uri, text: &str, at: Position) -> Option<Location> {
    let here = offset(text, at);
    let tree = parsed(uri, text)?;
    for item in &tree.items {
        if let ast::Item::Extends(path) = &item.node
            && path.span.start <= here
            && here <= path.span.end
        {
            let base = path_of(uri).parent().map(|p| p.join(&path.node))?;
            return Some(Location { uri: uri_of(&base)?, range: range("", 0, 0) });
        }
    }
    let line_start = text.get(..here).and_then(|b| b.rfind('"')).map(|i| i + 1)?;
    let name_end = here + text.get(here..)?.find('"')?;
    let name = text.get(line_start..name_end)?;
    let (target, _) = rules(&tree).into_iter().find(|(n, _)| n.node == name)?;
    Some(Location { uri: uri.clone(), range: range(text, target.span.start, target.span.end) })
}

/// Keywords, the codes and code groups of the regulations in force, and the
/// rule names of the document.
pub fn completion(options: &CheckOptions, uri: &Uri, text: &str) -> Vec<CompletionItem> {
    let item = |label: String, kind, detail: Option<String>| CompletionItem {
        label,
        kind: Some(kind),
        detail,
        ..Default::default()
    };
    let mut out: Vec<CompletionItem> =
        syntax::keywords().into_iter().map(|k| item(k, CompletionItemKind::KEYWORD, None)).collect();
    if let Some(r) = regime(options) {
        out.extend(
            r.codes
                .iter()
                .map(|c| item(c.code.clone(), CompletionItemKind::CONSTANT, Some(c.meaning.clone()))),
        );
    }
    out.extend(
        GROUPS
            .iter()
            .map(|(g, _)| item(g.to_string(), CompletionItemKind::ENUM, Some("a group of codes".into()))),
    );
    if let Some(tree) = parsed(uri, text) {
        out.extend(
            rules(&tree)
                .into_iter()
                .map(|(n, _)| item(n.node.clone(), CompletionItemKind::FUNCTION, Some("a rule".into()))),
        );
    }
    out
}
