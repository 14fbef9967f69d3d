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

use axum::extract::FromRequest;
use axum::http::HeaderMap;
use sha2::{Digest, Sha256};

use crate::server::error::{ApiError, ApiResult};

/// `axum::Json` whose rejections are answered in our `{code, message, details}` format.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Checks a required text field, naming it in the 422.
pub fn check_text(field: &str, value: &str, max: usize) -> ApiResult<()> {
    crate::domain::validate::text(field, value, max).map_err(|m| ApiError::invalid(field, m))
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

/// Parses a date filter: `YYYY-MM-DD` or `DD/MM/YYYY`.
pub fn parse_date(field: &str, s: &str) -> ApiResult<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .map_err(|_| {
            ApiError::invalid(
                field,
                format!("invalid date `{s}` for `{field}`: use YYYY-MM-DD or DD/MM/YYYY"),
            )
        })
}
