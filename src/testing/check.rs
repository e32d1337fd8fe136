//! A test file checked against its policy: the policy it names (inside the
//! folder, compiled), each pupil's marks read, each expectation's rule and
//! pupil known and its values typed.

use super::{Test, Typed, marks};
use crate::compile::{self, CompileError, RuleSet};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Typer;
use crate::regulations::Regimes;
use crate::source::Span;
use crate::syntax::ast;
use std::path::{Path, PathBuf};

/// The policy file the test file names: inside the folder, compiled.
pub(super) fn policy(
    written: &ast::Spanned<String>,
    test_file: &Path,
    regimes: &Regimes,
    root: Option<&Path>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(PathBuf, RuleSet)> {
    let folder = test_file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let target = folder.join(&written.node);
    let refuse = |reason: String, help: &str| {
        Diagnostic::new(Code::TEST_POLICY_UNREADABLE, reason, written.span, "this policy")
            .help(help.to_string())
    };
    let inside = root.unwrap_or(folder).canonicalize().ok();
    let real = target.canonicalize();
    let outside = Path::new(&written.node).has_root()
        || match (&real, &inside) {
            (Ok(real), Some(inside)) => !real.starts_with(inside),
            _ => false,
        };
    if outside {
        // Nothing of the target is read or shown.
        diagnostics.push(refuse(
            format!("`tests for` cannot use \"{}\": it is outside the test file's folder", written.node),
            "name a policy file beside the test file, or give a wider folder with `attend test --root DIR`",
        ));
        return None;
    }
    let Ok(real) = real else {
        diagnostics.push(refuse(
            format!("there is no policy file \"{}\" beside the test file", written.node),
            "`tests for` names the policy file relative to the test file",
        ));
        return None;
    };
    if !real.is_file() {
        diagnostics.push(refuse(format!("\"{}\" is not a regular file", written.node), "name a policy file"));
        return None;
    }
    match compile::load(&target, regimes, None) {
        Ok(rules) => Some((target, rules)),
        Err(CompileError::Policy { diagnostics: found, .. }) => {
            diagnostics.push(refuse(
                format!(
                    "the policy \"{}\" has {} error(s), so its tests cannot run",
                    written.node,
                    found.len()
                ),
                &format!("run `attend check {}` and fix what it shows", target.display()),
            ));
            None
        }
        Err(other) => {
            diagnostics.push(refuse(
                format!("the policy \"{}\" cannot be used: {other}", written.node),
                "fix the policy",
            ));
            None
        }
    }
}

/// A test's marks read and its expectations checked against the policy.
pub(super) fn check<'a>(
    case: &'a ast::TestCase,
    rules: &RuleSet,
    typer: &mut Typer,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Test<'a>> {
    let before = diagnostics.len();
    let is_code = |code: &str, date| rules.codes.iter().any(|c| c.code == code && c.valid.contains(date));
    let mut pupils = Vec::new();
    for pupil in &case.pupils {
        let Some(from) = typer.date(&pupil.from) else { continue };
        match marks::read(&pupil.marks.node, from.node, &is_code) {
            Ok(read) => pupils.push((pupil.pupil.node.clone(), read)),
            Err(error) => {
                // The marks' text starts one byte into its span, after the quote.
                let start = pupil.marks.span.start + 1;
                let span = Span::new(pupil.marks.span.file, start + error.at.0, start + error.at.1);
                diagnostics.push(Diagnostic::new(Code::BAD_TEST_MARKS, error.message, span, "here").help(
                    "write one code a session, morning then afternoon, on weekdays: like \"/\\ /\\ OO\"",
                ));
            }
        }
    }
    if case.pupils.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::UNKNOWN_TEST_PUPIL,
                "this test describes no pupil",
                case.name.span,
                "this test",
            )
            .help("add a pupil: `pupil \"A\" from 2024-09-02 marks \"/\\ /\\ OO\"`"),
        );
    }
    let names: Vec<&str> = case.pupils.iter().map(|p| p.pupil.node.as_str()).collect();
    let mut expectations = Vec::new();
    for e in &case.expectations {
        let pupil = match (&e.pupil, names.as_slice()) {
            (Some(named), _) if names.contains(&named.node.as_str()) => named.node.clone(),
            (Some(named), _) => {
                diagnostics.push(unknown_pupil(
                    format!("the test has no pupil \"{}\"", named.node),
                    named.span,
                    &names,
                ));
                continue;
            }
            (None, [only]) => (*only).to_string(),
            (None, _) if names.is_empty() => continue,
            (None, _) => {
                diagnostics.push(unknown_pupil("which pupil? the test has several".into(), e.span, &names));
                continue;
            }
        };
        let (mut on, mut times, mut percent) = (None, None, None);
        match &e.what {
            ast::Expected::Rule { name, on: day, times: count } => {
                if !rule_names(rules).any(|r| r == name.node) {
                    let mut known: Vec<String> = Vec::new();
                    for r in rule_names(rules).map(|r| format!("\"{r}\"")) {
                        if !known.contains(&r) {
                            known.push(r);
                        }
                    }
                    diagnostics.push(
                        Diagnostic::new(
                            Code::UNKNOWN_RULE_IN_TEST,
                            format!("the policy has no rule \"{}\"", name.node),
                            name.span,
                            "not a rule of the policy",
                        )
                        .help(format!("its rules are {}", known.join(", "))),
                    );
                }
                on = day.as_ref().and_then(|d| typer.date(d)).map(|d| d.node);
                times = count.as_ref().and_then(|c| typer.count(c));
            }
            ast::Expected::Attendance(value) => percent = typer.percent(value),
            ast::Expected::Persistent | ast::Expected::Severe => {}
        }
        expectations.push(Typed { pupil, on, times, percent });
    }
    // Pupil details in a pupils file's words (`E` is `EHCP`), as a run reads them.
    let details = case
        .pupils
        .iter()
        .filter(|p| !p.details.is_empty() || !p.records.is_empty())
        .map(|p| {
            let mut d = crate::register::PupilDetails::default();
            for (record, on) in &p.records {
                if let Some(day) = typer.date(on) {
                    d.records.push((day.node, record.node.clone()));
                }
            }
            d.records.sort_by_key(|(day, _)| *day);
            for (attribute, value) in &p.details {
                let value = match crate::register::pupils::normalise(&attribute.node, &value.node) {
                    Ok(Some(v)) => v,
                    _ => value.node.clone(),
                };
                d.attributes.insert(attribute.node.clone(), value);
            }
            (p.pupil.node.clone(), d)
        })
        .collect();
    (diagnostics.len() == before).then_some(Test { case, marks: pupils, details, expectations })
}

fn unknown_pupil(message: String, span: Span, names: &[&str]) -> Diagnostic {
    let known: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    Diagnostic::new(Code::UNKNOWN_TEST_PUPIL, message, span, "this pupil")
        .help(format!("name one of the test's pupils with `for`: {}", known.join(", ")))
}

/// The names an expectation may use: rules, duties and lateness lines.
pub(super) fn rule_names(rules: &RuleSet) -> impl Iterator<Item = String> + '_ {
    rules
        .rules
        .iter()
        .map(|r| r.name.clone())
        .chain(rules.lateness.iter().map(|l| format!("lateness: arrival after {}", l.after.format("%H:%M"))))
}
