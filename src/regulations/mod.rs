//! The national regulations, as data. Each regime is a TOML file embedded in
//! the binary (`regimes/`); another can be loaded from disk for a change of
//! law. Code here reads the data and answers questions about it; it holds no
//! limits or codes of its own.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

mod citation;
mod penalty;
mod table;

pub use citation::{Citation, REQUIRED_CITATIONS, RegimeError, UNCHECKED};
mod former;
pub use former::FormerMeaning;
pub use penalty::{DatedAmounts, ImproveRange, PenaltyRules, PenaltyThreshold};
pub use table::code_table;

const EMBEDDED: &[(&str, &str)] = &[
    ("england-2006", include_str!("regimes/england-2006.toml")),
    ("england-2024", include_str!("regimes/england-2024.toml")),
];

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Regime {
    pub name: String,
    pub title: String,
    pub in_force_from: NaiveDate,
    pub in_force_until: Option<NaiveDate>,
    pub citations: BTreeMap<String, CitationData>,
    #[serde(default)]
    pub limits: Limits,
    pub penalty_notices: Option<PenaltyRules>,
    pub leave_of_absence: Option<LeaveRules>,
    pub codes: Vec<CodeEntry>,
    #[serde(default)]
    pub withdrawn: Vec<WithdrawnCode>,
    #[serde(default)]
    pub duties: Vec<Duty>,
}

/// A duty the law places on every school, as a rule in the policy language.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    pub name: String,
    pub when: String,
    pub then: String,
    pub cite: String,
    /// The most times the duty applies to a pupil within a period.
    #[serde(default)]
    pub at_most: Option<crate::vocabulary::Limit>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CitationData {
    pub instrument: String,
    pub provision: String,
    pub url: String,
    /// Whether the provision has been read against the published text.
    pub checked: bool,
}

/// A limit and the name of the citation it rests on.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CitedLimit {
    pub value: u32,
    pub cite: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub register_open_max_minutes: Option<CitedLimit>,
    pub records_retained_min_years: Option<CitedLimit>,
    pub persistent_absence_percent: Option<CitedLimit>,
    pub severe_absence_percent: Option<CitedLimit>,
    pub school_week_min_minutes: Option<CitedLimit>,
    pub la_notification_max_school_days: Option<CitedLimit>,
    pub unresolved_n_max_school_days: Option<CitedLimit>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LeaveRules {
    pub cite: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CodeEntry {
    pub code: String,
    pub meaning: String,
    pub category: Category,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    /// For the codes of a late arrival: whether the pupil came before or
    /// after the register closed.
    #[serde(default)]
    pub arrival: Option<LateArrival>,
    /// Meanings the code had under earlier regulations and no longer has.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former: Vec<FormerMeaning>,
}

/// When a late pupil arrived, as a late-arrival code records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LateArrival {
    BeforeClose,
    AfterClose,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawnCode {
    pub code: String,
    pub replaced_by: String,
}

/// The statistical category of a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Present,
    Approved,
    Authorised,
    Unauthorised,
    NotCounted,
    Administrative,
}

impl Category {
    /// The category a policy names, in the words the data uses.
    pub fn from_name(name: &str) -> Option<Category> {
        Some(match name {
            "present" => Category::Present,
            "approved" => Category::Approved,
            "authorised" => Category::Authorised,
            "unauthorised" => Category::Unauthorised,
            "not-counted" => Category::NotCounted,
            "administrative" => Category::Administrative,
            _ => return None,
        })
    }

    pub fn is_possible_session(self) -> bool {
        !matches!(self, Category::NotCounted | Category::Administrative)
    }

    pub fn name(self) -> &'static str {
        match self {
            Category::Present => "present",
            Category::Approved => "attending an approved educational activity",
            Category::Authorised => "authorised absence",
            Category::Unauthorised => "unauthorised absence",
            Category::NotCounted => "not a possible session",
            Category::Administrative => "administrative",
        }
    }
}

