//! The catalog over HTTP: each handler decodes, calls one function of
//! [`service::catalog`](crate::server::service::catalog) and encodes.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiQuery};
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::error::ApiResult;
use crate::server::service::catalog;
use crate::wire::{CatalogMacroArea, CatalogNoticeRequest, CatalogPath, CatalogQuery, ErrorBody};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get))
        .routes(routes!(add_section))
        .routes(routes!(put_notice))
}

#[utoipa::path(get, path = "/api/v1/catalog", tag = "catalog",
    description = "Customers: the sections their contract enables (the choices for a new ticket). Staff: the whole catalog, or `customer`'s contract.",
    params(CatalogQuery),
    responses((status = 200, body = Vec<CatalogMacroArea>)),
    security(("bearer" = [])))]
pub async fn get(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<CatalogQuery>,
) -> ApiResult<axum::Json<Vec<CatalogMacroArea>>> {
    let t = st
        .read(auth, move |r, c| Ok(catalog::view(r, c, &q)?))
        .await?;
    Ok(axum::Json(t))
}

#[utoipa::path(put, path = "/api/v1/catalog/notices", tag = "catalog",
    description = "Staff admin: sets (or with `notice: null` clears) the notice of a macro area, an area or a section, shown to customers in the catalog and by the new-ticket form (e.g. \"requests about electronic invoicing go under Fatturazione Elettronica\"). Answers the whole catalog.",
    request_body = CatalogNoticeRequest,
    responses((status = 200, body = Vec<CatalogMacroArea>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn put_notice(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<CatalogNoticeRequest>,
) -> ApiResult<axum::Json<Vec<CatalogMacroArea>>> {
    let t = st
        .write(auth, move |r, c| Ok(catalog::set_notice(r, c, &req)?))
        .await?;
    Ok(axum::Json(t))
}

#[utoipa::path(post, path = "/api/v1/catalog/sections", tag = "catalog",
    description = "Staff admin: adds a section (creating its macro area and area if new). Adding an existing one is a no-op.",
    request_body = CatalogPath,
    responses((status = 201, body = CatalogPath), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_section(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(p): ApiJson<CatalogPath>,
) -> ApiResult<(StatusCode, axum::Json<CatalogPath>)> {
    let q = p.clone();
    st.write(auth, move |r, c| Ok(catalog::add_section(r, c, &q)?))
        .await?;
    Ok((StatusCode::CREATED, axum::Json(p)))
}
