//! The one error of the command line and the exit status it gives.
//!
//! The statuses are a contract (docs/commands.md, docs/teams.md):
//! - 0: the command did what it was asked;
//! - 1: it refused or failed, saying why on standard error
//!   (`error: …`), and left every file as it was;
//! - 2: the command line itself is malformed — clap prints the usage
//!   (an unknown flag, a missing argument, a `--format` that is not one of
//!   the listed values); `merge-driver` also gives 2 when a version cannot
//!   be read;
//! - `merge-driver` gives 1 when it merged with conflicts (each resolved
//!   to ours and listed), as git expects of a merge driver.

use std::fmt;
use std::process::ExitCode;

/// Status 1: a refusal or a failure.
const FAILED: u8 = 1;
/// Status 2: what git and clap call a usage error; for `merge-driver`, an
/// input it cannot read.
const UNREADABLE: u8 = 2;

/// What a command says on standard error when it does not succeed, and the
/// exit status that goes with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    message: String,
    code: u8,
    /// Whether the message is printed after `error: ` (most refusals) or
    /// as it is (the merge driver's reports, which git shows as they are).
    labelled: bool,
}

impl CliError {
    /// A refusal or failure: `error: MESSAGE`, status 1.
    pub fn failed(message: impl Into<String>) -> CliError {
        CliError {
            message: message.into(),
            code: FAILED,
            labelled: true,
        }
    }

    /// The merge driver wrote a merge with conflicts (each resolved to
    /// ours): the report as it is, status 1, so git shows a conflict.
    pub fn merge_conflicts(report: impl Into<String>) -> CliError {
        CliError {
            message: report.into(),
            code: FAILED,
            labelled: false,
        }
    }

    /// The merge driver could not read or write a version: the report as
    /// it is, status 2, the file left alone.
    pub fn merge_unreadable(report: impl Into<String>) -> CliError {
        CliError {
            message: report.into(),
            code: UNREADABLE,
            labelled: false,
        }
    }

    /// The exit status.
    pub fn code(&self) -> u8 {
        self.code
    }

    /// The exit status as `main` returns it.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code())
    }
}

/// The text for standard error (without the final newline).
impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.labelled {
            write!(f, "error: {}", self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

/// A library error's or a helper's message is a refusal (status 1).
impl From<String> for CliError {
    fn from(message: String) -> CliError {
        CliError::failed(message)
    }
}

impl From<&str> for CliError {
    fn from(message: &str) -> CliError {
        CliError::failed(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_says_error_and_exits_1() {
        let e = CliError::failed("there is no document with id \"x\"");
        assert_eq!(e.to_string(), "error: there is no document with id \"x\"");
        assert_eq!(e.code(), 1);
        assert_eq!(CliError::from("a".to_owned()), CliError::failed("a"));
    }

    #[test]
    fn the_merge_driver_reports_as_it_is_with_git_statuses() {
        let conflicts = CliError::merge_conflicts("marginalia merge-driver: 1 conflict");
        assert_eq!(conflicts.to_string(), "marginalia merge-driver: 1 conflict");
        assert_eq!(conflicts.code(), 1);
        let unreadable = CliError::merge_unreadable("marginalia merge-driver: cannot read");
        assert_eq!(
            unreadable.to_string(),
            "marginalia merge-driver: cannot read"
        );
        assert_eq!(unreadable.code(), 2);
    }
}
