//! The `attend` binary: exit codes, output formats, and the commands' contracts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use common::process::{attend, stdout};

#[test]
fn checking_the_shipped_policies_finds_only_compliance_findings() {
    let out = attend(&["check", "policies", "--today", "2026-11-23", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let codes: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    // N015 shows each number a seed leaves unstated.
    assert!(codes.iter().all(|c| c.starts_with('C') || *c == "N015"), "{codes:?}");
    // Two seeds break the regulations (see the README's table), so the check fails.
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn warnings_alone_pass_unless_denied() {
    let path = "tests/fixtures/compliance/fail/c701-school-week-short.attend";
    assert_eq!(attend(&["check", path, "--today", "2026-11-23"]).status.code(), Some(0));
    assert_eq!(
        attend(&["check", path, "--today", "2026-11-23", "--deny", "warnings"]).status.code(),
        Some(1)
    );
    let clean = "tests/fixtures/compliance/pass/c701-school-week-short.attend";
    assert_eq!(
        attend(&["check", clean, "--today", "2026-11-23", "--deny", "warnings"]).status.code(),
        Some(0)
    );
}

#[test]
fn an_error_exits_1_and_names_the_file() {
    let out = attend(&["check", "tests/fixtures/invalid/t003-day-ends-before-it-starts.attend"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("T003"), "{text}");
    assert!(text.contains("t003-day-ends-before-it-starts.attend:7:10"), "{text}");
}

#[test]
fn a_missing_path_exits_2() {
    let out = attend(&["check", "no/such/place.attend"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/place.attend"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(attend(&["check"]).status.code(), Some(2));
    assert_eq!(attend(&["check", "policies", "--format", "xml"]).status.code(), Some(2));
}

#[test]
fn fmt_check_names_files_that_would_change_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.attend");
    let text = "school \"Oak\" { effective 2025-09-01 }\n";
    std::fs::write(&messy, text).unwrap();
    let out = attend(&["fmt", "--check", messy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("messy.attend"));
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), text);

    let out = attend(&["fmt", messy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), "school \"Oak\" {\n    effective 2025-09-01\n}\n");
    assert_eq!(attend(&["fmt", "--check", messy.to_str().unwrap()]).status.code(), Some(0));
}

#[test]
fn fmt_check_is_clean_on_the_shipped_policies() {
    let out = attend(&["fmt", "--check", "policies"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn fmt_refuses_a_file_that_does_not_parse() {
    let out = attend(&["fmt", "tests/fixtures/invalid/p006-unclosed-quote.attend"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("P006"));
}

#[test]
fn explain_knows_every_code() {
    for code in attend::check::all_codes() {
        let out = attend(&["explain", code.id()]);
        assert_eq!(out.status.code(), Some(0));
        let text = stdout(&out);
        assert!(text.starts_with(code.id()), "{text}");
        assert!(text.contains("Before:") && text.contains("After:"), "{text}");
    }
    assert_eq!(attend(&["explain", "Z999"]).status.code(), Some(2));
}

/// The codes `attend check --format json` reports, with the given extra arguments.
fn codes_found(paths: &[&str], extra: &[&str]) -> Vec<String> {
    let mut args = vec!["check", "--today", "2026-11-23", "--format", "json"];
    args.extend(paths);
    args.extend(extra);
    let out = attend(&args);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn ignore_leaves_a_check_out() {
    assert!(codes_found(&["policies/"], &[]).iter().any(|c| c == "C703"));
    let found = codes_found(&["policies/"], &["--ignore", "C703"]);
    assert!(!found.is_empty() && !found.iter().any(|c| c == "C703"), "{found:?}");
    let found = codes_found(&["policies/"], &["--ignore", "C7", "--ignore", "C5,c103"]);
    assert!(found.iter().any(|c| c == "C205"), "{found:?}");
    assert!(!found.iter().any(|c| c.starts_with("C7") || c.starts_with("C5") || c == "C103"), "{found:?}");
}

#[test]
fn select_runs_only_the_checks_named_and_keeps_language_errors() {
    // Language findings are never left out: N015 shows a number not stated.
    let found = codes_found(&["policies/"], &["--select", "C2"]);
    assert!(!found.is_empty() && found.iter().all(|c| c.starts_with("C2") || c == "N015"), "{found:?}");
    let invalid = "tests/fixtures/invalid/t003-register-closes-before-it-opens.attend";
    let found = codes_found(&["policies/", invalid], &["--select", "C2"]);
    assert!(found.iter().any(|c| c == "T003"), "{found:?}");
    assert!(found.iter().all(|c| c.starts_with("C2") || c == "T003" || c == "N015"), "{found:?}");
    let found = codes_found(&["policies/"], &["--select", "C101,C7", "--ignore", "C703,C704"]);
    assert!(found.iter().any(|c| c == "C101"), "{found:?}");
    assert!(found.iter().all(|c| ["C101", "C701", "C702", "N015"].contains(&c.as_str())), "{found:?}");
}

#[test]
fn an_unknown_code_to_select_or_ignore_exits_2() {
    for (option, item) in [("--ignore", "C999"), ("--select", "X1"), ("--select", "T003")] {
        let out = attend(&["check", "policies/", "--today", "2026-11-23", option, item]);
        assert_eq!(out.status.code(), Some(2), "{option} {item}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("{option} {item}")), "{stderr}");
        assert!(stderr.contains("C101"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn codes_prints_the_table_in_force() {
    let out = attend(&["codes", "--on", "2023-01-01"]);
    let text = stdout(&out);
    assert!(text.starts_with("england-2006"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("H ")), "{text}");
    let text = stdout(&attend(&["codes", "--regime", "england-2024"]));
    assert!(text.lines().any(|l| l.starts_with("J1 ")), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("H ")), "{text}");
}

#[test]
fn run_prints_events_and_summaries_for_the_shipped_example() {
    let out = attend(&[
        "run",
        "policies/stanborough.attend",
        "--register",
        "examples/stanborough-2024-25-synthetic.csv",
        "--summary",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.starts_with("46080 marks, 120 pupils, 192 school days"), "{text}");
    assert!(text.contains("attendance concern letter"));
    assert!(text.contains("national penalty-notice threshold"));
    assert!(text.contains("persistent"));
}

#[test]
fn run_accepts_a_compiled_rule_set_and_gives_the_same_events() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.json");
    let out = attend(&["compile", "policies/stanborough.attend", "-o", rules.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let register = "examples/stanborough-2024-25-synthetic.csv";
    let from_policy =
        attend(&["run", "policies/stanborough.attend", "--register", register, "--format", "jsonl"]);
    let from_rules = attend(&["run", rules.to_str().unwrap(), "--register", register, "--format", "jsonl"]);
    assert_eq!(stdout(&from_policy), stdout(&from_rules));
}

#[test]
fn a_bad_register_stops_the_run_before_any_result() {
    let out = attend(&[
        "run",
        "policies/stanborough.attend",
        "--register",
        "tests/fixtures/registers/bad/unknown-code.csv",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown-code.csv:3:18"));
}

#[test]
fn pseudonyms_hide_pupil_ids_and_are_stable_with_a_salt() {
    let args = [
        "run",
        "policies/stanborough.attend",
        "--register",
        "examples/ctf-sample.xml",
        "--summary",
        "--pseudonymise",
        "--salt",
        "trust secret kept by the trust",
    ];
    let first = stdout(&attend(&args));
    assert!(!first.contains("X00000000003C"), "{first}");
    assert!(first.contains("p-"));
    assert_eq!(first, stdout(&attend(&args)));
}

#[test]
fn csv_output_has_a_header_and_one_row_per_event() {
    let out = attend(&[
        "run",
        "policies/stanborough.attend",
        "--register",
        "examples/ctf-sample.xml",
        "--format",
        "csv",
    ]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "pupil,date,rule,action,action_name,value,unit,window_from,window_to,source");
    // The national threshold counts G, N, O and U; Stanborough's own counts G, O
    // and U, so it is a rule of its own, and both reach 10 sessions.
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[1].contains(",national penalty-notice threshold,consider-penalty-notice,,10,sessions,"));
    assert!(lines[2].contains(",penalty-notice threshold,consider-penalty-notice,,10,sessions,"));
}

/// JSON lines give numbers as numbers, with their unit, and actions with
/// their kind and name apart.
#[test]
fn json_lines_events_carry_typed_values_and_actions() {
    let out = attend(&[
        "run",
        "policies/stanborough.attend",
        "--register",
        "examples/stanborough-2024-25-synthetic.csv",
        "--format",
        "jsonl",
    ]);
    let events: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v["record"] == "event")
        .collect();
    let letter = events.iter().find(|e| e["action"]["kind"] == "letter").expect("a letter");
    assert_eq!(letter["unit"], "percent");
    assert!(letter["value"].is_f64(), "{letter}");
    assert_eq!(letter["action"]["name"], "attendance-concern");
    let late = events.iter().find(|e| e["unit"] == "time").expect("a lateness event");
    assert!(late["value"].as_str().is_some_and(|t| t.len() == 5 && t.contains(':')), "{late}");
    assert_eq!(late["action"]["kind"], "sanction");
    assert!(events.iter().all(|e| e["source"]["kind"] == "policy" || e["source"]["kind"] == "statutory"));
}

#[test]
fn a_policy_with_errors_does_not_run() {
    let out = attend(&[
        "run",
        "tests/fixtures/invalid/t003-register-closes-before-it-opens.attend",
        "--register",
        "examples/ctf-sample.xml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("T003"));
}

#[test]
fn jsonl_from_the_command_line_is_the_same_for_shuffled_and_split_registers() {
    let text = std::fs::read_to_string("examples/stanborough-2024-25-synthetic.csv").unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, rows: &[&str]| {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
        path.to_str().unwrap().to_string()
    };
    let run = |files: &[String]| {
        let mut args =
            vec!["run", "policies/stanborough.attend", "--format", "jsonl", "--summary", "--register"];
        args.extend(files.iter().map(String::as_str));
        let out = attend(&args);
        assert_eq!(out.status.code(), Some(0));
        stdout(&out)
    };
    let expected = run(&[write("sorted.csv", &lines)]);
    lines.reverse();
    assert_eq!(run(&[write("reversed.csv", &lines)]), expected);
    let (a, b) = lines.split_at(lines.len() / 3);
    assert_eq!(run(&[write("a.csv", a), write("b.csv", b)]), expected);
    for line in expected.lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("JSON lines");
    }
}

/// A regime file without a citation attend always reads is refused when it is
/// loaded, naming what is missing: a usage error (exit 2), never a crash.
#[test]
fn a_regime_missing_a_citation_is_refused_with_a_message() {
    let full = std::fs::read_to_string("src/regulations/regimes/england-2024.toml").unwrap();
    let start = full.find("[citations.regulations]").unwrap();
    let end = start + full[start + 1..].find("\n[").unwrap() + 1;
    let without = format!("{}{}", &full[..start], &full[end..]);
    let dir = tempfile::tempdir().unwrap();
    let regime = dir.path().join("england-2024.toml");
    std::fs::write(&regime, without).unwrap();
    let out = attend(&["check", "policies/jam-academy.attend", "--regulations", regime.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no citation \"regulations\""), "{stderr}");
    assert!(stderr.contains("[citations.regulations]"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The law in force on the day of the check decides: a policy written under
/// the 2006 regulations is held to the 2024 ones in 2026, and the finding
/// names the regime it rests on.
#[test]
fn a_policy_is_judged_against_the_regulations_in_force_on_the_day() {
    let check = |as_of: &str| {
        let out = attend(&["check", "policies/jam-academy.attend", "--as-of", as_of, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        (out.status.code(), json["diagnostics"].as_array().unwrap().clone())
    };
    let (status, found) = check("2026-11-23");
    assert_eq!(status, Some(1));
    let records = found.iter().find(|d| d["code"] == "C104").expect("records kept 3 years, not 6");
    assert_eq!(records["severity"], "error");
    assert_eq!(records["citation"]["regime"], "england-2024");
    assert!(found.iter().any(|d| d["code"] == "C704" && d["severity"] == "warning"));
    // In 2023 the 2006 regulations were in force, and the policy kept them.
    let (status, found) = check("2023-06-01");
    assert_eq!(status, Some(0), "{found:?}");
}

/// A regime the policy names but which is not in force on the day is also
/// applied; what only it finds is a warning that says so.
#[test]
fn what_only_the_named_regime_finds_is_a_warning_that_says_so() {
    let out = attend(&["check", "policies/stanborough.attend", "--as-of", "2024-01-01", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let found = json["diagnostics"].as_array().unwrap();
    let week = found.iter().find(|d| d["code"] == "C701").expect("the school week, under england-2024");
    assert_eq!(week["severity"], "warning");
    assert!(week["message"].as_str().unwrap().starts_with("under england-2024, which the policy names"));
    let amounts = found.iter().find(|d| d["code"] == "C201").expect("2024 amounts are not the 2006 ones");
    assert_eq!(amounts["citation"]["regime"], "england-2006");
}

/// Penalty amounts are judged against those in force on the day: in early
/// 2012 a first notice was £50 within 28 days or £100 within 42.
#[test]
fn penalty_amounts_are_those_in_force_on_the_day_of_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("old.attend");
    std::fs::write(
        &policy,
        "school \"Old School\" {\n    regulations england-2006\n    effective 2011-09-01\n}\n\
         register am { opens 08:40 closes 09:00 }\nregister pm { opens 13:00 closes 13:15 }\n\
         penalty notices {\n    first £60 within 21 days, £120 within 28 days\n}\n",
    )
    .unwrap();
    let found = |as_of: &str| {
        let out = attend(&["check", policy.to_str().unwrap(), "--as-of", as_of, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let early = found("2012-01-09");
    assert!(
        early
            .iter()
            .any(|m| m.contains("nationally on 2012-01-09 it is £50 within 28 days, £100 within 42 days")),
        "{early:?}"
    );
    let later = found("2014-01-06");
    assert!(!later.iter().any(|m| m.contains("penalty notice here")), "{later:?}");
}

/// Since August 2024 a notice for a suspended pupil in a public place keeps
/// the older amounts (£60 or £120): only attendance notices rose to £80 or £160.
#[test]
fn suspension_notices_keep_their_own_amounts() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, amounts: &str| {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            format!(
                "school \"Oak\" {{\n    regulations england-2024\n    effective 2025-09-01\n}}\n\
                 register am {{ opens 08:40 closes 09:00 }}\nregister pm {{ opens 13:00 closes 13:20 }}\n\
                 penalty notices {{\n    threshold sessions(unauthorised) >= 10 over rolling 10 school weeks\n    suspension {amounts}\n}}\n"
            ),
        )
        .unwrap();
        path
    };
    let codes = |path: std::path::PathBuf| {
        let out = attend(&["check", path.to_str().unwrap(), "--as-of", "2026-11-23", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(codes(write("right.attend", "£60 within 21 days, £120 within 28 days")).is_empty());
    let wrong = codes(write("wrong.attend", "£80 within 21 days, £160 within 28 days"));
    assert!(wrong.iter().any(|m| m.contains("the suspension penalty notice here is £80")), "{wrong:?}");
}

#[test]
fn explain_with_no_code_lists_every_code() {
    let out = attend(&["explain"]);
    assert_eq!(out.status.code(), Some(0));
    let listed = stdout(&out);
    for id in ["P001", "T001", "N001", "C101", "E001"] {
        assert!(listed.lines().any(|l| l.starts_with(id)), "{id} missing:\n{listed}");
    }
}

#[test]
fn checking_a_folder_with_no_policies_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = attend(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no policy files"));
}

#[test]
fn simulate_refuses_options_it_would_ignore() {
    let base = [
        "simulate",
        "policies/stanborough.attend",
        "--register",
        "examples/stanborough-2024-25-synthetic.csv",
    ];
    let vary = ["--vary", "rule \"attendance concern letter\" threshold 94%..96% step 1%"];
    for extra in [
        &[&vary[..], &["--html", "r.html"]].concat()[..],
        &[&vary[..], &["--against", "policies/stanborough.attend"]].concat()[..],
    ] {
        let out = attend(&[&base[..], extra].concat());
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
    }
    let trust = ["simulate", "--trust", "policies", "--registers", "examples"];
    for extra in [&["--html", "r.html"][..], &vary[..], &["--against", "policies/stanborough.attend"][..]] {
        let out = attend(&[&trust[..], extra].concat());
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be used with"), "{extra:?}");
    }
    assert!(!std::path::Path::new("r.html").exists());
}
