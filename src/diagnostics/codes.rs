//! The catalogue of diagnostic codes. A code never changes meaning once
//! published; `attend explain CODE` prints its entry.

use super::Severity;
use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    UnexpectedInput,
    NotUtf8,
    BinaryFile,
    EmptyPolicy,
    NestingTooDeep,
    UnclosedQuote,
    InternalError,
    WrongKindOfValue,
    ValueOutOfRange,
    TimesOutOfOrder,
    WindowDoesNotFit,
    DuplicateRuleName,
    RepeatedStatement,
    UnknownAttendanceCode,
    UnknownCodeGroup,
    UnknownRegulations,
    ExtendsNotFound,
    ExtendsCycle,
    EmptyRule,
    NoSchool,
    MissingEffectiveDate,
    DuplicateSchool,
    ExtendsSchoolPolicy,
    IncompleteBlock,
    RegisterOpenTooLong,
    MissingRegister,
    RegisterAfterSessionStart,
    RecordsKeptTooShort,
    PenaltyAmountsDiffer,
    PenaltyLimitDiffers,
    NoticeToImproveOutsideRange,
    PenaltyThresholdDiffers,
    PenaltyCountsNonAbsence,
    WithdrawnCode,
    CodeInWrongCategory,
    LeaveReasonNotAllowed,
    AbsenceDefinitionDiffers,
    LocalAuthorityToldLate,
    SchoolWeekShort,
    RoutineMedicalEvidence,
    ReviewDatePassed,
    SupersededRegulations,
}

pub struct CodeInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub explanation: &'static str,
    pub before: &'static str,
    pub after: &'static str,
}

