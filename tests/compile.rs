//! The rule set of every school in `policies/`, snapshotted: what each policy
//! compiles to, including the statutory duties its regulations add.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

use attend::compile;
use attend::regulations::Regimes;
use std::path::Path;

#[test]
fn every_school_policy_compiles_to_its_rule_set() {
    insta::glob!(concat!(env!("CARGO_MANIFEST_DIR"), "/policies"), "*.attend", |path| {
        let relative = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
        let rules = match compile::load(relative, &Regimes::embedded(), None) {
            Ok(rules) => rules,
            Err(_) => panic!("{} does not compile", relative.display()),
        };
        insta::assert_json_snapshot!(rules);
    });
}

#[test]
fn a_rule_set_written_out_runs_the_same_as_its_policy() {
    let policy = Path::new("policies/stanborough.attend");
    let rules = match compile::load(policy, &Regimes::embedded(), None) {
        Ok(rules) => rules,
        Err(_) => panic!("compiles"),
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("stanborough.json");
    std::fs::write(&file, serde_json::to_string_pretty(&rules).unwrap()).unwrap();
    let read_back = match compile::load(&file, &Regimes::embedded(), None) {
        Ok(rules) => rules,
        Err(_) => panic!("reads back"),
    };
    assert_eq!(read_back, rules);
}

#[test]
fn a_rule_set_of_another_version_is_refused() {
    let text = r#"{"format": "attend-ruleset", "version": 99}"#;
    let error = compile::read_rule_set(text.as_bytes()).unwrap_err().to_string();
    assert!(error.contains("version 99"), "{error}");
    let other = compile::read_rule_set(br#"{"format": "other"}"#).unwrap_err().to_string();
    assert!(other.contains("not a rule set"), "{other}");
}

#[test]
fn a_rule_set_of_the_first_format_is_refused_with_a_way_forward() {
    let text = r#"{"format": "attend-ruleset", "version": 1, "rules": []}"#;
    let error = compile::read_rule_set(text.as_bytes()).unwrap_err().to_string();
    assert!(error.contains("version 1 cannot be read"), "{error}");
    assert!(error.contains("compile the policy again"), "{error}");
}

#[test]
fn a_hand_edited_rule_set_with_a_zero_window_is_refused() {
    let rules = match compile::load(Path::new("policies/stanborough.attend"), &Regimes::embedded(), None) {
        Ok(rules) => rules,
        Err(_) => panic!("compiles"),
    };
    let text = serde_json::to_string(&rules)
        .unwrap()
        .replace("\"rolling_school_weeks\":10", "\"rolling_school_weeks\":0");
    let error = compile::read_rule_set(text.as_bytes()).unwrap_err().to_string();
    assert!(error.contains("window of zero"), "{error}");
}

#[test]
fn a_base_policy_alone_does_not_compile() {
    match compile::load(Path::new("policies/trusts/atlp-trust.attend"), &Regimes::embedded(), None) {
        Err(error @ compile::CompileError::Choice(_)) => {
            assert!(error.to_string().contains("base policy"), "{error}")
        }
        _ => panic!("a base has no school to compile"),
    }
}

#[test]
fn a_hand_edited_rule_set_with_an_enormous_window_is_refused() {
    let rules = compile::load(Path::new("policies/stanborough.attend"), &Regimes::embedded(), None).unwrap();
    let text = serde_json::to_string(&rules)
        .unwrap()
        .replace("\"rolling_school_weeks\":10", "\"rolling_weeks\":4000000000");
    let error = compile::read_rule_set(text.as_bytes()).unwrap_err().to_string();
    assert!(error.contains("window"), "{error}");
}
