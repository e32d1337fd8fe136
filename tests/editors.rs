//! The editor grammar (`editors/vscode/syntaxes/attend.tmLanguage.json`)
//! knows every keyword of the language's grammar and no other, so a keyword
//! added to `grammar/keywords.pest` cannot be left unhighlighted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

use std::collections::BTreeSet;

#[test]
fn the_textmate_grammar_highlights_exactly_the_languages_keywords() {
    let pest = std::fs::read_to_string("grammar/keywords.pest").unwrap();
    let mut keywords = BTreeSet::new();
    for line in pest.lines().filter(|l| l.starts_with("kw_")) {
        let body = line.split("@{").nth(1).unwrap().split("word_end").next().unwrap();
        keywords.extend(body.split('"').skip(1).step_by(2).map(str::to_string));
    }
    let text = std::fs::read_to_string("editors/vscode/syntaxes/attend.tmLanguage.json").unwrap();
    let grammar: serde_json::Value = serde_json::from_str(&text).unwrap();
    let pattern = grammar["repository"]["keyword"]["match"].as_str().unwrap();
    let inner = pattern.split_once("])(").unwrap().1.split_once(")(?!").unwrap().0;
    let highlighted: BTreeSet<String> = inner.split('|').map(str::to_string).collect();
    assert_eq!(highlighted, keywords);
    assert!(keywords.len() > 100, "{keywords:?}");
}
