//! HTTP routes, one file per noun, mirroring the CLI's nouns. Handlers check who may act
//! (`auth::Caller`), validate input into 422s that name the field, run one store transaction,
//! and answer `wire` types.

pub mod auth;
pub mod catalog;
pub mod customers;
pub mod health;
pub mod outbox;
pub mod package;
pub mod tickets;
pub mod tokens;
pub mod users;

use axum::http::HeaderMap;
use sha2::{Digest, Sha256};

use crate::server::error::{ApiError, ApiResult};
pub use crate::server::extract::{ApiJson, ApiMultipart, ApiPath, ApiQuery};

/// Checks a required one-line text field (no control characters), naming it in the 422.
pub fn check_text(field: &str, value: &str, max: usize) -> ApiResult<()> {
    crate::domain::validate::text(field, value, max).map_err(|m| ApiError::invalid(field, m))
}

/// Checks a required multi-line text field (line breaks and tabs allowed).
pub fn check_long_text(field: &str, value: &str, max: usize) -> ApiResult<()> {
    crate::domain::validate::long_text(field, value, max).map_err(|m| ApiError::invalid(field, m))
}

/// Checks an optional one-line value (a note, a search text): no control characters.
pub fn check_line(field: &str, value: &str) -> ApiResult<()> {
    crate::domain::validate::single_line(field, value).map_err(|m| ApiError::invalid(field, m))
}

/// The `Idempotency-Key` header, if any: 1–200 visible ASCII characters.
pub fn idempotency_key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(v) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let s = v.to_str().unwrap_or("");
    if s.is_empty() || s.len() > 200 || !s.chars().all(|c| c.is_ascii_graphic()) {
        return Err(ApiError::bad_request(
            "the Idempotency-Key header must be 1 to 200 visible ASCII characters",
        ));
    }
    Ok(Some(s.to_owned()))
}

/// A stable hash of a request's meaning (not its encoding), to tell a retry from a reuse.
pub fn request_hash(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    hex::encode(h.finalize())
}

/// Parses a date filter: `YYYY-MM-DD` only (the CLI also accepts DD/MM/YYYY and sends this
/// form).
pub fn parse_date(field: &str, s: &str) -> ApiResult<chrono::NaiveDate> {
    crate::domain::validate::iso_date(s)
        .map_err(|m| ApiError::invalid(field, format!("`{field}`: {m}")))
}
