//! One fixture per malformed policy under `tests/fixtures/invalid/`, each with
//! a snapshot of its rendered diagnostic. A fixture's name starts with the code
//! it exists to show (`t003-...` shows T003).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use std::collections::BTreeSet;
use std::path::Path;

fn expected_code(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy();
    name.split('-').next().unwrap().to_ascii_uppercase()
}

#[test]
fn every_invalid_fixture_reports_its_code() {
    insta::glob!("fixtures/invalid/*.attend", |path| {
        let (_, diagnostics) = common::check(path);
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.id()).collect();
        assert!(
            codes.contains(&expected_code(path).as_str()),
            "{}: expected {}, got {codes:?}",
            path.display(),
            expected_code(path)
        );
        insta::assert_snapshot!(common::rendered(path));
    });
}

#[test]
fn every_language_code_has_a_failing_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let shown: BTreeSet<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "attend"))
        .map(|p| expected_code(&p))
        .collect();
    for code in attend::check::all_codes() {
        let id = code.id();
        if id.starts_with('C') || id.starts_with('E') {
            continue; // compliance and test-file codes have fixtures of their own
        }
        if id == "P007" {
            continue; // an internal error: no policy can show it unless attend is at fault
        }
        assert!(shown.contains(id), "no fixture in tests/fixtures/invalid shows {id}");
    }
}

#[test]
fn json_output_locates_each_diagnostic_in_characters() {
    let path = Path::new("tests/fixtures/invalid/p002-windows-1252.attend");
    let (sources, diagnostics) = common::check(path);
    let json: serde_json::Value =
        serde_json::from_str(&attend::diagnostics::render::json(&sources, &diagnostics)).unwrap();
    let first = &json["diagnostics"][0];
    assert_eq!(first["code"], "P002");
    assert_eq!(first["line"], 1);
    assert_eq!(first["column"], 12);
    assert_eq!(json["summary"]["errors"], 1);
}

#[test]
fn ladders_in_order_report_nothing() {
    insta::glob!("fixtures/ladders/*.attend", |path| {
        let (_, diagnostics) = common::check(path);
        assert!(diagnostics.is_empty(), "{}: {diagnostics:#?}", path.display());
        insta::assert_snapshot!(common::rendered(path));
    });
}
