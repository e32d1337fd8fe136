//! Output for CI: SARIF 2.1.0 for code-scanning tools, and GitHub workflow
//! annotation lines.

use super::render::to_json;
use super::{Code, Diagnostic, Severity};
use crate::source::SourceMap;
use serde_json::{Value, json};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The text shown for a finding: message, help and citation together.
fn full_text(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    if let Some(citation) = &d.citation {
        text.push_str(&format!("\nregulation: {citation}"));
    }
    text
}

pub fn sarif(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let mut rules: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    rules.sort();
    rules.dedup();
    let rule_objects: Vec<Value> = rules
        .iter()
        .map(|code| {
            let info = code.info();
            json!({
                "id": info.id,
                "name": info.name,
                "shortDescription": { "text": info.summary },
                "fullDescription": { "text": info.explanation },
                "defaultConfiguration": { "level": level(info.severity) },
                "help": { "text": format!("Before:\n{}\n\nAfter:\n{}", info.before, info.after) },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let at = to_json(sources, d);
            let index = rules.iter().position(|c| *c == d.code).unwrap_or(0);
            let mut result = json!({
                "ruleId": at.code,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": { "text": full_text(d) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&at.file) },
                        "region": {
                            "startLine": at.line,
                            "startColumn": at.column,
                            "endLine": at.end_line,
                            "endColumn": at.end_column,
                        }
                    }
                }],
            });
            if let (Some(citation), Some(object)) = (&d.citation, result.as_object_mut()) {
                object.insert("properties".to_string(), json!({ "citation": citation }));
            }
            if let (Some(reason), Some(object)) = (&d.suppressed, result.as_object_mut()) {
                object.insert(
                    "suppressions".to_string(),
                    json!([{ "kind": "inSource", "status": "accepted", "justification": reason }]),
                );
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "attend",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rule_objects,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// A relative file path as a URI reference: forward slashes, spaces and other
/// reserved characters escaped.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for c in path.replace('\\', "/").chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' | '.' | '~' | '/' => out.push(c),
            other => {
                let mut buf = [0u8; 4];
                for byte in other.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
        }
    }
    out
}

/// One `::error` or `::warning` line per finding, as GitHub Actions reads them.
pub fn github(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics.iter().filter(|d| d.suppressed.is_none()) {
        let at = to_json(sources, d);
        out.push_str(&format!(
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            level(d.severity),
            escape_property(&at.file),
            at.line,
            at.column,
            at.end_line,
            at.end_column,
            escape_property(&format!("{} {}", at.code, at.name)),
            escape_data(&full_text(d)),
        ));
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotation_text_is_escaped() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn uris_escape_spaces() {
        assert_eq!(uri("policies/St Mary's.attend"), "policies/St%20Mary%27s.attend");
    }
}
