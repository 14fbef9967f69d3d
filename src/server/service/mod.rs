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
pub mod courses;
pub mod customers;
pub mod error;
pub mod files;
pub mod home;
pub mod idempotency;
pub mod outbox;
pub mod reports;
pub mod shop;
pub mod staff;
pub mod throttle;
pub mod tickets;
pub mod tokens;
pub mod updates;
pub mod users;

use crate::domain::validate::Invalid;
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

/// `limit` (1 to 200, default 50) and `cursor` (a previous page's `next_cursor`: an id) of a
/// list paged by id.
pub fn page(limit: Option<i64>, cursor: Option<&str>) -> Result<(i64, Option<i64>)> {
    let limit = limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(Error::invalid("limit", Invalid::PageSize { max: 200 }));
    }
    let cursor = match cursor {
        None => None,
        Some(c) => Some(
            c.parse::<i64>()
                .ok()
                .filter(|_| c.len() <= 18 && c.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| Error::invalid("cursor", Invalid::Cursor))?,
        ),
    };
    Ok((limit, cursor))
}

/// A page from rows read with `limit + 1`: the rows, whether more follow, and the next page's
/// cursor (the last row's id).
pub fn keyset<T>(
    mut rows: Vec<T>,
    limit: i64,
    id: impl Fn(&T) -> i64,
) -> (Vec<T>, bool, Option<String>) {
    let n = usize::try_from(limit).unwrap_or(usize::MAX);
    let has_more = rows.len() > n;
    rows.truncate(n);
    let next = has_more
        .then(|| rows.last().map(|r| id(r).to_string()))
        .flatten();
    (rows, has_more, next)
}

/// Whether the database answers (the health check's question).
pub fn ping(repo: &dyn crate::server::store::Repo) -> Result<()> {
    repo.count_staff()?;
    Ok(())
}
