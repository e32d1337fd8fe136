//! Any bytes given as a policy end in a diagnostic with a location, or in a
//! clean check: never a panic, a hang or a stack overflow.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use attend::check;
use attend::diagnostics::Diagnostic;
use attend::source::SourceMap;
use std::path::Path;

fn check_bytes(bytes: &[u8]) -> (SourceMap, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.attend");
    std::fs::write(&path, bytes).unwrap();
    let mut sources = SourceMap::new();
    let diagnostics = check::check_file(&mut sources, &path, &common::options()).unwrap();
    (sources, diagnostics)
}

/// The first diagnostic's code and one-based line and column.
fn first(bytes: &[u8]) -> (String, usize, usize) {
    let (sources, diagnostics) = check_bytes(bytes);
    let d = diagnostics.first().expect("a diagnostic");
    let at = sources.line_col(d.label.span.file, d.label.span.start);
    (d.code.id().to_string(), at.line, at.column)
}

fn stanborough() -> String {
    std::fs::read_to_string("policies/stanborough.attend").unwrap()
}

#[test]
fn invalid_utf8_is_located_at_the_first_bad_byte() {
    assert_eq!(first(b"school \"Oak\" {\n    effective 2025-09-01\n}\n# caf\xe9\n"), ("P002".into(), 4, 6));
}

#[test]
fn an_empty_file_is_reported() {
    assert_eq!(first(b""), ("P004".into(), 1, 1));
}

#[test]
fn a_binary_file_is_reported() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let (code, _, _) = first(&bytes);
    assert!(code == "P003" || code == "P002", "{code}");
    assert_eq!(first(b"\x00\x01\x02").0, "P003");
}

#[test]
fn a_ten_megabyte_file_ends_in_a_located_diagnostic() {
    let mut text = String::from("school \"Oak\" {\n    effective 2025-09-01\n}\n");
    let line = "# a long policy written by someone who likes comments very much indeed\n";
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(line);
    }
    let lines = text.lines().count();
    text.push_str("nonsense here\n");
    assert_eq!(first(text.as_bytes()), ("P001".into(), lines + 1, 1));
}

#[test]
fn ten_thousand_nested_braces_do_not_overflow() {
    let text = format!("school \"Oak\" {{\n    effective 2025-09-01\n}}\n{}", "{".repeat(10_000));
    assert_eq!(first(text.as_bytes()), ("P001".into(), 4, 1));
}

#[test]
fn ten_thousand_nested_brackets_do_not_overflow() {
    let text = format!(
        "school \"Oak\" {{\n    effective 2025-09-01\n}}\nrule \"r\" {{\n    when {}attendance < 90%{}\n    then letter \"x\"\n}}\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    assert_eq!(first(text.as_bytes()), ("P005".into(), 5, 74));
}

#[test]
fn unbalanced_brackets_alone_do_not_overflow() {
    let text =
        format!("school \"Oak\" {{ effective 2025-09-01 }}\npersistent absence when {}", "(".repeat(100_000));
    assert_eq!(first(text.as_bytes()).0, "P005");
}

#[test]
fn a_file_that_stops_mid_statement_is_located_at_its_end() {
    let text = stanborough();
    let cut = text.find("then letter").unwrap() + "then lett".len();
    let (code, line, _) = first(&text.as_bytes()[..cut]);
    assert_eq!(code, "P001");
    assert_eq!(line, text[..cut].lines().count());
}

#[test]
fn tabs_crlf_and_a_bom_read_the_same_as_plain_text() {
    let plain = stanborough();
    let variant = format!("\u{feff}{}", plain.replace("    ", "\t").replace('\n', "\r\n"));
    let (_, plain_found) = check_bytes(plain.as_bytes());
    let (_, variant_found) = check_bytes(variant.as_bytes());
    let codes = |d: &[Diagnostic]| d.iter().map(|d| d.code.id()).collect::<Vec<_>>();
    assert_eq!(codes(&plain_found), codes(&variant_found));
    assert!(!variant_found.iter().any(|d| d.code.id().starts_with('P')), "{variant_found:#?}");
}

#[test]
fn a_bom_alone_is_an_empty_policy() {
    assert_eq!(first("\u{feff}".as_bytes()).0, "P004");
}

/// Cuts, duplicates and replaces bytes of a real policy at many places: every
/// variant must be read to a result without panicking.
#[test]
fn damaged_policies_never_panic() {
    let original = stanborough().into_bytes();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let junk: &[u8] = b"{}()\"#%:,=<>0123456789 \n\tabc\xff\x00\xc3\xa3";
    for _ in 0..300 {
        let mut bytes = original.clone();
        for _ in 0..1 + next() % 4 {
            let at = (next() as usize) % bytes.len();
            match next() % 3 {
                0 => {
                    bytes.truncate(at.max(1));
                }
                1 => bytes.insert(at, junk[(next() as usize) % junk.len()]),
                _ => bytes[at] = junk[(next() as usize) % junk.len()],
            }
        }
        let (sources, diagnostics) = check_bytes(&bytes);
        for d in &diagnostics {
            let text = &sources.file(d.label.span.file).text;
            assert!(d.label.span.start <= text.len(), "span outside the file: {d:?}");
        }
    }
}

#[test]
fn a_missing_file_is_an_io_error_not_a_diagnostic() {
    let mut sources = SourceMap::new();
    assert!(check::check_file(&mut sources, Path::new("no/such/policy.attend"), &common::options()).is_err());
}
