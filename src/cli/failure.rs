//! Everything a command can fail with, and the one mapping from failures to
//! exit codes: 0 clean, 1 findings (a policy with errors, a register with
//! problems), 2 usage, I/O and configuration errors.

use attend::compile::CompileError;
use attend::diagnostics::render;
use attend::engine::RunError;
use attend::regulations::RegimeError;
use attend::simulate::sweep::SweepError;
use std::io::IsTerminal;
use std::process::ExitCode;

#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Regime(#[from] RegimeError),
    #[error(transparent)]
    Compile(#[from] CompileError),
    #[error(transparent)]
    Run(#[from] RunError),
    #[error(transparent)]
    Sweep(#[from] SweepError),
    #[error(transparent)]
    Pseudonym(#[from] attend::report::PseudonymError),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Usage(message)
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Self {
        Failure::Usage(message.to_string())
    }
}

impl Failure {
    /// 1 when the input itself has findings a user fixes in it; 2 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Compile(CompileError::Policy { .. })
            | Failure::Run(RunError::Register(_))
            | Failure::Sweep(SweepError::Run(RunError::Register(_))) => 1,
            _ => 2,
        }
    }

    /// Says on standard error what went wrong, and gives the exit code.
    pub fn report(self) -> ExitCode {
        let code = self.exit_code();
        match &self {
            Failure::Compile(CompileError::Policy { sources, diagnostics, .. }) => {
                eprint!("{}", render::human(sources, diagnostics, std::io::stderr().is_terminal()));
                eprintln!("error: {self}");
            }
            Failure::Run(RunError::Register(problems))
            | Failure::Sweep(SweepError::Run(RunError::Register(problems))) => {
                eprintln!("error: {self}");
                let total = problems.total();
                if total > 1 {
                    eprintln!("the register has {total} problems in all:");
                    eprint!("{}", problems.listing(""));
                }
                eprintln!(
                    "(--lenient skips the rows that cannot be read, reports them, and runs on the rest)"
                );
            }
            _ => eprintln!("error: {self}"),
        }
        ExitCode::from(code)
    }
}

/// What every command returns.
pub type Outcome = Result<ExitCode, Failure>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_and_configuration_errors_exit_2() {
        assert_eq!(Failure::Usage("x".into()).exit_code(), 2);
        assert_eq!(Failure::Io(std::io::Error::other("x")).exit_code(), 2);
    }
}
