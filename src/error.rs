//! The CLI's error type: a kind that maps to a documented exit code, a message, and an
//! optional hint naming the command that fixes it. `main` prints `error: …` then `hint: …`.

use std::fmt;

/// Exit codes, documented in README.md and `lhs help exit-codes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 1: anything else.
    Other,
    /// 2: bad flag or value.
    Usage,
    /// 3: not logged in, bad credentials, expired or revoked token, disabled account,
    /// password change required.
    Auth,
    /// 4: permission denied.
    Permission,
    /// 5: not found.
    NotFound,
    /// 6: invalid input refused, locally or by the server (400/413/422).
    Invalid,
    /// 7: conflict (invalid state transition, duplicate).
    Conflict,
    /// 8: network or server error.
    Network,
}

impl Kind {
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Other => 1,
            Kind::Usage => 2,
            Kind::Auth => 3,
            Kind::Permission => 4,
            Kind::NotFound => 5,
            Kind::Invalid => 6,
            Kind::Conflict => 7,
            Kind::Network => 8,
        }
    }
}

#[derive(Debug)]
pub struct CliError {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<String>,
}

impl CliError {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        CliError {
            kind,
            message: message.into(),
            hint: None,
        }
    }
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(Kind::Invalid, message)
    }
    pub fn other(message: impl Into<String>) -> Self {
        Self::new(Kind::Other, message)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

impl From<anyhow::Error> for CliError {
    fn from(e: anyhow::Error) -> Self {
        if let Some(c) = e.downcast_ref::<CliError>() {
            return CliError {
                kind: c.kind,
                message: c.message.clone(),
                hint: c.hint.clone(),
            };
        }
        CliError::other(format!("{e:#}"))
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::other(e.to_string())
    }
}

pub type CliResult<T> = Result<T, CliError>;
