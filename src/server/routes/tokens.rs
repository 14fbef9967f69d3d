//! Personal API tokens over HTTP: each handler decodes, calls one function of
//! [`service::tokens`](crate::server::service::tokens) and encodes.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiPath};
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::error::ApiResult;
use crate::server::service::tokens;
use crate::wire::{ApiToken, CreateTokenRequest, CreatedToken, ErrorBody};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(revoke))
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens",
    request_body = CreateTokenRequest,
    responses((status = 201, body = CreatedToken), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<CreateTokenRequest>,
) -> ApiResult<(StatusCode, axum::Json<CreatedToken>)> {
    let t = st
        .write(auth, move |r, c| Ok(tokens::create(r, c, &req)?))
        .await?;
    Ok((StatusCode::CREATED, axum::Json(t)))
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens",
    description = "The caller's personal tokens, without secrets.",
    responses((status = 200, body = Vec<ApiToken>)),
    security(("bearer" = [])))]
pub async fn list(State(st): State<AppState>, auth: Auth) -> ApiResult<axum::Json<Vec<ApiToken>>> {
    let list = st.read(auth, |r, c| Ok(tokens::list(r, c)?)).await?;
    Ok(axum::Json(list))
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn revoke(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    st.write(auth, move |r, c| Ok(tokens::revoke(r, c, id)?))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
