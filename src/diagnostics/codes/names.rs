//! Names, references and the shape of a policy: the codes N001 to N022.

use super::{Code, CodeInfo};
use crate::diagnostics::Severity;

impl Code {
    pub const DUPLICATE_RULE_NAME: Code = Code(&CodeInfo {
        id: "N001",
        name: "duplicate-rule-name",
        severity: Severity::Error,
        summary: "two rules with the same name",
        explanation: "Rule names identify rules in reports and in schools that extend a trust policy, so within one policy each name is used once. A school may reuse a trust rule's name on purpose: its rule then replaces the trust's.",
        before: "rule \"letter\" { ... }\nrule \"letter\" { ... }",
        after: "rule \"first letter\" { ... }\nrule \"second letter\" { ... }",
    });

    pub const REPEATED_STATEMENT: Code = Code(&CodeInfo {
        id: "N002",
        name: "repeated-statement",
        severity: Severity::Error,
        summary: "a statement that may appear once appears twice",
        explanation: "Some statements set a single value, such as the time the day starts or the morning register's hours. Writing one twice in the same place leaves it unclear which is meant; keep one.",
        before: "day { starts 08:35 starts 08:40 }",
        after: "day { starts 08:35 }",
    });

    pub const UNKNOWN_ATTENDANCE_CODE: Code = Code(&CodeInfo {
        id: "N003",
        name: "unknown-attendance-code",
        severity: Severity::Error,
        summary: "an attendance code the regulations do not have",
        explanation: "Attendance codes are those of the national code table for the regulations the policy is written under. `attend codes --regime NAME` lists them. Codes made of punctuation are written bare (`/`, `\\`) or in quotes (`\"#\"`).",
        before: "when sessions(UA) >= 3 over term",
        after: "when sessions(U) >= 3 over term",
    });

    pub const UNKNOWN_CODE_GROUP: Code = Code(&CodeInfo {
        id: "N004",
        name: "unknown-code-group",
        severity: Severity::Error,
        summary: "a group of codes that does not exist",
        explanation: "Besides single codes, a code list may name a group: `present`, `attending`, `approved`, `authorised`, `unauthorised`, `absent` (authorised and unauthorised) or `not-possible`.",
        before: "when sessions(unauthorized) >= 10",
        after: "when sessions(unauthorised) >= 10",
    });

    pub const UNKNOWN_REGULATIONS: Code = Code(&CodeInfo {
        id: "N005",
        name: "unknown-regulations",
        severity: Severity::Error,
        summary: "regulations attend does not know",
        explanation: "`regulations` names the national rules a policy is written under: `england-2006` (in force until 18 August 2024) or `england-2024` (from 19 August 2024). Leave the statement out to use the regulations in force on the effective date.",
        before: "regulations england-2023",
        after: "regulations england-2024",
    });

    pub const EXTENDS_NOT_FOUND: Code = Code(&CodeInfo {
        id: "N006",
        name: "extends-not-found",
        severity: Severity::Error,
        summary: "the policy this one extends cannot be read",
        explanation: "`extends` names a file, relative to the file that contains the statement. The file named does not exist or cannot be read.",
        before: "extends \"trust.attend\"",
        after: "extends \"trusts/atlp-trust.attend\"",
    });

    pub const EXTENDS_CYCLE: Code = Code(&CodeInfo {
        id: "N007",
        name: "extends-cycle",
        severity: Severity::Error,
        summary: "policies that extend each other in a circle",
        explanation: "A school policy may extend a trust policy, which may extend another, but the chain must end. Here a file is reached again from itself.",
        before: "# a.attend\nextends \"b.attend\"\n# b.attend\nextends \"a.attend\"",
        after: "# a.attend\nextends \"b.attend\"\n# b.attend (extends nothing)",
    });

    pub const EMPTY_RULE: Code = Code(&CodeInfo {
        id: "N008",
        name: "empty-rule",
        severity: Severity::Error,
        summary: "a rule with no condition or no action",
        explanation: "A rule says when it fires (`when ...`) and what follows (`then ...`). Without both it can never do anything. Only a rule for a group (`for pupils with ATTRIBUTE \"VALUE\"`) may leave out `when`: it then applies to every pupil in the group, once, or on each of its review days.",
        before: "rule \"concern\" { when attendance < 96% over year to date }",
        after: "rule \"concern\" {\n    when attendance < 96% over year to date\n    then letter \"attendance-concern\"\n}",
    });

    pub const NO_SCHOOL: Code = Code(&CodeInfo {
        id: "N009",
        name: "no-school",
        severity: Severity::Error,
        summary: "statements that belong to no school",
        explanation: "A policy file names the school it is for (`school \"Name\" { ... }`), or the trust or federation whose base policy it is (`trust \"Name\" { ... }`). This file has statements but names neither.",
        before: "day { starts 08:35 }",
        after: "school \"Stanborough School\" {\n    effective 2025-11-01\n}\nday { starts 08:35 }",
    });

