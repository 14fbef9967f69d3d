//! The portal's rules, one function per use case (`tickets::open`, `tickets::list`, …): each
//! takes the store (inside the request's transaction), the authenticated caller, the server's
//! [`Env`] and a plain request value, and returns a plain result or a typed
//! [`error::Error`] — never an HTTP status, never a sentence. The API's routes, the web pages
//! and the background workers call these, so each rule lives in one place. Routes import
//! services, never each other; workers import services, never routes.

pub mod auth;
pub mod catalog;
pub mod codes;
pub mod contents;
pub mod customers;
pub mod error;
pub mod idempotency;
pub mod throttle;
pub mod tickets;
pub mod updates;
pub mod users;

use std::sync::Arc;
use std::time::Duration;

pub use error::{Error, Result};

/// What the rules need to know of the server they run in.
#[derive(Debug, Clone)]
pub struct Env {
    /// The portal's address, for the links in mails.
    pub public_url: Arc<str>,
    /// How long a closed ticket can still be reopened (zero: never).
    pub reopen_within: Duration,
    /// The server's settings (code lifetimes, …).
    pub settings: Arc<crate::server::Settings>,
}

/// A required one-line text field (no control characters, no edge spaces, at most `max`).
pub fn text(field: &str, value: &str, max: usize) -> Result<()> {
    crate::domain::validate::text(field, value, max).map_err(|m| Error::invalid(field, m))
}

/// A required multi-line text field (line breaks and tabs allowed).
pub fn long_text(field: &str, value: &str, max: usize) -> Result<()> {
    crate::domain::validate::long_text(field, value, max).map_err(|m| Error::invalid(field, m))
}

/// An optional one-line value (a note, a search text): no control characters.
pub fn line(field: &str, value: &str) -> Result<()> {
    crate::domain::validate::single_line(field, value).map_err(|m| Error::invalid(field, m))
}

/// An e-mail address.
pub fn email(field: &str, value: &str) -> Result<()> {
    crate::domain::validate::email(value).map_err(|m| Error::invalid(field, m))
}
