//! The SMART package as a customer sees it: balance in minutes and its history.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::error::ApiResult;
use crate::server::service::customers;
use crate::wire::{ErrorBody, Package};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get))
}

#[utoipa::path(get, path = "/api/v1/package", tag = "package",
    description = "The caller's company SMART package (customers). Staff use /customers/{code}/package.",
    responses((status = 200, body = Package), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get(State(st): State<AppState>, auth: Auth) -> ApiResult<axum::Json<Package>> {
    let p = st
        .read(auth, |r, c| Ok(customers::own_package(r, c)?))
        .await?;
    Ok(axum::Json(p))
}