    pub const MISSING_EFFECTIVE_DATE: Code = Code(&CodeInfo {
        id: "N010",
        name: "missing-effective-date",
        severity: Severity::Error,
        summary: "a school policy with no effective date",
        explanation: "The date a policy takes effect decides which regulations it is checked against, so every school needs one, in its own block or in the trust or federation block it extends.",
        before: "school \"Heelands\" { regulations england-2024 }",
        after: "school \"Heelands\" {\n    regulations england-2024\n    effective 2024-12-01\n}",
    });

    pub const DUPLICATE_SCHOOL: Code = Code(&CodeInfo {
        id: "N011",
        name: "duplicate-school",
        severity: Severity::Error,
        summary: "two schools with the same name",
        explanation: "Each school in a federation file has its own block; two blocks with one name would make the school's rules ambiguous. Merge them.",
        before: "school \"Heelands\" { ... }\nschool \"Heelands\" { ... }",
        after: "school \"Heelands\" { ... }\nschool \"Summerfield\" { ... }",
    });

    pub const EXTENDS_SCHOOL_POLICY: Code = Code(&CodeInfo {
        id: "N012",
        name: "extends-school-policy",
        severity: Severity::Error,
        summary: "a policy extends a file that is itself for a school",
        explanation: "`extends` takes the shared part of a policy: a trust or federation base, which has no `school` blocks. Extending a school's own policy would take another school's rules without saying so. Move the shared statements into a base file that both extend.",
        before: "# heelands.attend\nextends \"summerfield.attend\"",
        after: "# heelands.attend\nextends \"trusts/blue-sky-federation.attend\"",
    });

    pub const INCOMPLETE_BLOCK: Code = Code(&CodeInfo {
        id: "N013",
        name: "incomplete-block",
        severity: Severity::Error,
        summary: "a block that lacks a statement it needs",
        explanation: "Some blocks need certain statements to mean anything: a register needs both `opens` and `closes` (or `closes after` a duration).",
        before: "register am { opens 08:35 }",
        after: "register am { opens 08:35 closes 09:00 }",
    });

    pub const EXTENDS_OUTSIDE_TREE: Code = Code(&CodeInfo {
        id: "N014",
        name: "extends-outside-tree",
        severity: Severity::Error,
        summary: "`extends` names a file it may not read",
        explanation: "`extends` reads policy files from the folder of the policy being checked (or the folder given with `--root`), and only regular files. An absolute path, a path that leaves the folder, a link that leads out of it, and a device or other special file are refused before anything is read, so a policy can never make attend show another file's contents, for example in a CI log.",
        before: "extends \"../../.env\"",
        after: "extends \"trusts/atlp-trust.attend\"",
    });

    pub const NUMBER_NOT_STATED: Code = Code(&CodeInfo {
        id: "N015",
        name: "number-not-stated",
        severity: Severity::Warning,
        summary: "a comparison whose number the policy does not state",
        explanation: "Some policies describe a trigger without its number, such as \"a number of unauthorised absences within a rolling academic year\". Writing `not stated` in place of the number keeps what the policy says, for the checker to judge, without inventing a figure. A comparison without a number never holds, so a run does not act on it; the rest of the condition (`or ...`) and of the policy still run.",
        before: "threshold sessions(unauthorised) >= 6 over rolling 52 weeks  # 6 was guessed",
        after: "threshold sessions(unauthorised) >= not stated over rolling 52 weeks",
    });

    pub const UNKNOWN_STAGE: Code = Code(&CodeInfo {
        id: "N016",
        name: "unknown-stage",
        severity: Severity::Error,
        summary: "a stage that names no rule, or `since` a rule the rule does not follow",
        explanation: "`after \"NAME\"` makes a rule wait until the rule called NAME has fired for the pupil, so NAME must be a rule of the same school (its own or its trust's). `since \"NAME\"` measures from the day after that rule last fired, so the rule must also say `after \"NAME\"`.",
        before: "rule \"stage 2\" {\n    after \"stage one\"\n    when attendance < 90% since \"stage 1\"\n    then meeting \"attendance lead\"\n}",
        after: "rule \"stage 2\" {\n    after \"stage 1\"\n    when attendance < 90% since \"stage 1\"\n    then meeting \"attendance lead\"\n}",
    });

    pub const STAGE_CYCLE: Code = Code(&CodeInfo {
        id: "N017",
        name: "stage-cycle",
        severity: Severity::Error,
        summary: "stages that wait for each other, so none can fire",
        explanation: "A rule with `after` fires only once the rule it follows has fired. If the rules it follows lead back to itself (a rule after itself, or stage 1 after stage 2 after stage 1), none of them can ever fire.",
        before: "rule \"stage 1\" {\n    after \"stage 2\"\n    ...\n}\nrule \"stage 2\" {\n    after \"stage 1\"\n    ...\n}",
        after: "rule \"stage 1\" {\n    ...\n}\nrule \"stage 2\" {\n    after \"stage 1\"\n    ...\n}",
    });

