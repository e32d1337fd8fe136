//! `attend fmt`: idempotent, keeps comments, and never changes meaning. For
//! every shipped policy and every fixture that parses, formatting twice equals
//! formatting once, and the formatted text parses to the same tree and model.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use attend::source::{FileId, SourceMap};
use attend::syntax;
use std::path::{Path, PathBuf};

fn parseable_files() -> Vec<PathBuf> {
    let mut files = common::shipped_policies();
    files.extend(attend::check::policy_files(&[PathBuf::from("tests/fixtures")]).unwrap());
    files.retain(|p| {
        let text = std::fs::read(p).ok().and_then(|b| String::from_utf8(b).ok());
        text.is_some_and(|t| syntax::parse(FileId(0), &t).is_ok())
    });
    files
}

fn tree_json(text: &str) -> serde_json::Value {
    let tree = syntax::parse(FileId(0), text).unwrap();
    let mut json = serde_json::to_value(&tree).unwrap();
    json.as_object_mut().unwrap().remove("comments");
    common::without_spans(json)
}

/// The model of `text` read as if it were the file at `path` (so `extends`
/// finds the same bases), with spans removed.
fn model_json(path: &Path, text: &str) -> Option<serde_json::Value> {
    let mut sources = SourceMap::new();
    let file = sources.add(path, text.to_string());
    let folder = path.parent().unwrap().canonicalize().unwrap();
    let resolved = attend::model::resolve_file(&mut sources, file, &folder);
    resolved.policy.map(|p| common::without_spans(serde_json::to_value(p).unwrap()))
}

#[test]
fn formatting_is_idempotent_and_keeps_meaning() {
    let files = parseable_files();
    assert!(files.len() > 20, "{files:?}");
    for path in files {
        let original = std::fs::read_to_string(&path).unwrap();
        let tree = syntax::parse(FileId(0), &original).unwrap();
        let once = syntax::format::format(&tree, &original);
        let twice = syntax::format::format(&syntax::parse(FileId(0), &once).unwrap(), &once);
        assert_eq!(once, twice, "{}: formatting twice differs", path.display());
        assert_eq!(tree_json(&original), tree_json(&once), "{}: formatting changed the tree", path.display());
        assert_eq!(
            model_json(&path, &original),
            model_json(&path, &once),
            "{}: formatting changed the model",
            path.display()
        );
    }
}

/// Every policy test file shipped or used as a fixture that parses.
fn parseable_test_files() -> Vec<PathBuf> {
    let mut files =
        attend::testing::test_files(&[PathBuf::from("policies"), PathBuf::from("tests/fixtures")]).unwrap();
    files.retain(|p| std::fs::read_to_string(p).is_ok_and(|t| syntax::parse_tests(FileId(0), &t).is_ok()));
    files
}

#[test]
fn test_files_format_idempotently_and_keep_their_tree_and_comments() {
    let files = parseable_test_files();
    assert!(files.len() >= 10, "{files:?}");
    for path in files {
        let original = std::fs::read_to_string(&path).unwrap();
        let tree = syntax::parse_tests(FileId(0), &original).unwrap();
        let once = syntax::format::format_tests(&tree, &original);
        let again = syntax::parse_tests(FileId(0), &once).unwrap();
        assert_eq!(
            once,
            syntax::format::format_tests(&again, &once),
            "{}: formatting twice differs",
            path.display()
        );
        let json = |t: &syntax::ast::TestFile| {
            let mut json = serde_json::to_value(t).unwrap();
            json.as_object_mut().unwrap().remove("comments");
            common::without_spans(json)
        };
        assert_eq!(json(&tree), json(&again), "{}: formatting changed the tree", path.display());
        let comments =
            |t: &syntax::ast::TestFile| t.comments.iter().map(|c| c.node.clone()).collect::<Vec<_>>();
        assert_eq!(comments(&tree), comments(&again), "{}", path.display());
    }
}

#[test]
fn every_comment_survives_formatting() {
    for path in parseable_files() {
        let original = std::fs::read_to_string(&path).unwrap();
        let tree = syntax::parse(FileId(0), &original).unwrap();
        let formatted = syntax::format::format(&tree, &original);
        let after = syntax::parse(FileId(0), &formatted).unwrap();
        let before: Vec<&str> = tree.comments.iter().map(|c| c.node.as_str()).collect();
        let kept: Vec<&str> = after.comments.iter().map(|c| c.node.as_str()).collect();
        assert_eq!(before, kept, "{}", path.display());
    }
}

#[test]
fn messy_layout_becomes_canonical() {
    let messy = "school \"Oak\" {effective 2025-09-01}\n\n\n\nregister am {opens 8:35 closes after 1 minutes} # short\nrule \"r\" { when (attendance < 96% over year to date or sessions(\"#\", L) >= 3) and absence >= 1% then letter \"x\" once per half term }\n";
    let tree = syntax::parse(FileId(0), messy).unwrap();
    insta::assert_snapshot!(syntax::format::format(&tree, messy), @r##"
    school "Oak" {
        effective 2025-09-01
    }

    register am {
        opens 08:35
        closes after 1 minute
    }  # short
    rule "r" {
        when (attendance < 96% over year to date or sessions("#", L) >= 3) and absence >= 1%
        then letter "x"
        once per half term
    }
    "##);
}

#[test]
fn fmt_reads_standard_input_and_shows_a_diff() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let policy = std::fs::read_to_string("policies/stanborough.attend").unwrap();
    let untidy = policy.replacen("    opens 08:35", "  opens 08:35", 1);
    let run = |args: &[&str], input: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_attend"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run(&["fmt", "-"], &untidy);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), policy);
    let out = run(&["fmt", "--diff", "-"], &untidy);
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(diff.contains("\n-  opens 08:35\n+    opens 08:35\n"), "{diff}");
    let out = run(&["fmt", "--diff", "-"], &policy);
    assert!(out.status.success() && out.stdout.is_empty());
    // A test file is recognised by its first statement.
    let tests = std::fs::read_to_string("policies/stanborough.attend-test").unwrap();
    assert_eq!(String::from_utf8(run(&["fmt", "-"], &tests).stdout).unwrap(), tests);
}
