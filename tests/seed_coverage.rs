//! `docs/seed-coverage.md` kept honest: its counts are its rows, every
//! `file:line` it cites is a line of policy in `policies/`, and every rule it
//! says is expressible, added to its school's policy, parses and passes
//! `attend check` without a new error.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use std::collections::BTreeMap;

struct Row {
    seed: String,
    number: String,
    status: String,
    detail: String,
}

fn rows(text: &str) -> Vec<Row> {
    let mut seed = String::new();
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("## Seed ") {
            seed = rest.chars().take(3).collect();
        }
        let cells: Vec<&str> = line.split(" | ").collect();
        if line.starts_with("| ") && cells.len() >= 5 && cells[0][2..].parse::<u32>().is_ok() {
            out.push(Row {
                seed: seed.clone(),
                number: cells[0][2..].to_string(),
                status: cells[3].to_string(),
                detail: cells[4..].join(" | "),
            });
        }
    }
    out
}

fn summary(text: &str) -> BTreeMap<String, [usize; 4]> {
    let after = text.split("## Summary").nth(1).expect("a summary");
    after
        .lines()
        .filter(|l| l.starts_with("| 0"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            let n = |i: usize| cells[i].parse::<usize>().unwrap();
            (cells[0][..3].to_string(), [n(1), n(2), n(3), n(4)])
        })
        .collect()
}

#[test]
fn the_counts_are_the_rows() {
    let text = std::fs::read_to_string("docs/seed-coverage.md").unwrap();
    let rows = rows(&text);
    let mut counted: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    for row in &rows {
        let slot = match row.status.as_str() {
            "encoded" => 0,
            "expressible" => 1,
            "not expressible" => 2,
            other => panic!("seed {} #{}: unknown status {other:?}", row.seed, row.number),
        };
        let counts = counted.entry(row.seed.clone()).or_default();
        counts[slot] += 1;
        counts[3] += 1;
    }
    assert_eq!(counted, summary(&text));
    let all = |i: usize| counted.values().map(|c| c[i]).sum::<usize>();
    let total =
        format!("| **all five** | **{}** | **{}** | **{}** | **{}** |", all(0), all(1), all(2), all(3));
    assert!(text.contains(&total), "the total row should read {total}");
}

#[test]
fn every_cited_line_is_policy() {
    let text = std::fs::read_to_string("docs/seed-coverage.md").unwrap();
    let mut cited = 0;
    for row in rows(&text) {
        for part in row.detail.split('`').skip(1).step_by(2) {
            let Some((file, lines)) = part.split_once(".attend:") else { continue };
            let path = format!("policies/{file}.attend");
            let policy =
                std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("#{}: no {path}", row.number));
            let policy: Vec<&str> = policy.lines().collect();
            let (from, to) = lines.split_once('-').unwrap_or((lines, lines));
            let (from, to) = (from.parse::<usize>().unwrap(), to.parse::<usize>().unwrap());
            assert!(
                1 <= from && from <= to && to <= policy.len(),
                "seed {} #{}: {part}",
                row.seed,
                row.number
            );
            let first = policy[from - 1].trim();
            assert!(
                !first.is_empty() && !first.starts_with('#'),
                "seed {} #{}: {part} is a blank or comment line",
                row.seed,
                row.number
            );
            cited += 1;
        }
    }
    assert!(cited >= 200, "only {cited} lines cited");
}

#[test]
fn every_expressible_rule_passes_the_checker() {
    let text = std::fs::read_to_string("docs/seed-coverage.md").unwrap();
    let dir = tempfile::tempdir().unwrap();
    common::copy_folder(std::path::Path::new("policies"), dir.path());
    // Each school's expressible rules, in the page's order, added together to
    // its policy (a later stage may follow an earlier one).
    let mut by_school: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for row in rows(&text).into_iter().filter(|r| r.status == "expressible") {
        let school = match row.seed.as_str() {
            "000" => "inspire-template",
            "001" => "slade",
            "002" => "stanborough",
            "003" => "jam-academy",
            _ if row.detail.contains("summerfield") => "summerfield",
            _ => "heelands",
        };
        for part in row.detail.split('`').skip(1).step_by(2) {
            if part.starts_with("rule \"") || part.starts_with("report \"") {
                let label = format!("seed {} #{}", row.seed, row.number);
                by_school.entry(school).or_default().push((label, part.to_string()));
            }
        }
    }
    for (school, snippets) in &by_school {
        let mut policy = std::fs::read_to_string(format!("policies/{school}.attend")).unwrap();
        let mut starts = Vec::new();
        for (label, snippet) in snippets {
            starts.push((policy.lines().count() as u64 + 1, label, snippet));
            policy.push_str(snippet);
            policy.push('\n');
        }
        let path = dir.path().join(format!("{school}.attend"));
        std::fs::write(&path, &policy).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_attend"))
            .args(["check", path.to_str().unwrap(), "--as-of", "2026-11-23", "--format", "json"])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let first = starts.first().map_or(u64::MAX, |s| s.0);
        for d in json["diagnostics"].as_array().unwrap() {
            let line = d["line"].as_u64().unwrap_or(0);
            let here = d["file"].as_str() == path.to_str();
            if d["severity"] == "error" && here && line >= first {
                let (_, label, snippet) = starts.iter().rev().find(|s| s.0 <= line).unwrap();
                panic!("{label}: `{snippet}` gives {} {}", d["code"], d["message"]);
            }
        }
    }
}
