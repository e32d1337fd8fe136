//! Every diagnostic code attend can report: the language's groups and the
//! compliance checks' codes.

use super::compliance::CHECKS;
use crate::diagnostics::Code;
use crate::diagnostics::codes::LANGUAGE;

/// Every code, in order: P, T, N, then the compliance codes.
pub fn all_codes() -> Vec<Code> {
    let mut codes: Vec<Code> = LANGUAGE.iter().flat_map(|group| group.iter().copied()).collect();
    codes.extend(CHECKS.iter().map(|c| c.code));
    codes
}

/// The code with this id (in any case, such as `c101`) or name (such as
/// `register-open-too-long`).
pub fn code_by_id(id: &str) -> Option<Code> {
    all_codes().into_iter().find(|c| c.id().eq_ignore_ascii_case(id) || c.info().name == id)
}
