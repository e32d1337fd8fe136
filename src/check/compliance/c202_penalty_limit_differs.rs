//! C202: the national limit on penalty notices per parent per child.

use super::{Check, Context};
use crate::diagnostics::{Code, CodeInfo, Severity};

pub const CODE: Code = Code::new(&CodeInfo {
    id: "C202",
    name: "penalty-limit-differs",
    severity: Severity::Error,
    summary: "a limit on penalty notices per parent per child that differs from the national one",
    explanation: "No more than two penalty notices may be issued to the same parent for the same child within three years; after that another intervention is used. The policy states another limit.",
    before: "at most 3 per parent per child within 3 years",
    after: "at most 2 per parent per child within 3 years",
});

pub static CHECK: Check = Check { code: CODE, citations: &["penalty_limit", "penalty_amounts"], run };

fn run(cx: &mut Context) {
    let (Some(notices), Some(national)) = (&cx.school.sections.penalty_notices, &cx.regime.penalty_notices)
    else {
        return;
    };
    if let (Some(limit), Some(expected)) = (&notices.per_child, &national.per_child)
        && (limit.node.notices != expected.notices || limit.node.within_years != expected.within_years)
    {
        cx.report(
            format!(
                "at most {} notices within {} years here; nationally at most {} to a parent for a child within {} years",
                limit.node.notices, limit.node.within_years, expected.notices, expected.within_years
            ),
            limit.span,
            "not the national limit",
            format!("write `at most {} per parent per child within {} years`", expected.notices, expected.within_years),
        );
    }
}
