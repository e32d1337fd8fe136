//! `attend test`'s results: a line a test for people, with each failure's
//! expected and actual side by side; a versioned JSON record; JUnit XML for CI.

use crate::diagnostics::render;
use crate::source::SourceMap;
use crate::testing::FileResult;
use std::fmt::Write;

/// The version of the JSON record.
pub const TEST_FORMAT_VERSION: u32 = 1;

/// Tests that passed and failed; a file that could not run counts as one failure.
pub fn counts(results: &[FileResult]) -> (usize, usize) {
    let passed = results.iter().flat_map(|f| &f.tests).filter(|t| t.passed()).count();
    let failed = results.iter().flat_map(|f| &f.tests).filter(|t| !t.passed()).count()
        + results.iter().filter(|f| !f.diagnostics.is_empty()).count();
    (passed, failed)
}

pub fn human(results: &[FileResult], sources: &SourceMap, colour: bool) -> String {
    let mut out = String::new();
    for file in results {
        match &file.policy {
            Some(policy) => {
                let _ = writeln!(out, "{} (tests of {})", file.path.display(), policy.display());
            }
            None => {
                let _ = writeln!(out, "{}", file.path.display());
            }
        }
        if !file.diagnostics.is_empty() {
            out.push_str(&render::human(sources, &file.diagnostics, colour));
            let _ = writeln!(out, "  the file's tests did not run");
        }
        for test in &file.tests {
            let _ = writeln!(out, "  {}  {}", if test.passed() { "ok  " } else { "FAIL" }, test.name);
            for f in &test.failures {
                let at = f.line.map_or_else(String::new, |l| format!("line {l}: "));
                let _ = writeln!(out, "        {at}{}", f.expectation);
                let _ = writeln!(out, "          expected  {}", f.expected);
                let _ = writeln!(out, "          actual    {}", f.actual);
                if let Some(marks) = &f.marks {
                    let _ = writeln!(out, "          marks     {marks}");
                }
            }
        }
    }
    for file in results {
        if let Some(coverage) = &file.coverage {
            out.push_str(&coverage_text(file, coverage));
        }
    }
    let (passed, failed) = counts(results);
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    out
}

fn coverage_text(file: &FileResult, coverage: &crate::testing::Coverage) -> String {
    let policy =
        file.policy.as_ref().map_or_else(|| file.path.display().to_string(), |p| p.display().to_string());
    let mut out = format!("coverage of {policy}\n");
    let width = coverage.items.iter().map(|i| i.name.len() + 13).max().unwrap_or(0);
    for item in &coverage.items {
        let label = format!("{:10} \"{}\"", item.kind, item.name);
        let fired = if item.fired { "fired" } else { "never fired" };
        let held = if item.held_back { "held back" } else { "never held back" };
        let noticed = item.steps.iter().filter(|s| s.noticed).count();
        let steps = if item.steps.is_empty() {
            String::new()
        } else {
            format!("  one step noticed {noticed}/{}", item.steps.len())
        };
        let line = format!("  {label:width$}  {fired:11}  {held:15}{steps}");
        let _ = writeln!(out, "{}", line.trim_end());
        for step in item.steps.iter().filter(|s| !s.noticed) {
            let _ = writeln!(out, "      no test notices {}", step.change);
        }
    }
    let (covered, all) = coverage.covered();
    let h = coverage.hundredths();
    let _ = writeln!(
        out,
        "  {covered} of the policy's {all} rules, lateness lines and definitions fired and held back ({}.{:02}%)",
        h / 100,
        h % 100
    );
    out
}

pub fn json(results: &[FileResult], sources: &SourceMap) -> String {
    let files: Vec<serde_json::Value> = results
        .iter()
        .map(|f| {
            serde_json::json!({
                "file": f.path.display().to_string(),
                "policy": f.policy.as_ref().map(|p| p.display().to_string()),
                "tests": f.tests.iter().map(|t| serde_json::json!({
                    "name": t.name,
                    "line": t.line,
                    "passed": t.passed(),
                    "failures": t.failures,
                })).collect::<Vec<_>>(),
                "diagnostics": f.diagnostics.iter().map(|d| render::to_json(sources, d)).collect::<Vec<_>>(),
                "coverage": f.coverage,
            })
        })
        .collect();
    let (passed, failed) = counts(results);
    let doc = serde_json::json!({
        "format": "attend-test",
        "version": TEST_FORMAT_VERSION,
        "files": files,
        "passed": passed,
        "failed": failed,
    });
    serde_json::to_string_pretty(&doc).map(|s| s + "\n").unwrap_or_default()
}

/// JUnit XML, as CI systems read it: a suite a test file, a case a test.
pub fn junit(results: &[FileResult], sources: &SourceMap) -> String {
    let (passed, failed) = counts(results);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"attend\" tests=\"{}\" failures=\"{failed}\">", passed + failed);
    for file in results {
        let name = xml(&file.path.display().to_string());
        let failing = file.tests.iter().filter(|t| !t.passed()).count();
        let errors = usize::from(!file.diagnostics.is_empty());
        let _ = writeln!(
            out,
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{failing}\" errors=\"{errors}\">",
            file.tests.len()
        );
        if errors > 0 {
            let text = render::human(sources, &file.diagnostics, false);
            let _ = writeln!(out, "    <testcase name=\"reading the test file\" classname=\"{name}\">");
            let _ = writeln!(out, "      <error message=\"the test file cannot run\">{}</error>", xml(&text));
            let _ = writeln!(out, "    </testcase>");
        }
        for test in &file.tests {
            let _ = write!(out, "    <testcase name=\"{}\" classname=\"{name}\"", xml(&test.name));
            if test.passed() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            for f in &test.failures {
                let message = format!("{}: expected {}, actual {}", f.expectation, f.expected, f.actual);
                let _ =
                    writeln!(out, "      <failure message=\"{}\">{}</failure>", xml(&message), xml(&message));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Text safe in XML content and attributes; characters XML 1.0 cannot hold are dropped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(super::xml("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
