//! Policies written to attack the machine that checks them, as a pull request
//! to a trust's policy repository could be: each ends in a diagnostic within a
//! second, and nothing from outside the policy's folder reaches the output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use common::process::{attend_quickly, text};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const SCHOOL: &str = "school \"Oak\" {\n    regulations england-2024\n    effective 2025-09-01\n}\n";

fn check_all_formats(policy: &Path) -> Vec<(String, Duration)> {
    ["human", "json", "sarif", "github"]
        .iter()
        .map(|format| {
            let (out, took) = attend_quickly(&["check", policy.to_str().unwrap(), "--format", format]);
            assert_eq!(out.status.code(), Some(1), "{format}: {}", text(&out));
            (text(&out), took)
        })
        .collect()
}

#[test]
fn extends_cannot_read_a_file_outside_the_policy_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "AWS_SECRET=hunter2-do-not-print\n").unwrap();
    let policies = dir.path().join("policies");
    std::fs::create_dir(&policies).unwrap();
    let policy = policies.join("school.attend");
    std::fs::write(&policy, format!("extends \"../.env\"\n{SCHOOL}")).unwrap();
    for (output, took) in check_all_formats(&policy) {
        assert!(output.contains("N014"), "{output}");
        assert!(!output.contains("hunter2"), "{output}");
        assert!(took < Duration::from_secs(1), "{took:?}");
    }
}

/// A policy in `dir` extending `target` is refused with N014 for `reason`,
/// quickly, in every format, and nothing of the target is shown.
fn assert_extends_refused(dir: &Path, target: &str, reason: &str) {
    let policy = dir.join("school.attend");
    std::fs::write(&policy, format!("extends \"{target}\"\n{SCHOOL}")).unwrap();
    for (output, took) in check_all_formats(&policy) {
        assert!(output.contains("N014") && output.contains(reason), "{target}: {output}");
        assert!(!output.contains("root:x:0"), "{output}");
        assert!(took < Duration::from_secs(1), "{target}: {took:?}");
    }
}

#[test]
fn extends_cannot_name_an_absolute_path_or_a_device() {
    let dir = tempfile::tempdir().unwrap();
    for target in ["/proc/self/environ", "/dev/zero", "/dev/stdin", "/etc/passwd"] {
        assert_extends_refused(dir.path(), target, "absolute");
    }
}

#[cfg(unix)]
#[test]
fn extends_cannot_follow_a_link_out_of_the_folder_or_read_a_device() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.attend")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("passwd.attend")).unwrap();
    for target in ["zero.attend", "passwd.attend"] {
        assert_extends_refused(dir.path(), target, "outside");
    }
}

#[cfg(unix)]
#[test]
fn a_pipe_in_the_folder_is_not_a_policy_file() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("base.attend");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let policy = dir.path().join("school.attend");
    std::fs::write(&policy, format!("extends \"base.attend\"\n{SCHOOL}")).unwrap();
    let (out, took) = attend_quickly(&["check", policy.to_str().unwrap()]);
    assert!(text(&out).contains("N014") && text(&out).contains("not a regular file"), "{}", text(&out));
    assert!(took < Duration::from_secs(1));
    // Named directly, a pipe or a device is refused too: an I/O error, exit 2.
    let (out, took) = attend_quickly(&["check", "/dev/stdin"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(took < Duration::from_secs(1));
}

#[cfg(unix)]
#[test]
fn a_folder_with_symlink_loops_is_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("school.attend"), SCHOOL).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("again")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("and-again")).unwrap();
    let folder = dir.path().to_str().unwrap();
    for args in [vec!["check", folder], vec!["fmt", "--check", folder]] {
        let (out, took) = attend_quickly(&args);
        assert!(took < Duration::from_secs(1), "{args:?}: {took:?}");
        assert!(out.status.code().is_some(), "{}", text(&out));
    }
    let (out, _) = attend_quickly(&["check", folder]);
    assert!(text(&out).contains("checked 1 file"), "{}", text(&out));
}

#[test]
fn a_policy_may_extend_within_a_wider_root_given_with_root() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("trusts")).unwrap();
    std::fs::create_dir_all(dir.path().join("schools")).unwrap();
    std::fs::write(dir.path().join("trusts/base.attend"), "trust \"T\" {\n    effective 2025-09-01\n}\n")
        .unwrap();
    let policy = dir.path().join("schools/oak.attend");
    std::fs::write(&policy, "extends \"../trusts/base.attend\"\nschool \"Oak\" {\n}\n").unwrap();
    let (out, _) = attend_quickly(&["check", policy.to_str().unwrap()]);
    assert!(text(&out).contains("N014"), "{}", text(&out));
    let (out, _) =
        attend_quickly(&["check", policy.to_str().unwrap(), "--root", dir.path().to_str().unwrap()]);
    assert!(!text(&out).contains("N014"), "{}", text(&out));
}

#[cfg(unix)]
#[test]
fn a_device_given_as_the_policy_to_run_is_refused_at_once() {
    for command in ["run", "compile", "why"] {
        let mut args = vec![command, "/dev/zero"];
        if command != "compile" {
            args.extend(["--register", "examples/ctf-sample.xml"]);
        }
        if command == "why" {
            args.extend(["--pupil", "X00000000001A"]);
        }
        let (out, took) = attend_quickly(&args);
        assert_eq!(out.status.code(), Some(2), "{command}: {}", text(&out));
        assert!(text(&out).contains("not a regular file"), "{command}: {}", text(&out));
        assert!(took < Duration::from_secs(1), "{command}: {took:?}");
    }
}