    pub const UNKNOWN_GROUP_VALUE: Code = Code(&CodeInfo {
        id: "N018",
        name: "unknown-group-value",
        severity: Severity::Error,
        summary: "a group of pupils by a value their details never have",
        explanation: "Pupil details give `sen` as `EHCP`, `SEN support` or `none`, and `fsm`, `cp` and `cin` as `yes` or `no` (a pupils file may write `E`, `K`, `N`, `Y` and the like; attend reads them as these words). A group by another value would match no pupil.",
        before: "for pupils with sen \"statemented\"",
        after: "for pupils with sen \"EHCP\"",
    });

    pub const LADDER_OUT_OF_ORDER: Code = Code(&CodeInfo {
        id: "N019",
        name: "ladder-out-of-order",
        severity: Severity::Warning,
        summary: "a later stage whose threshold a pupil reaches before the earlier one's",
        explanation: "In an escalation ladder each stage follows the one before (`after`). When a later stage fires at a better attendance (or fewer absences) than the stage it follows, over the same measure and window, every pupil who reaches the earlier stage has already met the later stage's condition, so the ladder escalates at once: the thresholds are probably the wrong way round.",
        before: "rule \"stage 1\" { when attendance < 90% ... }\nrule \"stage 2\" { after \"stage 1\" when attendance < 95% ... }",
        after: "rule \"stage 1\" { when attendance < 95% ... }\nrule \"stage 2\" { after \"stage 1\" when attendance < 90% ... }",
    });

    pub const RULES_FIRE_TOGETHER: Code = Code(&CodeInfo {
        id: "N020",
        name: "rules-fire-together",
        severity: Severity::Warning,
        summary: "two rules that always fire together",
        explanation: "Two rules with the same condition, stages, groups, review days and limits fire for the same pupils on the same days. That is usually one step of the policy written twice; a rule may have several `then` lines, so write it once.",
        before: "rule \"letter\" { when attendance < 90% then letter \"concern\" }\nrule \"meeting\" { when attendance < 90% then meeting \"attendance lead\" }",
        after: "rule \"concern\" {\n    when attendance < 90%\n    then letter \"concern\"\n    then meeting \"attendance lead\"\n}",
    });

    pub const SUPPRESSION_WITHOUT_REASON: Code = Code(&CodeInfo {
        id: "N021",
        name: "suppression-without-reason",
        severity: Severity::Error,
        summary: "a finding accepted without saying why",
        explanation: "A comment `# attend: allow CODE because REASON` accepts a finding on its own line or, alone on a line, on the next: CI passes, and JSON and SARIF report it as suppressed with the reason. The reason is required, so that whoever reads the policy later knows who decided what, and why. A parse error (P codes) cannot be accepted.",
        before: "    ends 15:00  # attend: allow C701",
        after: "    ends 15:00  # attend: allow C701 because the governors kept the 32h05 week (minutes of 3 March 2026)",
    });

    pub const UNUSED_SUPPRESSION: Code = Code(&CodeInfo {
        id: "N022",
        name: "unused-suppression",
        severity: Severity::Warning,
        summary: "a comment that accepts a finding no longer reported",
        explanation: "A comment `# attend: allow CODE because REASON` accepts a finding on its line or the next. When no such finding is reported there (the policy was changed, or the finding is on another line), the comment only misleads: remove it.",
        before: "    ends 15:30  # attend: allow C701 because ...",
        after: "    ends 15:30",
    });
}

/// Every code of the group, in order.
pub const ALL: &[Code] = &[
    Code::DUPLICATE_RULE_NAME,
    Code::REPEATED_STATEMENT,
    Code::UNKNOWN_ATTENDANCE_CODE,
    Code::UNKNOWN_CODE_GROUP,
    Code::UNKNOWN_REGULATIONS,
    Code::EXTENDS_NOT_FOUND,
    Code::EXTENDS_CYCLE,
    Code::EMPTY_RULE,
    Code::NO_SCHOOL,
    Code::MISSING_EFFECTIVE_DATE,
    Code::DUPLICATE_SCHOOL,
    Code::EXTENDS_SCHOOL_POLICY,
    Code::INCOMPLETE_BLOCK,
    Code::EXTENDS_OUTSIDE_TREE,
    Code::NUMBER_NOT_STATED,
    Code::UNKNOWN_STAGE,
    Code::STAGE_CYCLE,
    Code::UNKNOWN_GROUP_VALUE,
    Code::LADDER_OUT_OF_ORDER,
    Code::RULES_FIRE_TOGETHER,
    Code::SUPPRESSION_WITHOUT_REASON,
    Code::UNUSED_SUPPRESSION,
];
