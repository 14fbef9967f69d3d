//! HTTP routes, one file per noun, mirroring the CLI's nouns. Each file declares its
//! endpoints once (`#[utoipa::path]` plus its `router()`, which also feeds the OpenAPI
//! document). Handlers validate input into 422s that name the field, run one store
//! transaction with the caller authenticated inside it, and answer `wire` types. Route files
//! share code through `server::service`, never by importing each other.

pub mod auth;
pub mod catalog;
pub mod customers;
pub mod health;
pub mod outbox;
pub mod package;
pub mod tickets;
pub mod tokens;
pub mod users;

use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
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

/// Body limit for uploads: three files at the maximum size plus multipart overhead.
pub const UPLOAD_LIMIT: usize =
    crate::domain::attachment::MAX_FILES * crate::domain::attachment::MAX_SIZE + 64 * 1024;

/// Uploads larger than this are refused without reading them at all.
const DRAIN_CAP: usize = 4 * UPLOAD_LIMIT;

/// Answers 413 to an upload whose declared length is over the limit. Moderately oversized
/// bodies are read and discarded first, so ordinary HTTP clients see the 413 instead of a reset
/// connection; absurd ones are cut off.
pub async fn refuse_oversized_uploads(req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if usize::try_from(n).map_or(true, |n| n > UPLOAD_LIMIT) => {
            if usize::try_from(n).is_ok_and(|n| n <= DRAIN_CAP) {
                let _ = axum::body::to_bytes(req.into_body(), DRAIN_CAP).await;
            }
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!(
                    "request body too large: at most {} attachments of 1000 KB each per upload",
                    crate::domain::attachment::MAX_FILES
                ),
            )
            .into_response()
        }
        _ => next.run(req).await,
    }
}
