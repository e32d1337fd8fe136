//! Policy tests (`*.attend-test`): pupils' registers written compactly and
//! what the policy must and must not do with them, run through the same
//! compiler and engine as `attend run`.

mod expect;
mod marks;

pub use expect::Failure;
pub use marks::{MarksError, TestMark, read as read_marks};

use crate::compile::{self, CompileError, RuleSet};
use crate::diagnostics::{Code, Diagnostic};
use crate::engine::{self, RunError, RunOptions, RunOutput};
use crate::model::Typer;
use crate::regulations::Regimes;
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{self, ast};
use std::path::{Path, PathBuf};

/// One test's result.
#[derive(Debug, serde::Serialize)]
pub struct TestResult {
    pub name: String,
    pub line: usize,
    pub failures: Vec<Failure>,
}

impl TestResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// A test file's results, or the diagnostics that stopped it from running.
#[derive(Debug)]
pub struct FileResult {
    pub path: PathBuf,
    pub policy: Option<PathBuf>,
    pub tests: Vec<TestResult>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The test files under `paths`: files as given, folders searched for `*.attend-test`.
pub fn test_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let keep = |p: &Path| p.extension().is_some_and(|e| e == "attend-test");
            files.extend(crate::walk::files(path, true, &keep)?);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Reads, checks and runs one test file. `root` is the folder its policy
/// must be in (by default the test file's own).
pub fn run_file(
    sources: &mut SourceMap,
    path: &Path,
    regimes: &Regimes,
    root: Option<&Path>,
) -> std::io::Result<FileResult> {
    let mut result =
        FileResult { path: path.to_path_buf(), policy: None, tests: Vec::new(), diagnostics: Vec::new() };
    let (file, problem) = syntax::load(sources, path)?;
    if let Some(problem) = problem {
        result.diagnostics.push(problem);
        return Ok(result);
    }
    let text = sources.file(file).text.clone();
    let tree = match syntax::parse_tests(file, &text) {
        Ok(tree) => tree,
        Err(found) => {
            result.diagnostics = found;
            return Ok(result);
        }
    };
    let Some((policy, rules)) = policy(&tree.policy, path, regimes, root, &mut result.diagnostics) else {
        return Ok(result);
    };
    result.policy = Some(policy);
    let mut typer = Typer::default();
    let tests: Vec<Option<Test>> =
        tree.tests.iter().map(|t| check(t, &rules, &mut typer, &mut result.diagnostics)).collect();
    result.diagnostics.extend(typer.diagnostics);
    if !result.diagnostics.is_empty() {
        crate::diagnostics::sort(&mut result.diagnostics);
        return Ok(result);
    }
    for test in tests.into_iter().flatten() {
        let line = sources.line_col(file, test.case.span.start).line;
        let output = run(&rules, &test)?;
        let failures = match output {
            Ok(output) => expect::failures(&test, &output, sources, file),
            Err(message) => vec![Failure::refused(message)],
        };
        result.tests.push(TestResult { name: test.case.name.node.clone(), line, failures });
    }
    Ok(result)
}

/// A test whose pupils' marks are read and whose expectations name things
/// the policy has.
pub(crate) struct Test<'a> {
    pub case: &'a ast::TestCase,
    pub marks: Vec<(String, Vec<marks::TestMark>)>,
    /// Each expectation's pupil and values, typed.
    pub expectations: Vec<Typed>,
}

/// An expectation's pupil, and its values once typed.
pub(crate) struct Typed {
    pub pupil: String,
    pub on: Option<chrono::NaiveDate>,
    pub times: Option<u32>,
    /// Attendance in hundredths of a percent.
    pub percent: Option<u32>,
}

/// The policy file the test file names: inside the folder, compiled.
fn policy(
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
fn check<'a>(
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
    (diagnostics.len() == before).then_some(Test { case, marks: pupils, expectations })
}

fn unknown_pupil(message: String, span: Span, names: &[&str]) -> Diagnostic {
    let known: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    Diagnostic::new(Code::UNKNOWN_TEST_PUPIL, message, span, "this pupil")
        .help(format!("name one of the test's pupils with `for`: {}", known.join(", ")))
}

/// The names an expectation may use: rules, duties and lateness lines.
fn rule_names(rules: &RuleSet) -> impl Iterator<Item = String> + '_ {
    rules
        .rules
        .iter()
        .map(|r| r.name.clone())
        .chain(rules.lateness.iter().map(|l| format!("lateness: arrival after {}", l.after.format("%H:%M"))))
}

/// Runs the policy over the test's register, written as a CSV file the run
/// reads as it would a school's. A register the run refuses is the message.
fn run(rules: &RuleSet, test: &Test) -> std::io::Result<Result<RunOutput, String>> {
    let mut csv = String::from("pupil,date,session,mark,minutes_late\n");
    for (pupil, marks) in &test.marks {
        let quoted = format!("\"{}\"", pupil.replace('"', "\"\""));
        for m in marks {
            let code = format!("\"{}\"", m.code.replace('"', "\"\""));
            let minutes = m.minutes_late.map_or_else(String::new, |n| n.to_string());
            csv.push_str(&format!("{quoted},{},{},{code},{minutes}\n", m.date, m.session.short()));
        }
    }
    let path = scratch_file();
    std::fs::write(&path, csv)?;
    let result = engine::run_collecting(rules, std::slice::from_ref(&path), &RunOptions::new(false));
    let _ = std::fs::remove_file(&path);
    match result {
        Ok(output) => Ok(Ok(output)),
        Err(RunError::Io(e)) => Err(e),
        Err(other) => Ok(Err(other.to_string())),
    }
}

/// A file of this process's own for a test's register.
fn scratch_file() -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("attend-test-{}-{n}.csv", std::process::id()))
}

/// The id of a file in `sources`, for expectations to quote their text.
pub(crate) fn quote(sources: &SourceMap, file: FileId, span: Span) -> String {
    sources
        .file(file)
        .text
        .get(span.start..span.end)
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
