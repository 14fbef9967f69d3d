//! The SMART package as a customer sees it: balance in minutes and its history.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::error::{ApiError, ApiResult};
use crate::server::service::customers::{company, package_of};
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
        .read(auth, |r, c| {
            let Some(code) = &c.user.company_code else {
                return Err(ApiError::forbidden(
                    "customers_only",
                    "staff have no package of their own: use GET /api/v1/customers/{code}/package",
                ));
            };
            package_of(r, &company(r, code)?)
        })
        .await?;
    Ok(axum::Json(p))
}
