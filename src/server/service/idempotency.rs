//! Idempotency-Key handling shared by the idempotent POSTs: replay the first answer to a
//! repeat, refuse a key reused for a different request, remember the answer.

use axum::http::StatusCode;

use crate::server::error::{ApiError, ApiResult};
use crate::server::store::{IdempotentResponse, Repo};

/// The first answer of a repeated request, or a refusal of a reused key.
pub fn replay(
    repo: &dyn Repo,
    user: i64,
    key: Option<&str>,
    hash: &str,
) -> ApiResult<Option<IdempotentResponse>> {
    let Some(key) = key else { return Ok(None) };
    match repo.idempotency_get(user, key)? {
        Some(prev) if prev.request_hash == hash => Ok(Some(prev)),
        Some(prev) => {
            // The ticket the key went to, when its first answer was one: the caller can
            // look at it instead of guessing.
            let ticket = serde_json::from_str::<serde_json::Value>(&prev.body)
                .ok()
                .and_then(|b| b["number"].as_i64());
            let which = ticket.map_or_else(String::new, |n| format!(", for ticket {n},"));
            let e = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                format!("this Idempotency-Key was already used{which} with a different request"),
            );
            Err(match ticket {
                Some(n) => e.with_details(serde_json::json!({ "ticket": n })),
                None => e,
            })
        }
        None => Ok(None),
    }
}

/// Serialises the answer and, with a key, stores it for repeats. Another request storing the
/// same key first (a concurrent repeat) makes the store ask for a retry, which then replays.
pub fn remember(
    repo: &dyn Repo,
    user: i64,
    key: Option<&str>,
    hash: &str,
    status: StatusCode,
    body: &impl serde::Serialize,
    now: &str,
) -> ApiResult<String> {
    let text = serde_json::to_string(body).map_err(ApiError::internal)?;
    if let Some(key) = key {
        repo.idempotency_put(
            user,
            key,
            &IdempotentResponse {
                request_hash: hash.to_owned(),
                status: status.as_u16(),
                body: text.clone(),
            },
            now,
        )
        .map_err(|e| match e {
            crate::server::store::StoreError::Duplicate(_) => {
                ApiError::from(crate::server::store::StoreError::Retry)
            }
            other => ApiError::from(other),
        })?;
    }
    Ok(text)
}
