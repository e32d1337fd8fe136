//! A rule set from a file: a policy compiled for one of its schools, or a
//! rule set written earlier by `attend compile`.

use super::ir::{FORMAT_NAME, FORMAT_VERSION, RuleSet};
use crate::diagnostics::Diagnostic;
use crate::policy::{self, ChoiceError};
use crate::regulations::Regimes;
use crate::source::SourceMap;
use std::path::{Path, PathBuf};

/// Why a policy or rule-set file could not become a rule set.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    #[error("{}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    /// The policy has language errors: the diagnostics say what and where.
    #[error("{} has errors; `attend check` explains them", path.display())]
    Policy { path: PathBuf, sources: SourceMap, diagnostics: Vec<Diagnostic> },
    #[error(transparent)]
    Choice(#[from] ChoiceError),
    #[error("{0}")]
    Regulations(String),
    #[error("`{code}` is not a code of {regime}")]
    UnknownCode { code: String, regime: String },
    #[error("there is no group of codes called `{0}`")]
    UnknownGroup(String),
    #[error("the code {code} has a different category in {regimes}: a run cannot count it both ways")]
    CodeCategories { code: String, regimes: String },
    #[error("the duty \"{duty}\" of {regime} cannot be read: {problem}")]
    Duty { duty: String, regime: String, problem: String },
    #[error("{}: {source}", path.display())]
    RuleSet { path: PathBuf, source: RuleSetError },
    #[error("the rule \"{rule}\" follows \"{follows}\", which is not a rule of the policy")]
    Stage { rule: String, follows: String },
}

/// Why a file is not a rule set this attend can run.
#[derive(Debug, thiserror::Error)]
pub enum RuleSetError {
    #[error("not a rule set: {0}")]
    NotJson(String),
    #[error("not a rule set (its format is \"{0}\", expected \"{FORMAT_NAME}\")")]
    WrongFormat(String),
    #[error(
        "rule set version {0} cannot be read by this attend (it reads version {FORMAT_VERSION}); compile the policy again"
    )]
    WrongVersion(u64),
    #[error("the rule set is damaged: {0}")]
    Damaged(String),
}

/// Reads a policy (or a compiled rule set) from `path` and returns the rule
/// set of one of its schools: the one named, or the only one. A policy with
/// language errors is refused; compliance findings do not stop compilation, so
/// a school can see what its current rules would do.
pub fn load(path: &Path, regimes: &Regimes, school: Option<&str>) -> Result<RuleSet, CompileError> {
    let read_error = |source| CompileError::Read { path: path.to_path_buf(), source };
    // Read as policy files are: a regular file, of bounded size.
    let bytes = crate::syntax::read_limited(path).map_err(read_error)?;
    if bytes.trim_ascii_start().starts_with(b"{") {
        return read_rule_set(&bytes)
            .map_err(|source| CompileError::RuleSet { path: path.to_path_buf(), source });
    }
    let mut sources = SourceMap::new();
    let (policy, diagnostics) = policy::read_policy(&mut sources, path, regimes).map_err(read_error)?;
    let errors: Vec<Diagnostic> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
    let policy = match policy {
        Some(policy) if errors.is_empty() => policy,
        _ => return Err(CompileError::Policy { path: path.to_path_buf(), sources, diagnostics: errors }),
    };
    let chosen = policy::choose_school(&policy, path, school)?;
    let regime =
        crate::model::regime_for(chosen, regimes).map_err(|d| CompileError::Regulations(d.message))?;
    super::compile(chosen, regime, regimes, &sources)
}

/// Reads a rule set written by `attend compile`, refusing other formats and versions.
pub fn read_rule_set(bytes: &[u8]) -> Result<RuleSet, RuleSetError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| RuleSetError::NotJson(e.to_string()))?;
    let format = value.get("format").and_then(|f| f.as_str()).unwrap_or_default();
    let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or_default();
    if format != FORMAT_NAME {
        return Err(RuleSetError::WrongFormat(format.to_string()));
    }
    if version != u64::from(FORMAT_VERSION) {
        return Err(RuleSetError::WrongVersion(version));
    }
    let rules: RuleSet = serde_json::from_value(value).map_err(|e| RuleSetError::Damaged(e.to_string()))?;
    rules.check().map_err(RuleSetError::Damaged)?;
    Ok(rules)
}
