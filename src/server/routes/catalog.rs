//! The catalog tree (macro area → area → section): customers see their contract, staff the
//! whole catalog (or one customer's contract); staff admins add entries.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiQuery, check_text};
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::error::{ApiError, ApiResult};
use crate::server::service::catalog::{tree, with_notices};
use crate::server::service::customers::company;
use crate::wire::{CatalogMacroArea, CatalogNoticeRequest, CatalogPath, ErrorBody};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get))
        .routes(routes!(add_section))
        .routes(routes!(put_notice))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CatalogQuery {
    /// Staff only: show this customer's contract instead of the whole catalog.
    pub customer: Option<String>,
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
        .read(auth, move |r, c| {
            let co = match (c.is_staff(), &q.customer) {
                (true, Some(code)) => Some(company(r, code)?.id),
                (true, None) => None,
                (false, _) => c.user.company_id,
            };
            Ok(with_notices(tree(r.catalog(co)?), r.catalog_notices()?))
        })
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
    check_text("macro_area", &req.macro_area, 200)?;
    if let Some(a) = &req.area {
        check_text("area", a, 200)?;
    }
    if let Some(s) = &req.section {
        if req.area.is_none() {
            return Err(ApiError::invalid("section", "a `section` needs its `area`"));
        }
        check_text("section", s, 200)?;
    }
    if let Some(n) = &req.notice {
        check_text("notice", n, 500)?;
    }
    let t = st
        .write(auth, move |r, c| {
            c.require_staff_admin()?;
            let found = r.set_catalog_notice(
                &req.macro_area,
                req.area.as_deref(),
                req.section.as_deref(),
                req.notice.as_deref(),
            )?;
            if !found {
                let path = [
                    Some(req.macro_area.as_str()),
                    req.area.as_deref(),
                    req.section.as_deref(),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" › ");
                return Err(ApiError::not_found(format!(
                    "no catalog node `{path}`; see `lhs catalog`"
                )));
            }
            Ok(with_notices(tree(r.catalog(None)?), r.catalog_notices()?))
        })
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
    check_text("macro_area", &p.macro_area, 200)?;
    check_text("area", &p.area, 200)?;
    check_text("section", &p.section, 200)?;
    let q = p.clone();
    st.write(auth, move |r, c| {
        c.require_staff_admin()?;
        Ok(r.ensure_catalog_path(&q)?)
    })
    .await?;
    Ok((StatusCode::CREATED, axum::Json(p)))
}
