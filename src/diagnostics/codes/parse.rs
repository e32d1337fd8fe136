//! Reading a policy file and parsing it: the codes P001 to P007.

use super::{Code, CodeInfo};
use crate::diagnostics::Severity;

impl Code {
    pub const UNEXPECTED_INPUT: Code = Code(&CodeInfo {
        id: "P001",
        name: "unexpected-input",
        severity: Severity::Error,
        summary: "the policy does not follow the language's layout here",
        explanation: "The parser met something it did not expect at this point. The message says what could come next; the usual causes are a misspelt keyword, a missing closing brace, or a value written in another form (`8.35am` instead of `08:35`).",
        before: "register am { opens 8.35am }",
        after: "register am { opens 08:35 }",
    });

    pub const NOT_UTF8: Code = Code(&CodeInfo {
        id: "P002",
        name: "not-utf8",
        severity: Severity::Error,
        summary: "the file is not UTF-8 text",
        explanation: "Policy files must be UTF-8 text. The file holds bytes that are not UTF-8, often because it was saved from a word processor in another encoding. Save it again as UTF-8 (\"Unicode (UTF-8)\" in most editors).",
        before: "(a file saved as Windows-1252 with a £ sign)",
        after: "(the same file saved as UTF-8)",
    });

    pub const BINARY_FILE: Code = Code(&CodeInfo {
        id: "P003",
        name: "binary-file",
        severity: Severity::Error,
        summary: "the file is not a text file",
        explanation: "The file holds NUL bytes, so it is not text: perhaps a Word document or a spreadsheet was given instead of the `.attend` file. Policies are plain text files.",
        before: "attend check policy.docx",
        after: "attend check policy.attend",
    });

    pub const EMPTY_POLICY: Code = Code(&CodeInfo {
        id: "P004",
        name: "empty-policy",
        severity: Severity::Error,
        summary: "the file holds no policy",
        explanation: "The file is empty or holds only comments. A policy names at least one school (or a trust or federation, for a base that schools extend).",
        before: "# attendance policy",
        after: "school \"Stanborough School\" {\n    regulations england-2024\n    effective 2025-11-01\n}",
    });

    pub const NESTING_TOO_DEEP: Code = Code(&CodeInfo {
        id: "P005",
        name: "nesting-too-deep",
        severity: Severity::Error,
        summary: "brackets are nested too deeply",
        explanation: "Conditions may use brackets to group `and` and `or`, but not more than 64 deep. Deeper nesting is never needed: write the condition out flat, or split it into two rules.",
        before: "when ((((((attendance < 90%))))))",
        after: "when attendance < 90%",
    });

    pub const UNCLOSED_QUOTE: Code = Code(&CodeInfo {
        id: "P006",
        name: "unclosed-quote",
        severity: Severity::Error,
        summary: "a quoted name has no closing quote",
        explanation: "Names such as letter and rule names are written between straight double quotes on one line. This one starts with `\"` but the line ends before the closing `\"`.",
        before: "then letter \"attendance concern",
        after: "then letter \"attendance concern\"",
    });

    pub const INTERNAL_ERROR: Code = Code(&CodeInfo {
        id: "P007",
        name: "internal-error",
        severity: Severity::Error,
        summary: "attend met a parse tree it did not expect",
        explanation: "The grammar accepted the text but attend's reader met a shape of tree it has no case for. This is a fault in attend, not in the policy: report it with the policy text. The policy is not checked further, so nothing is guessed.",
        before: "(any policy that shows this)",
        after: "(the same policy, once attend is fixed)",
    });
}

/// Every code of the group, in order.
pub const ALL: &[Code] = &[
    Code::UNEXPECTED_INPUT,
    Code::NOT_UTF8,
    Code::BINARY_FILE,
    Code::EMPTY_POLICY,
    Code::NESTING_TOO_DEEP,
    Code::UNCLOSED_QUOTE,
    Code::INTERNAL_ERROR,
];
