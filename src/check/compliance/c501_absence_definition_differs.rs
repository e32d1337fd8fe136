//! C501: persistent and severe absence as the national statistics define them.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};
use crate::model::{Condition, Measure, Threshold, Window};
use crate::source::Span;
use crate::syntax::ast::{Comparator, Spanned};

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C501",
    name: "absence-definition-differs",
    severity: Severity::Warning,
    summary: "persistent or severe absence defined other than nationally",
    explanation: "In the national statistics persistent absence is missing 10% or more of possible sessions, and severe absence 50% or more. A pupil at exactly 90% attendance is persistently absent; a definition such as `attendance < 90%` leaves that pupil out of the school's own count. The definitions are statistical, not law: a warning.",
    before: "persistent absence when attendance < 90% over year to date",
    after: "persistent absence when absence >= 10% over year to date",
});

pub static CHECK: Check = Check { code: CODE, citations: &["absence_definitions"], run };

fn run(cx: &mut Context) {
    let limits = &cx.regime.limits;
    let definitions = [
        (
            "persistent",
            cx.school.sections.persistent_absence.as_ref(),
            limits.persistent_absence_percent.as_ref(),
        ),
        ("severe", cx.school.sections.severe_absence.as_ref(), limits.severe_absence_percent.as_ref()),
    ];
    let mut differing: Vec<(String, Span, String)> = Vec::new();
    for (name, written, national) in definitions {
        let (Some(written), Some(national)) = (written, national) else { continue };
        let national_hundredths = national.value * 100;
        if absence_at_least(written) != Some((national_hundredths, true)) {
            differing.push((
                format!(
                    "{name} absence is defined differently from the national {}% or more of possible sessions missed",
                    national.value
                ),
                written.span,
                format!("write `{name} absence when absence >= {}% over year to date`", national.value),
            ));
        }
    }
    for (message, span, help) in differing {
        cx.report(message, span, "not the national definition", help);
    }
}

/// The absence level (hundredths of a percent) at which the definition starts
/// to hold over the school year, and whether that level itself is included.
fn absence_at_least(condition: &Spanned<Condition>) -> Option<(u32, bool)> {
    let Condition::Compare(c) = &condition.node else { return None };
    let Threshold::PercentHundredths(p) = c.threshold else { return None };
    if c.window != Window::YearToDate {
        return None;
    }
    match (&c.measure, c.comparator) {
        (Measure::Absence, Comparator::GreaterOrEqual) => Some((p, true)),
        (Measure::Absence, Comparator::Greater) => Some((p, false)),
        (Measure::Attendance, Comparator::LessOrEqual) => Some((10_000 - p, true)),
        (Measure::Attendance, Comparator::Less) => Some((10_000 - p, false)),
        _ => None,
    }
}
