//! `attend.toml`: a project's settings for `attend check`, found in the
//! folder of the first path checked or any folder above it. Options given on
//! the command line win; regime files are added to those it names.

use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "attend.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub check: CheckConfig,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckConfig {
    /// Compliance checks to run, as `--select` takes them.
    #[serde(default)]
    pub select: Vec<String>,
    /// Compliance checks to leave out, as `--ignore` takes them.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Fail on warnings, as `--deny warnings` does.
    #[serde(default)]
    pub deny_warnings: bool,
    /// Judge as at this date, as `--as-of` does (`today` is the same key).
    #[serde(default, alias = "today", deserialize_with = "day")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Regime files to load, relative to the configuration file.
    #[serde(default)]
    pub regulations: Vec<PathBuf>,
}

/// The nearest `attend.toml` at or above `start` (a file's folder, or a
/// folder), read; an unreadable or unknown setting is an error that names it.
pub fn find(start: &Path) -> Result<Option<(PathBuf, Config)>, String> {
    let absolute = std::path::absolute(start).map_err(|e| format!("{}: {e}", start.display()))?;
    let first = if absolute.is_dir() { absolute.as_path() } else { absolute.parent().unwrap_or(&absolute) };
    for folder in first.ancestors() {
        let path = folder.join(FILE_NAME);
        if path.is_file() {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let mut config: Config = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            for file in &mut config.check.regulations {
                *file = folder.join(&*file);
            }
            return Ok(Some((path, config)));
        }
    }
    Ok(None)
}

/// A day written as a TOML date (`as-of = 2026-11-23`) or as text.
fn day<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<chrono::NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Date(toml::value::Datetime),
        Text(String),
    }
    let text = match Written::deserialize(d)? {
        Written::Date(date) => date.to_string(),
        Written::Text(text) => text,
    };
    chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| serde::de::Error::custom(format!("`{text}` is not a day like 2026-11-23")))
}
