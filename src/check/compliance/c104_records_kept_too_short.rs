//! C104: register entries kept for the period the regulations require.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C104",
    name: "records-kept-too-short",
    severity: Severity::Error,
    summary: "register entries kept for less than the required period",
    explanation: "Every entry in the attendance register must be kept for a minimum period from the date it was made: six years under the 2024 regulations, three years before them.",
    before: "records retained 3 years",
    after: "records retained 6 years",
});

pub static CHECK: Check = Check { code: CODE, citations: &["retention"], run };

fn run(cx: &mut Context) {
    if let (Some(years), Some(min)) =
        (&cx.school.sections.records_retained_years, &cx.regime.limits.records_retained_min_years)
        && years.node < min.value
    {
        let min = min.value;
        cx.report(
            format!("register entries are kept for {} years; the regulations require {min}", years.node),
            years.span,
            "too short",
            format!("write `records retained {min} years`"),
        );
    }
}
