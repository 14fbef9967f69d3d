//! The mail outbox over HTTP (staff): each handler decodes, calls one function of
//! [`service::outbox`](crate::server::service::outbox) and encodes.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiQuery};
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::error::ApiResult;
use crate::server::service::outbox;
use crate::wire::{ErrorBody, OutboxMail, OutboxQuery, OutboxRetryRequest};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(retry))
        .routes(routes!(retry_failed))
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
    let list = st
        .read(auth, move |r, c| Ok(outbox::list(r, c, &q)?))
        .await?;
    Ok(axum::Json(list))
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
    let out = st
        .write(auth, move |r, c| Ok(outbox::requeue(r, c, Some(&req.ids))?))
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
    let out = st
        .write(auth, |r, c| Ok(outbox::requeue(r, c, None)?))
        .await?;
    Ok(axum::Json(out))
}
