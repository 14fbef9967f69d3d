//! The mail outbox, for staff: what was queued, sent, or gave up after retries.

use axum::extract::{Query, State};
use serde::Deserialize;

use crate::server::AppState;
use crate::server::auth::Caller;
use crate::server::error::{ApiError, ApiResult};
use crate::server::store::run;
use crate::wire::{ErrorBody, OutboxMail};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct OutboxQuery {
    /// `pending`, `sent` or `failed`.
    pub status: Option<String>,
    /// At most this many, newest first (1 to 1000, default 100).
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/outbox", tag = "outbox",
    params(OutboxQuery),
    responses((status = 200, body = Vec<OutboxMail>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(st): State<AppState>,
    caller: Caller,
    Query(q): Query<OutboxQuery>,
) -> ApiResult<axum::Json<Vec<OutboxMail>>> {
    caller.require_staff()?;
    if let Some(s) = &q.status
        && !matches!(s.as_str(), "pending" | "sent" | "failed")
    {
        return Err(ApiError::invalid(
            "status",
            "`status` must be pending, sent or failed",
        ));
    }
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::invalid("limit", "`limit` must be from 1 to 1000"));
    }
    let list = run(&st.store, move |r| {
        r.list_outbox(q.status.as_deref(), limit)
    })
    .await?;
    Ok(axum::Json(list))
}
