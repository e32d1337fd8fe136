//! Meanings codes had under earlier regulations, and how a published code
//! table that still gives one is recognised.

use super::CodeEntry;
use serde::{Deserialize, Serialize};

/// A meaning a code had under earlier regulations, and the words that show a
/// published code table still gives it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FormerMeaning {
    pub regime: String,
    pub meaning: String,
    /// Lower case; any of them in a code table's meaning shows the old one.
    pub words: Vec<String>,
}

impl CodeEntry {
    /// The former meaning a code table's `written` meaning gives, if any.
    pub fn former_meaning(&self, written: &str) -> Option<&FormerMeaning> {
        let written = written.to_lowercase();
        self.former.iter().find(|f| f.words.iter().any(|w| written.contains(w.as_str())))
    }
}
