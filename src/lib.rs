//! attend: a compiler, validator and rule engine for school attendance
//! policies in England.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`syntax`] (text to tree) → [`model`] (tree to resolved policy) →
//! [`regulations`] (the national rules, as data) and the checks.

pub mod check;
pub mod compile;
pub mod diagnostics;
pub mod engine;
pub mod lsp;
pub mod model;
pub mod policy;
pub mod register;
pub mod regulations;
pub mod report;
pub mod simulate;
pub mod source;
pub mod syntax;
pub mod synthetic;
pub mod testing;
pub mod vocabulary;
pub mod walk;