/// The names a policy may use for groups of codes, and the categories each holds.
pub const GROUPS: &[(&str, &[Category])] = &[
    ("present", &[Category::Present]),
    ("approved", &[Category::Approved]),
    ("attending", &[Category::Present, Category::Approved]),
    ("authorised", &[Category::Authorised]),
    ("unauthorised", &[Category::Unauthorised]),
    ("absent", &[Category::Authorised, Category::Unauthorised]),
    ("not-possible", &[Category::NotCounted, Category::Administrative]),
];

impl Regime {
    /// Reads a regime from TOML; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Regime, RegimeError> {
        let regime: Regime = toml::from_str(text)
            .map_err(|e| RegimeError::Invalid { path: origin.to_string(), message: e.to_string() })?;
        regime.check_references()?;
        Ok(regime)
    }

    pub fn load(path: &Path) -> Result<Regime, RegimeError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| RegimeError::Read { path: path.to_path_buf(), source })?;
        Regime::parse(&text, &path.display().to_string())
    }

    /// Every `cite = "..."` names a citation of this regime, and every
    /// citation attend always reads is there.
    fn check_references(&self) -> Result<(), RegimeError> {
        let mut names: Vec<&str> = Vec::new();
        let l = &self.limits;
        for limit in [
            &l.register_open_max_minutes,
            &l.records_retained_min_years,
            &l.persistent_absence_percent,
            &l.severe_absence_percent,
            &l.school_week_min_minutes,
            &l.la_notification_max_school_days,
            &l.unresolved_n_max_school_days,
        ]
        .into_iter()
        .flatten()
        {
            names.push(&limit.cite);
        }
        if let Some(p) = &self.penalty_notices {
            names.push(&p.cite);
            names.extend(p.threshold.as_ref().map(|t| t.cite.as_str()));
            names.extend(p.notice_to_improve_weeks.as_ref().map(|t| t.cite.as_str()));
        }
        names.extend(self.leave_of_absence.as_ref().map(|l| l.cite.as_str()));
        names.extend(self.duties.iter().map(|d| d.cite.as_str()));
        for (key, why) in REQUIRED_CITATIONS {
            if !self.citations.contains_key(*key) {
                return Err(RegimeError::MissingCitation { regime: self.name.clone(), key, why });
            }
        }
        for name in names {
            if !self.citations.contains_key(name) {
                return Err(RegimeError::UndefinedCitation {
                    regime: self.name.clone(),
                    key: name.to_string(),
                });
            }
        }
        let mut seen = std::collections::HashSet::new();
        for code in &self.codes {
            if !seen.insert(code.code.as_str()) {
                return Err(RegimeError::DuplicateCode {
                    regime: self.name.clone(),
                    code: code.code.clone(),
                });
            }
        }
        Ok(())
    }

    /// The citation named `name`, if the regime has it.
    pub fn citation(&self, name: &str) -> Option<Citation> {
        self.citations.get(name).map(|data| Citation {
            regime: self.name.clone(),
            instrument: data.instrument.clone(),
            provision: data.provision.clone(),
            url: data.url.clone(),
            checked: data.checked,
        })
    }

    pub fn code(&self, code: &str) -> Option<&CodeEntry> {
        self.codes.iter().find(|c| c.code == code)
    }

    pub fn withdrawn(&self, code: &str) -> Option<&WithdrawnCode> {
        self.withdrawn.iter().find(|c| c.code == code)
    }

    /// The codes of a named group, or `None` if there is no such group.
    pub fn group(&self, name: &str) -> Option<Vec<&CodeEntry>> {
        let (_, categories) = GROUPS.iter().find(|(n, _)| *n == name)?;
        Some(self.codes.iter().filter(|c| categories.contains(&c.category)).collect())
    }

    /// The days the regime is in force.
    pub fn validity(&self) -> crate::vocabulary::Validity {
        crate::vocabulary::Validity { from: Some(self.in_force_from), until: self.in_force_until }
    }

    /// `date`, or the nearest day the regime is in force: a regime judged
    /// after it ended is judged as on its last day.
    pub fn nearest_day_in_force(&self, date: NaiveDate) -> NaiveDate {
        let date = date.max(self.in_force_from);
        self.in_force_until.map_or(date, |until| date.min(until))
    }

    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        date >= self.in_force_from && self.in_force_until.is_none_or(|until| date <= until)
    }
}

