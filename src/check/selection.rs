//! Which compliance checks run: `attend check --select` and `--ignore`.
//!
//! Each item is a compliance code (`C101`) or the start of one (`C1`, `C70`,
//! `C`), in any case. Nothing selected means every check; an ignored code is
//! left out even when it is also selected. The language's diagnostics (P, T,
//! N) are not chosen here: a policy that does not make sense cannot be
//! checked, so they are always reported.

use super::compliance::CHECKS;
use crate::diagnostics::Code;
use std::fmt;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
}

/// An item of `--select` or `--ignore` that names no compliance check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectionError {
    /// The option the item was given to: `--select` or `--ignore`.
    pub option: &'static str,
    pub item: String,
}

impl fmt::Display for SelectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let option = self.option;
        if self.item.is_empty() {
            write!(f, "{option} has an empty item")?;
        } else if super::all_codes().iter().any(|c| c.id().starts_with(&self.item)) {
            write!(
                f,
                "{option} {}: P, T and N diagnostics are always reported and cannot be chosen",
                self.item
            )?;
        } else {
            write!(f, "{option} {}: no compliance check has this code", self.item)?;
        }
        write!(f, "; compliance codes look like C101, and a prefix such as C1 names a group of them")
    }
}

impl std::error::Error for SelectionError {}

impl Selection {
    /// Every compliance check.
    pub fn all() -> Selection {
        Selection::default()
    }

    /// The one check with this code.
    pub fn only(code: Code) -> Selection {
        Selection { select: vec![code.id().to_string()], ignore: Vec::new() }
    }

    /// The checks `select` names (all, if it is empty) and `ignore` does not.
    /// An item may also hold several codes separated by commas.
    pub fn new<S: AsRef<str>>(select: &[S], ignore: &[S]) -> Result<Selection, SelectionError> {
        Ok(Selection { select: items("--select", select)?, ignore: items("--ignore", ignore)? })
    }

    /// Whether the check with this code runs.
    pub fn includes(&self, code: Code) -> bool {
        let named = |items: &[String]| items.iter().any(|item| code.id().starts_with(item.as_str()));
        (self.select.is_empty() || named(&self.select)) && !named(&self.ignore)
    }
}

fn items<S: AsRef<str>>(option: &'static str, given: &[S]) -> Result<Vec<String>, SelectionError> {
    let mut items = Vec::new();
    for item in given.iter().flat_map(|g| g.as_ref().split(',')) {
        let item = item.trim().to_ascii_uppercase();
        if item.is_empty() || !CHECKS.iter().any(|c| c.code.id().starts_with(&item)) {
            return Err(SelectionError { option, item });
        }
        items.push(item);
    }
    Ok(items)
}
