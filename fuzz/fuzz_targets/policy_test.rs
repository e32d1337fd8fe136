//! The policy test format on any bytes: decode, parse, format (which must be
//! idempotent), and read each pupil's marks. Nothing may panic, and a marks error points inside its text.
#![no_main]

use attend::source::SourceMap;
use attend::syntax;
use attend::testing::read_marks;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let mut sources = SourceMap::new();
    let id = sources.next_id();
    let (text, problem) = syntax::decode(id, bytes);
    let file = sources.add("fuzz.attend-test", text.clone());
    if problem.is_some() {
        return;
    }
    let Ok(tree) = syntax::parse_tests(file, &text) else { return };
    let formatted = syntax::format::format_tests(&tree, &text);
    match syntax::parse_tests(file, &formatted) {
        Ok(again) => assert_eq!(syntax::format::format_tests(&again, &formatted), formatted, "fmt is not idempotent"),
        Err(found) => panic!("formatted text does not parse: {found:?}"),
    }
    let start = chrono::NaiveDate::from_ymd_opt(2024, 9, 2).unwrap_or_default();
    for case in &tree.tests {
        for pupil in &case.pupils {
            let text = &pupil.marks.node;
            if let Err(error) = read_marks(text, start, &|code, _| code.len() <= 2) {
                assert!(error.at.0 <= error.at.1 && error.at.1 <= text.len(), "{error:?} in {text:?}");
            }
        }
    }
});
