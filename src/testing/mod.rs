//! Policy tests (`*.attend-test`): pupils' registers written compactly and
//! what the policy must and must not do with them, run through the same
//! compiler and engine as `attend run`.

mod check;
mod coverage;
mod expect;
mod marks;

pub use expect::Failure;
pub use marks::{MarksError, TestMark, read as read_marks};

pub use coverage::{Coverage, Item, Step};

use crate::compile::RuleSet;
use crate::diagnostics::Diagnostic;
use crate::engine::{self, RunError, RunOptions, RunOutput};
use crate::model::Typer;
use crate::regulations::Regimes;
use crate::source::SourceMap;
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
    /// What the tests exercise, when asked for.
    pub coverage: Option<Coverage>,
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
/// must be in (by default the test file's own); with `coverage`, says what
/// the tests exercise and runs them against each threshold moved one step.
pub fn run_file(
    sources: &mut SourceMap,
    path: &Path,
    regimes: &Regimes,
    root: Option<&Path>,
    coverage: bool,
) -> std::io::Result<FileResult> {
    let mut result = FileResult {
        path: path.to_path_buf(),
        policy: None,
        tests: Vec::new(),
        diagnostics: Vec::new(),
        coverage: None,
    };
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
    let Some((policy, rules)) = check::policy(&tree.policy, path, regimes, root, &mut result.diagnostics)
    else {
        return Ok(result);
    };
    result.policy = Some(policy);
    let mut typer = Typer::default();
    let tests: Vec<Option<Test>> =
        tree.tests.iter().map(|t| check::check(t, &rules, &mut typer, &mut result.diagnostics)).collect();
    result.diagnostics.extend(typer.diagnostics);
    if !result.diagnostics.is_empty() {
        crate::diagnostics::sort(&mut result.diagnostics);
        return Ok(result);
    }
    let tests: Vec<Test> = tests.into_iter().flatten().collect();
    let mut runs = Vec::new();
    for test in &tests {
        let line = sources.line_col(file, test.case.span.start).line;
        let output = run(&rules, test)?;
        let failures = match &output {
            Ok(output) => expect::failures(test, output, sources, file),
            Err(message) => vec![Failure::refused(message.clone())],
        };
        result.tests.push(TestResult { name: test.case.name.node.clone(), line, failures });
        runs.push(output);
    }
    if coverage {
        result.coverage = Some(coverage::measure(&rules, &tests, &runs, sources, file)?);
    }
    Ok(result)
}

/// A test whose pupils' marks are read and whose expectations name things
/// the policy has.
pub(crate) struct Test<'a> {
    pub case: &'a ast::TestCase,
    pub marks: Vec<(String, Vec<marks::TestMark>)>,
    /// What a pupils file would say of the test's pupils.
    pub details: Vec<(String, crate::register::PupilDetails)>,
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
    let mut options = RunOptions::new(false);
    if !test.details.is_empty() {
        let pupils = crate::register::Pupils::from_details(test.details.clone());
        options.pupils = Some(std::sync::Arc::new(pupils));
    }
    let result = engine::run_collecting(rules, std::slice::from_ref(&path), &options);
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
