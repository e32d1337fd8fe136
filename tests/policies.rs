//! The shipped seed policies: each parses, resolves and validates cleanly
//! (compliance findings are reported, but no language errors), and is laid
//! out as `attend fmt` would lay it out.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

mod common;

use attend::source::SourceMap;
use attend::syntax;

#[test]
fn shipped_policies_have_no_language_errors() {
    let policies = common::shipped_policies();
    assert!(policies.len() >= 8, "expected the six schools and two bases, found {policies:?}");
    for path in policies {
        let (_, diagnostics) = common::check(&path);
        // The one language warning a seed may bring is a number it does not state.
        let language: Vec<_> =
            diagnostics.iter().filter(|d| !d.code.id().starts_with('C') && d.code.id() != "N015").collect();
        assert!(language.is_empty(), "{}: {language:#?}", path.display());
    }
}

#[test]
fn shipped_policies_are_formatted() {
    for path in common::shipped_policies() {
        let mut sources = SourceMap::new();
        let (file, problem) = syntax::load(&mut sources, &path).unwrap();
        assert!(problem.is_none());
        let text = sources.file(file).text.clone();
        let tree = syntax::parse(file, &text).unwrap();
        assert_eq!(
            syntax::format::format(&tree, &text),
            text,
            "{} is not in canonical layout",
            path.display()
        );
    }
}

#[test]
fn six_schools_are_described() {
    let mut names = Vec::new();
    for path in common::shipped_policies() {
        let mut sources = SourceMap::new();
        let (file, _) = syntax::load(&mut sources, &path).unwrap();
        let tree = std::path::Path::new("policies").canonicalize().unwrap();
        let resolved = attend::model::resolve_file(&mut sources, file, &tree);
        names.extend(resolved.policy.unwrap().schools.into_iter().map(|s| s.name.node));
    }
    names.sort();
    assert_eq!(
        names,
        [
            "Heelands School",
            "JAM Academy",
            "Slade Primary School",
            "Stanborough School",
            "Summerfield School",
            "XXXX School (Inspire Partnership template)"
        ]
    );
}

#[test]
fn a_school_inherits_its_trust_base_and_overrides_times() {
    let mut sources = SourceMap::new();
    let (file, _) = syntax::load(&mut sources, std::path::Path::new("policies/heelands.attend")).unwrap();
    let tree = std::path::Path::new("policies").canonicalize().unwrap();
    let policy = attend::model::resolve_file(&mut sources, file, &tree).policy.unwrap();
    let school = &policy.schools[0];
    assert_eq!(policy.organisation.as_ref().unwrap().node, "The Blue Sky Federation");
    // From the federation base:
    assert_eq!(school.sections.records_retained_years.unwrap().node, 6);
    assert!(school.sections.rules.iter().any(|r| r.name.node == "lateness penalty notice"));
    // From the school's own block, with `closes after 15 minutes` resolved:
    let am = &school.sections.registers[&syntax::ast::Session::Am];
    assert_eq!(am.closes.node.format("%H:%M").to_string(), "09:05");
    assert_eq!(school.effective.node.to_string(), "2024-12-01");
}
