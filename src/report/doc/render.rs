//! A policy document as Markdown and as one self-contained HTML page.

use super::Document;
use crate::report::html::escape;
use std::fmt::Write;

pub fn markdown(doc: &Document) -> String {
    let mut out = format!("# {}\n\n{}\n", doc.title, doc.subtitle);
    for s in &doc.sections {
        let _ = write!(out, "\n## {}\n\n", s.heading);
        for p in &s.paragraphs {
            let _ = writeln!(out, "{p}\n");
        }
        for item in &s.list {
            let _ = writeln!(out, "- {item}");
        }
        if let Some((header, rows)) = &s.table {
            let _ = writeln!(out, "| {} |", header.join(" | "));
            let _ = writeln!(out, "|{}|", vec!["---"; header.len()].join("|"));
            for row in rows {
                let cells: Vec<String> = row.iter().map(|c| c.replace('|', "\\|")).collect();
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            }
        }
    }
    let _ = writeln!(out, "\n---\n\n{}", doc.footer);
    out
}

/// `**bold**` and `` `code` `` of a paragraph, escaped, as HTML.
fn inline(text: &str) -> String {
    let mut out = String::new();
    let (mut bold, mut code) = (false, false);
    let mut rest = text;
    while let Some(i) = rest.find(['*', '`']) {
        out.push_str(&escape(rest.get(..i).unwrap_or("")));
        let tail = rest.get(i..).unwrap_or("");
        if tail.starts_with("**") {
            out.push_str(if bold { "</strong>" } else { "<strong>" });
            bold = !bold;
            rest = tail.get(2..).unwrap_or("");
        } else if tail.starts_with('`') {
            out.push_str(if code { "</code>" } else { "<code>" });
            code = !code;
            rest = tail.get(1..).unwrap_or("");
        } else {
            out.push('*');
            rest = tail.get(1..).unwrap_or("");
        }
    }
    out.push_str(&escape(rest));
    out
}

const STYLE: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1f24}\
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}\
.muted{color:#57606a}table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eaeef2}\
code{font-family:ui-monospace,monospace;font-size:.9em}footer{margin-top:2.5rem;font-size:.85rem;color:#57606a}\
@media print{body{margin:0;max-width:none}h2{break-after:avoid}}";

pub fn html(doc: &Document) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body><h1>{}</h1><p class=\"muted\">{}</p>",
        escape(&doc.title),
        escape(&doc.title),
        escape(&doc.subtitle)
    );
    for s in &doc.sections {
        let _ = write!(out, "<h2>{}</h2>", escape(&s.heading));
        for p in &s.paragraphs {
            let _ = write!(out, "<p>{}</p>", inline(p));
        }
        if !s.list.is_empty() {
            out.push_str("<ul>");
            for item in &s.list {
                let _ = write!(out, "<li>{}</li>", inline(item));
            }
            out.push_str("</ul>");
        }
        if let Some((header, rows)) = &s.table {
            out.push_str("<table><tr>");
            for h in header {
                let _ = write!(out, "<th>{}</th>", escape(h));
            }
            out.push_str("</tr>");
            for row in rows {
                out.push_str("<tr>");
                for c in row {
                    let _ = write!(out, "<td>{}</td>", escape(c));
                }
                out.push_str("</tr>");
            }
            out.push_str("</table>");
        }
    }
    let _ = writeln!(out, "<footer>{}</footer></body></html>", escape(&doc.footer));
    out
}
