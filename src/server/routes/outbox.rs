//! The mail outbox, for staff: what was queued, sent, or gave up after retries; and queuing
//! failed mail again once the cause is fixed.

use axum::extract::State;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiQuery};
use crate::server::AppState;
use crate::server::auth::{Auth, Caller};
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::store::{Repo, RetryRefusal};
use crate::wire::{ErrorBody, OutboxMail, OutboxRetryRequest};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(retry))
        .routes(routes!(retry_failed))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OutboxQuery {
    /// `pending`, `sent` or `failed`.
    #[param(pattern = "^(pending|sent|failed)$")]
    pub status: Option<String>,
    /// At most this many, newest first (1 to 1000, default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/outbox", tag = "outbox",
    params(OutboxQuery),
    responses((status = 200, body = Vec<OutboxMail>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<OutboxQuery>,
) -> ApiResult<axum::Json<Vec<OutboxMail>>> {
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
    let list = st
        .read(auth, move |r, c| {
            c.require_staff()?;
            Ok(r.list_outbox(q.status.as_deref(), limit)?)
        })
        .await?;
    Ok(axum::Json(list))
}

/// Requeues `ids` (None: every failed mail) in one transaction, all or nothing.
fn requeue(r: &dyn Repo, c: &Caller, ids: Option<&[i64]>) -> ApiResult<Vec<OutboxMail>> {
    c.require_staff()?;
    let ids = match ids {
        Some(ids) => ids.to_vec(),
        None => r.failed_mail_ids()?,
    };
    let now = clock::now();
    let mut out = Vec::new();
    for id in ids {
        match r.requeue_mail(id, &now)? {
            Ok(m) => out.push(m),
            Err(RetryRefusal::NotFound) => {
                return Err(ApiError::not_found(format!("mail {id} not found"))
                    .with_details(serde_json::json!({ "id": id })));
            }
            Err(RetryRefusal::AlreadySent) => {
                return Err(ApiError::conflict(
                    "already_sent",
                    format!("mail {id} was already sent"),
                )
                .with_details(serde_json::json!({ "id": id })));
            }
            Err(RetryRefusal::CodeGone) => {
                return Err(ApiError::conflict(
                    "code_expired",
                    format!(
                        "mail {id} carried a code that has expired; the user must ask for a new one"
                    ),
                )
                .with_details(serde_json::json!({ "id": id })));
            }
        }
    }
    Ok(out)
}

#[utoipa::path(post, path = "/api/v1/outbox/retry", tag = "outbox",
    description = "Staff: queues failed mails again with fresh attempts. All or nothing: an unknown id answers 404, a mail already sent or one whose code has expired 409 (the user must ask for a new code). Answers the requeued mails.",
    request_body = OutboxRetryRequest,
    responses((status = 200, body = Vec<OutboxMail>), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn retry(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<OutboxRetryRequest>,
) -> ApiResult<axum::Json<Vec<OutboxMail>>> {
    if req.ids.is_empty() || req.ids.len() > 1000 {
        return Err(ApiError::invalid("ids", "give 1 to 1000 ids"));
    }
    let out = st
        .write(auth, move |r, c| requeue(r, c, Some(&req.ids)))
        .await?;
    Ok(axum::Json(out))
}

#[utoipa::path(post, path = "/api/v1/outbox/retry-failed", tag = "outbox",
    description = "Staff: queues every failed mail again with fresh attempts (all or nothing, as /outbox/retry). Answers the requeued mails, possibly none.",
    responses((status = 200, body = Vec<OutboxMail>), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn retry_failed(
    State(st): State<AppState>,
    auth: Auth,
) -> ApiResult<axum::Json<Vec<OutboxMail>>> {
    let out = st.write(auth, |r, c| requeue(r, c, None)).await?;
    Ok(axum::Json(out))
}
