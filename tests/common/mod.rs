#![allow(dead_code)]

pub mod process;
pub mod registers;

use attend::check::{self, CheckOptions, Selection};
use attend::diagnostics::{Diagnostic, render};
use attend::regulations::Regimes;
use attend::source::SourceMap;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The day all tests check on, so findings about dates do not drift.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

pub fn options() -> CheckOptions {
    CheckOptions { regimes: Regimes::embedded(), today: today(), selection: Selection::all(), root: None }
}

/// A path relative to the package root, as the snapshots show it.
pub fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path).to_path_buf()
}

pub fn check_with(path: &Path, options: &CheckOptions) -> (SourceMap, Vec<Diagnostic>) {
    let mut sources = SourceMap::new();
    let diagnostics = check::check_file(&mut sources, &relative(path), options).expect("fixture is readable");
    (sources, diagnostics)
}

pub fn check(path: &Path) -> (SourceMap, Vec<Diagnostic>) {
    check_with(path, &options())
}

pub fn rendered(path: &Path) -> String {
    let (sources, diagnostics) = check(path);
    render::human(&sources, &diagnostics, false)
}

/// The policy files shipped in `policies/`.
pub fn shipped_policies() -> Vec<PathBuf> {
    check::policy_files(&[PathBuf::from("policies")]).unwrap()
}

/// Removes every `span` from a serialised tree or model, so two parses of
/// differently laid out text can be compared for meaning.
pub fn without_spans(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter().filter(|(k, _)| k != "span").map(|(k, v)| (k, without_spans(v))).collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_spans).collect()),
        other => other,
    }
}

/// A copy of a folder and everything in it.
pub fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}
