//! Policy test files: the codes E001 to E004.

use super::{Code, CodeInfo};
use crate::diagnostics::Severity;

impl Code {
    pub const UNKNOWN_RULE_IN_TEST: Code = Code(&CodeInfo {
        id: "E001",
        name: "unknown-rule-in-test",
        severity: Severity::Error,
        summary: "a test expects a rule the policy does not have",
        explanation: "An expectation names a rule by the name the policy gives it (`rule \"NAME\"`), a statutory duty by its name in the regulations, or a lateness line as `lateness: arrival after HH:MM`. A name the policy does not have would make the test pass or fail for the wrong reason.",
        before: "expect \"concern leter\" on 2024-09-27",
        after: "expect \"attendance concern letter\" on 2024-09-27",
    });

    pub const BAD_TEST_MARKS: Code = Code(&CodeInfo {
        id: "E002",
        name: "bad-test-marks",
        severity: Severity::Error,
        summary: "a pupil's marks a test cannot read",
        explanation: "A test writes a pupil's register as a first school day and one character a session, the morning's and then the afternoon's, on weekdays only, as the Common Transfer File does. Spaces are ignored, `-` is a session without a mark, and a code of two characters is written in brackets, like `[C1]`, as is a late mark with its minutes late, like `[L 12]`. Every code must be a code of the regulations on its date, and the first day a weekday.",
        before: "pupil \"A\" from 2024-09-07 marks \"/\\ ?\\\"",
        after: "pupil \"A\" from 2024-09-09 marks \"/\\ O\\\"",
    });

    pub const TEST_POLICY_UNREADABLE: Code = Code(&CodeInfo {
        id: "E003",
        name: "test-policy-unreadable",
        severity: Severity::Error,
        summary: "the policy a test file names cannot be used",
        explanation: "`tests for` names the policy file under test, relative to the test file and inside its folder (or the folder given with `--root`). The file must exist and compile: `attend check` shows what stops it.",
        before: "tests for \"/etc/stanborough.attend\"",
        after: "tests for \"stanborough.attend\"",
    });

    pub const UNKNOWN_TEST_PUPIL: Code = Code(&CodeInfo {
        id: "E004",
        name: "unknown-test-pupil",
        severity: Severity::Error,
        summary: "an expectation about a pupil the test does not describe",
        explanation: "Each test describes its pupils with `pupil \"ID\" from DATE marks \"...\"`. With one pupil, expectations are about that pupil; with several, each expectation says which with `for \"ID\"`.",
        before: "pupil \"A\" from 2024-09-02 marks \"/\\\\\"\nexpect \"letter\" for \"B\"",
        after: "pupil \"A\" from 2024-09-02 marks \"/\\\\\"\nexpect \"letter\" for \"A\"",
    });
}

/// Every code of the group, in order.
pub const ALL: &[Code] = &[
    Code::UNKNOWN_RULE_IN_TEST,
    Code::BAD_TEST_MARKS,
    Code::TEST_POLICY_UNREADABLE,
    Code::UNKNOWN_TEST_PUPIL,
];
