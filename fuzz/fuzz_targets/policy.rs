//! The policy front end on any bytes: decode, parse, format (which must be
//! idempotent), resolve, validate, check and compile. Nothing may panic.
#![no_main]

use attend::check::{Selection, compliance};
use attend::regulations::Regimes;
use attend::source::SourceMap;
use attend::{compile, model, syntax};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn regimes() -> &'static Regimes {
    static REGIMES: OnceLock<Regimes> = OnceLock::new();
    REGIMES.get_or_init(Regimes::embedded)
}

fuzz_target!(|bytes: &[u8]| {
    let mut sources = SourceMap::new();
    let id = sources.next_id();
    let (text, problem) = syntax::decode(id, bytes);
    let file = sources.add("fuzz.attend", text.clone());
    if problem.is_some() {
        return;
    }
    let Ok(tree) = syntax::parse(file, &text) else { return };
    let formatted = syntax::format::format(&tree, &text);
    let mut again = SourceMap::new();
    let second = again.add("formatted.attend", formatted.clone());
    match syntax::parse(second, &formatted) {
        Ok(tree) => assert_eq!(syntax::format::format(&tree, &formatted), formatted, "fmt is not idempotent"),
        Err(found) => panic!("formatted text does not parse: {found:?}"),
    }
    // `extends` resolves inside a folder that does not exist: nothing is read.
    let resolved = model::resolve_file(&mut sources, file, Path::new("/nonexistent/fuzz"));
    let Some(policy) = resolved.policy else { return };
    let regimes = regimes();
    let _ = model::validate(&policy, regimes);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    let _ = compliance::check(&policy, regimes, today, &Selection::all());
    for school in &policy.schools {
        if let Ok(regime) = model::regime_for(school, regimes) {
            let _ = compile::compile(school, regime, regimes, &sources);
        }
    }
});