/// The regimes attend knows: the embedded ones and any loaded from files.
#[derive(Debug, Clone)]
pub struct Regimes {
    list: Vec<Regime>,
}

impl Regimes {
    /// The regimes built into attend. One that fails to read is left out;
    /// the unit tests prove every embedded regime reads.
    pub fn embedded() -> Regimes {
        let list = EMBEDDED.iter().filter_map(|(name, text)| Regime::parse(text, name).ok()).collect();
        Regimes { list }
    }

    /// Adds a regime; one with the same name as an embedded regime replaces it.
    pub fn add(&mut self, regime: Regime) {
        self.list.retain(|r| r.name != regime.name);
        self.list.push(regime);
    }

    pub fn all(&self) -> &[Regime] {
        &self.list
    }

    pub fn named(&self, name: &str) -> Option<&Regime> {
        self.list.iter().find(|r| r.name == name)
    }

    /// The regime in force on `date` (the latest to start, if several are).
    pub fn in_force_on(&self, date: NaiveDate) -> Option<&Regime> {
        self.list.iter().filter(|r| r.in_force_on(date)).max_by_key(|r| r.in_force_from)
    }

    pub fn names(&self) -> Vec<&str> {
        self.list.iter().map(|r| r.name.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_regimes_load_and_meet_in_august_2024() {
        let regimes = Regimes::embedded();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(regimes.in_force_on(day("2024-08-18")).unwrap().name, "england-2006");
        assert_eq!(regimes.in_force_on(day("2024-08-19")).unwrap().name, "england-2024");
    }

    #[test]
    fn groups_follow_categories() {
        let regimes = Regimes::embedded();
        let r = regimes.named("england-2024").unwrap();
        let unauthorised: Vec<&str> =
            r.group("unauthorised").unwrap().iter().map(|c| c.code.as_str()).collect();
        assert_eq!(unauthorised, ["G", "N", "O", "U"]);
        assert!(r.group("unauthorized").is_none());
    }

    #[test]
    fn penalty_amounts_change_with_the_date_inside_one_regime() {
        let regimes = Regimes::embedded();
        let rules = regimes.named("england-2006").and_then(|r| r.penalty_notices.as_ref()).unwrap();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let first = |date: &str| {
            let amounts = rules.amounts_on(day(date)).unwrap();
            amounts.first.as_ref().unwrap().iter().map(|p| (p.pence, p.within_days)).collect::<Vec<_>>()
        };
        assert_eq!(first("2010-01-04"), [(5000, 28), (10000, 42)]);
        assert_eq!(first("2012-09-03"), [(6000, 28), (12000, 42)]);
        assert_eq!(first("2013-09-02"), [(6000, 21), (12000, 28)]);
        assert_eq!(first("2024-08-18"), [(6000, 21), (12000, 28)]);
        assert!(
            rules.amounts_on(day("2006-09-04")).is_none(),
            "no amounts are given before the 2007 regulations"
        );
    }

    #[test]
    fn every_embedded_regime_reads() {
        for (name, text) in EMBEDDED {
            assert!(Regime::parse(text, name).is_ok(), "{name}");
        }
        assert_eq!(Regimes::embedded().all().len(), EMBEDDED.len());
    }

    #[test]
    fn a_citation_that_is_not_defined_is_refused() {
        let text =
            include_str!("regimes/england-2024.toml").replace("cite = \"retention\"", "cite = \"nowhere\"");
        let error = Regime::parse(&text, "test").unwrap_err().to_string();
        assert!(error.contains("nowhere"), "{error}");
    }

    #[test]
    fn a_regime_without_a_citation_attend_always_reads_is_refused() {
        let text =
            include_str!("regimes/england-2024.toml").replace("[citations.regulations]", "[citations.other]");
        let error = Regime::parse(&text, "test").unwrap_err().to_string();
        assert!(error.contains("no citation \"regulations\""), "{error}");
    }
}
