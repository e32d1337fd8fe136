//! Citations: where each rule of a regime comes from, and what a regime file
//! must hold to be used.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Where a rule comes from: the regime, an instrument and the provision in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The regime whose data holds the citation.
    pub regime: String,
    pub instrument: String,
    pub provision: String,
    pub url: String,
    /// Whether the provision has been read against the instrument's published text.
    pub checked: bool,
}

/// Said of every citation whose provision has not been read against the text.
pub const UNCHECKED: &str = "provision not yet read against the published text";

impl std::fmt::Display for Citation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "({}) {}, {} <{}>", self.regime, self.instrument, self.provision, self.url)?;
        if !self.checked {
            write!(f, " [{UNCHECKED}]")?;
        }
        Ok(())
    }
}

/// Citations attend reads from every regime, whatever the policy says.
pub const REQUIRED_CITATIONS: &[(&str, &str)] = &[
    ("regulations", "the instrument itself, cited when a policy's regulations have been replaced"),
    ("codes", "the table of attendance codes"),
];

/// Why a regime file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RegimeError {
    #[error("cannot read the regime file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("regime {regime} refers to a citation \"{key}\" that it does not define")]
    UndefinedCitation { regime: String, key: String },
    #[error("regime {regime} has no citation \"{key}\" ({why}); add a [citations.{key}] table")]
    MissingCitation { regime: String, key: &'static str, why: &'static str },
    #[error("regime {regime} lists the code {code} twice")]
    DuplicateCode { regime: String, code: String },
}
