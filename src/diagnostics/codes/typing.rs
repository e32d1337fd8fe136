//! Values of the wrong kind or out of range: the codes T001 to T004.

use super::{Code, CodeInfo};
use crate::diagnostics::Severity;

impl Code {
    pub const WRONG_KIND_OF_VALUE: Code = Code(&CodeInfo {
        id: "T001",
        name: "wrong-kind-of-value",
        severity: Severity::Error,
        summary: "a value of the wrong kind",
        explanation: "Each statement expects a particular kind of value: a time like `08:35`, a date like `2025-09-03`, a percentage like `96%`, an amount like `£80`, or a duration with its unit like `10 school weeks`. The value written is of another kind, or carries a unit the statement cannot use.",
        before: "register am { opens 30% }",
        after: "register am { opens 08:35 }",
    });

    pub const VALUE_OUT_OF_RANGE: Code = Code(&CodeInfo {
        id: "T002",
        name: "value-out-of-range",
        severity: Severity::Error,
        summary: "a value that cannot be right",
        explanation: "The value has the right form but cannot be meant: a time past 23:59, a date that is not in the calendar, a percentage above 100%, a count or duration of zero where one is needed.",
        before: "register pm { opens 25:10 }",
        after: "register pm { opens 13:10 }",
    });

    pub const TIMES_OUT_OF_ORDER: Code = Code(&CodeInfo {
        id: "T003",
        name: "times-out-of-order",
        severity: Severity::Error,
        summary: "times that come in the wrong order",
        explanation: "A register must close after it opens, the afternoon register must open after the morning one, the day must end after it starts, and a penalty-notice payment period must grow with the amount. One of these orders is broken.",
        before: "register am { opens 09:00 closes 08:35 }",
        after: "register am { opens 08:35 closes 09:00 }",
    });

    pub const WINDOW_DOES_NOT_FIT: Code = Code(&CodeInfo {
        id: "T004",
        name: "window-does-not-fit",
        severity: Severity::Error,
        summary: "a measure and a window that do not go together",
        explanation: "A run of consecutive days (and a return after one) is measured up to today, so it takes no `over` window; a rise or fall of attendance compares two windows, so it needs one: this half term against the last (`over half term`), the last N school days or weeks against the N before, or `since` a stage; and a rolling window is counted in `school weeks` or `weeks`, a last-days window in `school days`.",
        before: "when consecutive school days(unauthorised) >= 10 over term",
        after: "when consecutive school days(unauthorised) >= 10",
    });
}

/// Every code of the group, in order.
pub const ALL: &[Code] = &[
    Code::WRONG_KIND_OF_VALUE,
    Code::VALUE_OUT_OF_RANGE,
    Code::TIMES_OUT_OF_ORDER,
    Code::WINDOW_DOES_NOT_FIT,
];
