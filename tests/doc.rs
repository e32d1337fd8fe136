//! `attend doc`: each shipped school's policy written from its rules, as
//! Markdown (snapshotted, read by hand) and as one HTML page.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

use std::process::Command;

fn doc(policy: &str, format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_attend"))
        .args(["doc", policy, "--format", format, "--as-of", "2026-11-23"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn each_school_policy_is_written_for_parents() {
    insta::glob!(concat!(env!("CARGO_MANIFEST_DIR"), "/policies"), "*.attend", |path| {
        let text = doc(path.to_str().unwrap(), "markdown");
        // The statements of the policy, the law, the codes, and the stamp.
        assert!(text.contains("## What the law requires of every school"), "{text}");
        assert!(text.contains("| code | meaning | category |"), "{text}");
        assert!(text.contains("checked on 2026-11-23"), "{text}");
        insta::assert_snapshot!(text.replace(env!("CARGO_PKG_VERSION"), "VERSION"));
    });
}

#[test]
fn what_a_policy_leaves_unstated_is_said() {
    let text = doc("policies/inspire-template.attend", "markdown");
    assert!(
        text.contains("The policy does not state when the afternoon register is taken and closed."),
        "{text}"
    );
    assert!(text.contains("the number of absences at which a penalty notice is considered"), "{text}");
    assert!(
        text.contains("Please tell us on every day of absence (the policy does not state by what time).")
    );
    assert!(
        text.contains("The policy does not state the time by which parents tell the school of an absence.")
    );
}

#[test]
fn the_html_page_stands_alone() {
    let page = doc("policies/slade.attend", "html");
    assert!(
        page.starts_with("<!DOCTYPE html>")
            && page.contains("<h1>Slade Primary School: attendance policy</h1>")
    );
    assert!(
        !page.contains("<script") && !page.contains("http://") && !page.contains("src="),
        "the page loads nothing"
    );
}
