//! Liveness and the OpenAPI document.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::server::AppState;
use crate::server::error::ApiResult;
use crate::wire::Health;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(healthz))
}

#[utoipa::path(get, path = "/healthz", tag = "health",
    description = "Answers 200 when the server and its database respond.",
    responses((status = 200, body = Health), (status = 500, body = crate::wire::ErrorBody)))]
pub async fn healthz(State(st): State<AppState>) -> ApiResult<axum::Json<Health>> {
    st.read_anon(|r| Ok(crate::server::service::ping(r)?))
        .await?;
    Ok(axum::Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}

pub async fn openapi() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(crate::server::openapi::document().clone())
}