impl Code {
    pub const ALL: &'static [Code] = &[
        Code::UnexpectedInput,
        Code::NotUtf8,
        Code::BinaryFile,
        Code::EmptyPolicy,
        Code::NestingTooDeep,
        Code::UnclosedQuote,
        Code::InternalError,
        Code::WrongKindOfValue,
        Code::ValueOutOfRange,
        Code::TimesOutOfOrder,
        Code::WindowDoesNotFit,
        Code::DuplicateRuleName,
        Code::RepeatedStatement,
        Code::UnknownAttendanceCode,
        Code::UnknownCodeGroup,
        Code::UnknownRegulations,
        Code::ExtendsNotFound,
        Code::ExtendsCycle,
        Code::EmptyRule,
        Code::NoSchool,
        Code::MissingEffectiveDate,
        Code::DuplicateSchool,
        Code::ExtendsSchoolPolicy,
        Code::IncompleteBlock,
        Code::RegisterOpenTooLong,
        Code::MissingRegister,
        Code::RegisterAfterSessionStart,
        Code::RecordsKeptTooShort,
        Code::PenaltyAmountsDiffer,
        Code::PenaltyLimitDiffers,
        Code::NoticeToImproveOutsideRange,
        Code::PenaltyThresholdDiffers,
        Code::PenaltyCountsNonAbsence,
        Code::WithdrawnCode,
        Code::CodeInWrongCategory,
        Code::LeaveReasonNotAllowed,
        Code::AbsenceDefinitionDiffers,
        Code::LocalAuthorityToldLate,
        Code::SchoolWeekShort,
        Code::RoutineMedicalEvidence,
        Code::ReviewDatePassed,
        Code::SupersededRegulations,
    ];

    pub fn id(self) -> &'static str {
        self.info().id
    }

    pub fn from_id(id: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.id().eq_ignore_ascii_case(id) || c.info().name == id)
    }

    pub fn info(self) -> &'static CodeInfo {
        use Severity::*;
        macro_rules! info {
            ($id:literal, $name:literal, $sev:expr, $summary:literal, $explanation:literal, $before:literal, $after:literal) => {{
                const INFO: CodeInfo = CodeInfo {
                    id: $id,
                    name: $name,
                    severity: $sev,
                    summary: $summary,
                    explanation: $explanation,
                    before: $before,
                    after: $after,
                };
                &INFO
            }};
        }
        match self {
            Code::UnexpectedInput => info!(
                "P001",
                "unexpected-input",
                Error,
                "the policy does not follow the language's layout here",
                "The parser met something it did not expect at this point. The message says what could come next; the usual causes are a misspelt keyword, a missing closing brace, or a value written in another form (`8.35am` instead of `08:35`).",
                "register am { opens 8.35am }",
                "register am { opens 08:35 }"
            ),
            Code::NotUtf8 => info!(
                "P002",
                "not-utf8",
                Error,
                "the file is not UTF-8 text",
                "Policy files must be UTF-8 text. The file holds bytes that are not UTF-8, often because it was saved from a word processor in another encoding. Save it again as UTF-8 (\"Unicode (UTF-8)\" in most editors).",
                "(a file saved as Windows-1252 with a £ sign)",
                "(the same file saved as UTF-8)"
            ),
            Code::BinaryFile => info!(
                "P003",
                "binary-file",
                Error,
                "the file is not a text file",
                "The file holds NUL bytes, so it is not text: perhaps a Word document or a spreadsheet was given instead of the `.attend` file. Policies are plain text files.",
                "attend check policy.docx",
                "attend check policy.attend"
            ),
            Code::EmptyPolicy => info!(
                "P004",
                "empty-policy",
                Error,
                "the file holds no policy",
                "The file is empty or holds only comments. A policy names at least one school (or a trust or federation, for a base that schools extend).",
                "# attendance policy",
                "school \"Stanborough School\" {\n    regulations england-2024\n    effective 2025-11-01\n}"
            ),
            Code::NestingTooDeep => info!(
                "P005",
                "nesting-too-deep",
                Error,
                "brackets are nested too deeply",
                "Conditions may use brackets to group `and` and `or`, but not more than 64 deep. Deeper nesting is never needed: write the condition out flat, or split it into two rules.",
                "when ((((((attendance < 90%))))))",
                "when attendance < 90%"
            ),
            Code::UnclosedQuote => info!(
                "P006",
                "unclosed-quote",
                Error,
                "a quoted name has no closing quote",
                "Names such as letter and rule names are written between straight double quotes on one line. This one starts with `\"` but the line ends before the closing `\"`.",
                "then letter \"attendance concern",
                "then letter \"attendance concern\""
            ),
            Code::InternalError => info!(
                "P007",
                "internal-error",
                Error,
                "attend met a parse tree it did not expect",
                "The grammar accepted the text but attend's reader met a shape of tree it has no case for. This is a fault in attend, not in the policy: report it with the policy text. The policy is not checked further, so nothing is guessed.",
                "(any policy that shows this)",
                "(the same policy, once attend is fixed)"
            ),
            Code::WrongKindOfValue => info!(
                "T001",
                "wrong-kind-of-value",
                Error,
                "a value of the wrong kind",
                "Each statement expects a particular kind of value: a time like `08:35`, a date like `2025-09-03`, a percentage like `96%`, an amount like `£80`, or a duration with its unit like `10 school weeks`. The value written is of another kind, or carries a unit the statement cannot use.",
                "register am { opens 30% }",
                "register am { opens 08:35 }"
            ),
            Code::ValueOutOfRange => info!(
                "T002",
                "value-out-of-range",
                Error,
                "a value that cannot be right",
                "The value has the right form but cannot be meant: a time past 23:59, a date that is not in the calendar, a percentage above 100%, a count or duration of zero where one is needed.",
                "register pm { opens 25:10 }",
                "register pm { opens 13:10 }"
            ),
            Code::TimesOutOfOrder => info!(
                "T003",
                "times-out-of-order",
                Error,
                "times that come in the wrong order",
                "A register must close after it opens, the afternoon register must open after the morning one, the day must end after it starts, and a penalty-notice payment period must grow with the amount. One of these orders is broken.",
                "register am { opens 09:00 closes 08:35 }",
                "register am { opens 08:35 closes 09:00 }"
            ),
            Code::WindowDoesNotFit => info!(
                "T004",
                "window-does-not-fit",
                Error,
                "a measure and a window that do not go together",
                "A run of consecutive days is measured up to today, so it takes no `over` window; and a rolling window is counted in `school weeks` or `weeks`, a last-days window in `school days`.",
                "when consecutive school days(unauthorised) >= 10 over term",
                "when consecutive school days(unauthorised) >= 10"
            ),
            Code::DuplicateRuleName => info!(
                "N001",
                "duplicate-rule-name",
                Error,
                "two rules with the same name",
                "Rule names identify rules in reports and in schools that extend a trust policy, so within one policy each name is used once. A school may reuse a trust rule's name on purpose: its rule then replaces the trust's.",
                "rule \"letter\" { ... }\nrule \"letter\" { ... }",
                "rule \"first letter\" { ... }\nrule \"second letter\" { ... }"
            ),
            Code::RepeatedStatement => info!(
                "N002",
                "repeated-statement",
                Error,
                "a statement that may appear once appears twice",
                "Some statements set a single value, such as the time the day starts or the morning register's hours. Writing one twice in the same place leaves it unclear which is meant; keep one.",
                "day { starts 08:35 starts 08:40 }",
                "day { starts 08:35 }"
            ),
            Code::UnknownAttendanceCode => info!(
                "N003",
                "unknown-attendance-code",
                Error,
                "an attendance code the regulations do not have",
                "Attendance codes are those of the national code table for the regulations the policy is written under. `attend codes --regime NAME` lists them. Codes made of punctuation are written bare (`/`, `\\`) or in quotes (`\"#\"`).",
                "when sessions(UA) >= 3 over term",
                "when sessions(U) >= 3 over term"
            ),
            Code::UnknownCodeGroup => info!(
                "N004",
                "unknown-code-group",
                Error,
                "a group of codes that does not exist",
                "Besides single codes, a code list may name a group: `present`, `attending`, `approved`, `authorised`, `unauthorised`, `absent` (authorised and unauthorised) or `not-possible`.",
                "when sessions(unauthorized) >= 10",
                "when sessions(unauthorised) >= 10"
            ),
            Code::UnknownRegulations => info!(
                "N005",
                "unknown-regulations",
                Error,
                "regulations attend does not know",
                "`regulations` names the national rules a policy is written under: `england-2006` (in force until 18 August 2024) or `england-2024` (from 19 August 2024). Leave the statement out to use the regulations in force on the effective date.",
                "regulations england-2023",
                "regulations england-2024"
            ),
            Code::ExtendsNotFound => info!(
                "N006",
                "extends-not-found",
                Error,
                "the policy this one extends cannot be read",
                "`extends` names a file, relative to the file that contains the statement. The file named does not exist or cannot be read.",
                "extends \"trust.attend\"",
                "extends \"trusts/atlp-trust.attend\""
            ),
            Code::ExtendsCycle => info!(
                "N007",
                "extends-cycle",
                Error,
                "policies that extend each other in a circle",
                "A school policy may extend a trust policy, which may extend another, but the chain must end. Here a file is reached again from itself.",
                "# a.attend\nextends \"b.attend\"\n# b.attend\nextends \"a.attend\"",
                "# a.attend\nextends \"b.attend\"\n# b.attend (extends nothing)"
            ),
            Code::EmptyRule => info!(
                "N008",
                "empty-rule",
                Error,
                "a rule with no condition or no action",
                "A rule says when it fires (`when ...`) and what follows (`then ...`). Without both it can never do anything.",
                "rule \"concern\" { when attendance < 96% over year to date }",
                "rule \"concern\" {\n    when attendance < 96% over year to date\n    then letter \"attendance-concern\"\n}"
            ),
            Code::NoSchool => info!(
                "N009",
                "no-school",
                Error,
                "statements that belong to no school",
                "A policy file names the school it is for (`school \"Name\" { ... }`), or the trust or federation whose base policy it is (`trust \"Name\" { ... }`). This file has statements but names neither.",
                "day { starts 08:35 }",
                "school \"Stanborough School\" {\n    effective 2025-11-01\n}\nday { starts 08:35 }"
            ),
            Code::MissingEffectiveDate => info!(
                "N010",
                "missing-effective-date",
                Error,
                "a school policy with no effective date",
                "The date a policy takes effect decides which regulations it is checked against, so every school needs one, in its own block or in the trust or federation block it extends.",
                "school \"Heelands\" { regulations england-2024 }",
                "school \"Heelands\" {\n    regulations england-2024\n    effective 2024-12-01\n}"
            ),
            Code::DuplicateSchool => info!(
                "N011",
                "duplicate-school",
                Error,
                "two schools with the same name",
                "Each school in a federation file has its own block; two blocks with one name would make the school's rules ambiguous. Merge them.",
                "school \"Heelands\" { ... }\nschool \"Heelands\" { ... }",
                "school \"Heelands\" { ... }\nschool \"Summerfield\" { ... }"
            ),
            Code::ExtendsSchoolPolicy => info!(
                "N012",
                "extends-school-policy",
                Error,
                "a policy extends a file that is itself for a school",
                "`extends` takes the shared part of a policy: a trust or federation base, which has no `school` blocks. Extending a school's own policy would take another school's rules without saying so. Move the shared statements into a base file that both extend.",
                "# heelands.attend\nextends \"summerfield.attend\"",
                "# heelands.attend\nextends \"trusts/blue-sky-federation.attend\""
            ),
            Code::IncompleteBlock => info!(
                "N013",
                "incomplete-block",
                Error,
                "a block that lacks a statement it needs",
                "Some blocks need certain statements to mean anything: a register needs both `opens` and `closes` (or `closes after` a duration).",
                "register am { opens 08:35 }",
                "register am { opens 08:35 closes 09:00 }"
            ),
            Code::RegisterOpenTooLong => info!(
                "C101",
                "register-open-too-long",
                Error,
                "a register kept open longer than the regulations allow",
                "The register records who is present when it is taken; a pupil arriving after it closes is marked U, unauthorised absence. The statutory guidance expects the register to close no later than 30 minutes after it opens, the same for every session.",
                "register am { opens 08:35 closes 09:30 }",
                "register am { opens 08:35 closes 09:05 }"
            ),
            Code::MissingRegister => info!(
                "C102",
                "missing-register",
                Error,
                "no morning or no afternoon register",
                "Attendance is recorded at the beginning of each morning session and once during each afternoon session, so a policy states both registers.",
                "register am { opens 08:35 closes 09:00 }",
                "register am { opens 08:35 closes 09:00 }\nregister pm { opens 13:40 closes 13:55 }"
            ),
            Code::RegisterAfterSessionStart => info!(
                "C103",
                "register-after-session-start",
                Warning,
                "the morning register opens after the day starts",
                "The morning register is taken at the beginning of the morning session. When the policy says the day starts earlier than the register opens, either the day's start is really when the gates or doors open (write it as `gates open`) or the register is taken late.",
                "day { starts 08:40 }\nregister am { opens 08:50 closes 09:05 }",
                "day { gates open 08:40  starts 08:50 }\nregister am { opens 08:50 closes 09:05 }"
            ),
            Code::RecordsKeptTooShort => info!(
                "C104",
                "records-kept-too-short",
                Error,
                "register entries kept for less than the required period",
                "Every entry in the attendance register must be kept for a minimum period from the date it was made: six years under the 2024 regulations, three years before them.",
                "records retained 3 years",
                "records retained 6 years"
            ),
            Code::PenaltyAmountsDiffer => info!(
                "C201",
                "penalty-amounts-differ",
                Error,
                "penalty-notice amounts or payment periods that differ from the national ones",
                "The amounts of a penalty notice and the periods for paying them are set nationally, not by schools or local authorities. The policy states other amounts or periods.",
                "first £60 within 21 days, £120 within 28 days",
                "first £80 within 21 days, £160 within 28 days"
            ),
            Code::PenaltyLimitDiffers => info!(
                "C202",
                "penalty-limit-differs",
                Error,
                "a limit on penalty notices per parent per child that differs from the national one",
                "No more than two penalty notices may be issued to the same parent for the same child within three years; after that another intervention is used. The policy states another limit.",
                "at most 3 per parent per child within 3 years",
                "at most 2 per parent per child within 3 years"
            ),
            Code::NoticeToImproveOutsideRange => info!(
                "C203",
                "notice-to-improve-outside-range",
                Error,
                "a notice-to-improve period outside the national range",
                "A notice to improve gives parents an improvement period of between 3 and 6 weeks before a penalty notice. The policy's period falls outside that range.",
                "notice to improve 2 weeks to 8 weeks",
                "notice to improve 3 weeks to 6 weeks"
            ),
            Code::PenaltyThresholdDiffers => info!(
                "C204",
                "penalty-threshold-differs",
                Error,
                "a penalty-notice threshold other than the national one",
                "From 19 August 2024 there is one national threshold at which a penalty notice must be considered: 10 sessions of unauthorised absence within a rolling period of 10 school weeks. A school may not set its own.",
                "threshold sessions(G, O, U) >= 6 over term",
                "threshold sessions(G, O, U) >= 10 over rolling 10 school weeks"
            ),
            Code::PenaltyCountsNonAbsence => info!(
                "C205",
                "penalty-counts-non-absence",
                Error,
                "a penalty notice considered for marks that are not unauthorised absence",
                "A penalty notice is for unauthorised absence. A late mark `L` records a pupil who arrived before the register closed: the pupil is present. Count `U` (arrived after the register closed) or other unauthorised codes instead, and use the national threshold.",
                "when sessions(L) >= 6 over rolling 12 weeks\nthen consider penalty notice",
                "when sessions(G, O, U) >= 10 over rolling 10 school weeks\nthen consider penalty notice"
            ),
            Code::WithdrawnCode => info!(
                "C301",
                "withdrawn-code",
                Error,
                "an attendance code the regulations have withdrawn",
                "The code was part of an earlier code table but not of the regulations this policy is written under. The finding says which code replaced it.",
                "when sessions(H) >= 1 over year to date",
                "when sessions(C) >= 1 over year to date"
            ),
            Code::CodeInWrongCategory => info!(
                "C302",
                "code-in-wrong-category",
                Error,
                "a code counted as absence that is not a possible session",
                "Codes such as X, Y1 to Y7, Q, Z and # mark sessions that are not possible sessions: the pupil is not expected to attend. They are not absence, and counting them as absence treats pupils as absent when the law does not.",
                "when consecutive school days(O, Y2) >= 10",
                "when consecutive school days(O) >= 10"
            ),
            Code::LeaveReasonNotAllowed => info!(
                "C401",
                "leave-reason-not-allowed",
                Error,
                "leave of absence for a reason the regulations do not allow",
                "Leave of absence may be granted only in the circumstances the regulations list: under the 2024 regulations a regulated performance or regulated employment abroad, an interview, study leave, a temporary part-time timetable, or exceptional circumstances. Headteachers have had no discretion to grant holidays since 2013.",
                "granted for holiday, exceptional-circumstances",
                "granted for exceptional-circumstances"
            ),
            Code::AbsenceDefinitionDiffers => info!(
                "C501",
                "absence-definition-differs",
                Error,
                "persistent or severe absence defined other than nationally",
                "Persistent absence is missing 10% or more of possible sessions, and severe absence 50% or more. A pupil at exactly 90% attendance is persistently absent. A definition such as `attendance < 90%` leaves that pupil out.",
                "persistent absence when attendance < 90% over year to date",
                "persistent absence when absence >= 10% over year to date"
            ),
            Code::LocalAuthorityToldLate => info!(
                "C601",
                "local-authority-told-late",
                Error,
                "the local authority told later than the regulations require",
                "A school must tell the local authority about a pupil absent without authorisation for a continuous period of 10 school days. A rule that notifies the local authority only after more days contradicts that duty.",
                "when consecutive school days(unauthorised) >= 15\nthen notify local authority",
                "when consecutive school days(unauthorised) >= 10\nthen notify local authority"
            ),
            Code::SchoolWeekShort => info!(
                "C701",
                "school-week-short",
                Warning,
                "a school week shorter than the expected minimum",
                "Mainstream state schools are expected to deliver at least 32.5 hours a week, counted from the official start of the day (the morning register) to its official end. Five days of the policy's day come to less. This is guidance, not law: a warning.",
                "day { starts 08:35 ends 15:00 }",
                "day { starts 08:35 ends 15:05 }"
            ),
            Code::RoutineMedicalEvidence => info!(
                "C702",
                "routine-medical-evidence",
                Warning,
                "medical evidence asked for routinely",
                "The statutory guidance says schools should not routinely ask for medical evidence for illness; only where there is genuine and reasonable doubt. Asking for it after a set number of days is routine. This is guidance: a warning.",
                "medical evidence { when consecutive school days(I) > 5 }",
                "medical evidence { when in doubt }"
            ),
            Code::ReviewDatePassed => info!(
                "C703",
                "review-date-passed",
                Warning,
                "the policy's review date has passed",
                "The policy names a date by which it is reviewed, and that date is past. Review the policy against the regulations in force now, and give the next review date.",
                "review 2024-11-30",
                "review 2026-11-30"
            ),
            Code::SupersededRegulations => info!(
                "C704",
                "superseded-regulations",
                Warning,
                "the policy is written under regulations that have since been replaced",
                "A policy is checked against the regulations in force on its effective date. Those regulations have been replaced since, so a policy still in use today must follow the new ones. Check it against them by giving it a new effective date and `regulations` line, and review what the new checks find.",
                "regulations england-2006\neffective 2022-11-07",
                "regulations england-2024\neffective 2025-09-01"
            ),
        }
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}
