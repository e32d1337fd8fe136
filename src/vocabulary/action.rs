//! What a rule does when it fires.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An action, with the name the policy gives it where it has one. Shown as the
/// policy writes it (`letter "attendance-concern"`); serialised with its kind
/// and name apart (`{"kind": "letter", "name": "attendance-concern"}`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "kebab-case")]
pub enum Action {
    Letter(String),
    Meeting(String),
    Contact(String),
    HomeVisit,
    NotifyLocalAuthority,
    Sanction(String),
    ConsiderPenaltyNotice,
    /// A notice for a suspended or excluded pupil found in a public place,
    /// apart from notices for absence.
    ConsiderSuspensionPenaltyNotice,
    /// A notice to improve: the national framework's last support before a
    /// penalty notice, opening an improvement period.
    IssueNoticeToImprove,
    ReferChildrenMissingEducation,
    RequestMedicalEvidence,
    /// A referral to a named service: `refer to "the police for a welfare check"`.
    Refer(String),
    /// Where a pupil signs in: `sign in "the late book"`.
    SignIn(String),
    /// The marks the rule counted are to be changed to this code: `recode as O`.
    Recode(String),
    /// The pupil's name is to be deleted from the admission register.
    RemoveFromRoll,
    /// The register mark a late arrival gets; only in lateness rules, where it
    /// is checked against the register times, not run.
    Mark(String),
}

/// An action without its name, for counting actions of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActionKind {
    Letter,
    Meeting,
    Contact,
    HomeVisit,
    NotifyLocalAuthority,
    Sanction,
    ConsiderPenaltyNotice,
    ConsiderSuspensionPenaltyNotice,
    IssueNoticeToImprove,
    ReferChildrenMissingEducation,
    RequestMedicalEvidence,
    Refer,
    SignIn,
    Recode,
    RemoveFromRoll,
    Mark,
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Letter(_) => ActionKind::Letter,
            Action::Meeting(_) => ActionKind::Meeting,
            Action::Contact(_) => ActionKind::Contact,
            Action::HomeVisit => ActionKind::HomeVisit,
            Action::NotifyLocalAuthority => ActionKind::NotifyLocalAuthority,
            Action::Sanction(_) => ActionKind::Sanction,
            Action::ConsiderPenaltyNotice => ActionKind::ConsiderPenaltyNotice,
            Action::ConsiderSuspensionPenaltyNotice => ActionKind::ConsiderSuspensionPenaltyNotice,
            Action::IssueNoticeToImprove => ActionKind::IssueNoticeToImprove,
            Action::ReferChildrenMissingEducation => ActionKind::ReferChildrenMissingEducation,
            Action::RequestMedicalEvidence => ActionKind::RequestMedicalEvidence,
            Action::Refer(_) => ActionKind::Refer,
            Action::SignIn(_) => ActionKind::SignIn,
            Action::Recode(_) => ActionKind::Recode,
            Action::RemoveFromRoll => ActionKind::RemoveFromRoll,
            Action::Mark(_) => ActionKind::Mark,
        }
    }

    /// The name a letter, meeting, contact, sanction, referral or place of signing in is given.
    pub fn name(&self) -> Option<&str> {
        match self {
            Action::Letter(n)
            | Action::Meeting(n)
            | Action::Contact(n)
            | Action::Sanction(n)
            | Action::Refer(n)
            | Action::SignIn(n)
            | Action::Recode(n)
            | Action::Mark(n) => Some(n),
            _ => None,
        }
    }
}

impl ActionKind {
    /// The kind as JSON and CSV give it, in kebab case.
    pub fn key(self) -> &'static str {
        match self {
            ActionKind::Letter => "letter",
            ActionKind::Meeting => "meeting",
            ActionKind::Contact => "contact",
            ActionKind::HomeVisit => "home-visit",
            ActionKind::NotifyLocalAuthority => "notify-local-authority",
            ActionKind::Sanction => "sanction",
            ActionKind::ConsiderPenaltyNotice => "consider-penalty-notice",
            ActionKind::ConsiderSuspensionPenaltyNotice => "consider-suspension-penalty-notice",
            ActionKind::IssueNoticeToImprove => "issue-notice-to-improve",
            ActionKind::ReferChildrenMissingEducation => "refer-children-missing-education",
            ActionKind::RequestMedicalEvidence => "request-medical-evidence",
            ActionKind::Refer => "refer",
            ActionKind::SignIn => "sign-in",
            ActionKind::Recode => "recode",
            ActionKind::RemoveFromRoll => "remove-from-roll",
            ActionKind::Mark => "mark",
        }
    }

    /// The action's words in the policy language.
    pub fn words(self) -> &'static str {
        match self {
            ActionKind::Letter => "letter",
            ActionKind::Meeting => "meeting",
            ActionKind::Contact => "contact",
            ActionKind::HomeVisit => "home visit",
            ActionKind::NotifyLocalAuthority => "notify local authority",
            ActionKind::Sanction => "sanction",
            ActionKind::ConsiderPenaltyNotice => "consider penalty notice",
            ActionKind::ConsiderSuspensionPenaltyNotice => "consider suspension penalty notice",
            ActionKind::IssueNoticeToImprove => "issue notice to improve",
            ActionKind::ReferChildrenMissingEducation => "refer to children missing education",
            ActionKind::RequestMedicalEvidence => "request medical evidence",
            ActionKind::Refer => "refer to",
            ActionKind::SignIn => "sign in",
            ActionKind::Recode => "recode as",
            ActionKind::RemoveFromRoll => "remove from roll",
            ActionKind::Mark => "mark",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            // A code is written bare when the language allows it, as in a code list.
            Some(code)
                if matches!(self.kind(), ActionKind::Mark | ActionKind::Recode) && is_bare_code(code) =>
            {
                write!(f, "{} {code}", self.kind().words())
            }
            Some(name) => write!(f, "{} \"{name}\"", self.kind().words()),
            None => f.write_str(self.kind().words()),
        }
    }
}

/// Whether a code can be written without quotes: capitals and digits, or `/` or `\\`.
pub fn is_bare_code(code: &str) -> bool {
    code == "/"
        || code == "\\"
        || code.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_display_as_written_and_serialise_apart() {
        let letter = Action::Letter("attendance-concern".into());
        assert_eq!(letter.to_string(), "letter \"attendance-concern\"");
        assert_eq!(Action::HomeVisit.to_string(), "home visit");
        let json = serde_json::to_string(&letter).unwrap_or_default();
        assert_eq!(json, r#"{"kind":"letter","name":"attendance-concern"}"#);
        assert_eq!(serde_json::to_string(&Action::HomeVisit).unwrap_or_default(), r#"{"kind":"home-visit"}"#);
    }

    #[test]
    fn kind_keys_match_the_serialised_kind() {
        let all = [
            Action::Letter(String::new()),
            Action::Meeting(String::new()),
            Action::Contact(String::new()),
            Action::HomeVisit,
            Action::NotifyLocalAuthority,
            Action::Sanction(String::new()),
            Action::ConsiderPenaltyNotice,
            Action::ConsiderSuspensionPenaltyNotice,
            Action::IssueNoticeToImprove,
            Action::ReferChildrenMissingEducation,
            Action::RequestMedicalEvidence,
            Action::Refer(String::new()),
            Action::SignIn(String::new()),
            Action::Recode("O".to_string()),
            Action::RemoveFromRoll,
            Action::Mark("U".to_string()),
        ];
        for action in all {
            let json = serde_json::to_value(&action).unwrap_or_default();
            assert_eq!(json["kind"], action.kind().key(), "{action}");
        }
    }
}
