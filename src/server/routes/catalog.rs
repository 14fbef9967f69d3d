//! The catalog tree (macro area → area → section): customers see their contract, staff the
//! whole catalog (or one customer's contract); staff admins add entries.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use super::{ApiJson, ApiQuery, check_text};
use crate::server::AppState;
use crate::server::auth::Caller;
use crate::server::error::ApiResult;
use crate::server::routes::customers::company;
use crate::server::store::run;
use crate::wire::{CatalogArea, CatalogMacroArea, CatalogPath, ErrorBody};

/// The section id of `wanted` among `paths`, comparing names case-insensitively.
pub fn find_section(paths: &[(i64, CatalogPath)], wanted: &CatalogPath) -> Option<i64> {
    let eq = |a: &str, b: &str| a.trim().to_lowercase() == b.to_lowercase();
    paths
        .iter()
        .find(|(_, p)| {
            eq(&wanted.macro_area, &p.macro_area)
                && eq(&wanted.area, &p.area)
                && eq(&wanted.section, &p.section)
        })
        .map(|(id, _)| *id)
}

/// Groups sorted triples into the tree.
pub fn tree(paths: Vec<(i64, CatalogPath)>) -> Vec<CatalogMacroArea> {
    let mut out: Vec<CatalogMacroArea> = Vec::new();
    for (_, p) in paths {
        if out.last().is_none_or(|m| m.name != p.macro_area) {
            out.push(CatalogMacroArea {
                name: p.macro_area.clone(),
                areas: vec![],
            });
        }
        let m = out.last_mut().expect("just pushed");
        if m.areas.last().is_none_or(|a| a.name != p.area) {
            m.areas.push(CatalogArea {
                name: p.area.clone(),
                sections: vec![],
            });
        }
        m.areas
            .last_mut()
            .expect("just pushed")
            .sections
            .push(p.section);
    }
    out
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
    caller: Caller,
    ApiQuery(q): ApiQuery<CatalogQuery>,
) -> ApiResult<axum::Json<Vec<CatalogMacroArea>>> {
    let own = caller.user.company_id;
    let staff = caller.is_staff();
    let paths = run(&st.store, move |r| {
        let company = match (staff, &q.customer) {
            (true, Some(code)) => Some(company(r, code)?.id),
            (true, None) => None,
            (false, _) => own,
        };
        r.catalog(company)
    })
    .await?;
    Ok(axum::Json(tree(paths)))
}

#[utoipa::path(post, path = "/api/v1/catalog/sections", tag = "catalog",
    description = "Staff admin: adds a section (creating its macro area and area if new). Adding an existing one is a no-op.",
    request_body = CatalogPath,
    responses((status = 201, body = CatalogPath), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_section(
    State(st): State<AppState>,
    caller: Caller,
    ApiJson(p): ApiJson<CatalogPath>,
) -> ApiResult<(StatusCode, axum::Json<CatalogPath>)> {
    caller.require_staff_admin()?;
    check_text("macro_area", &p.macro_area, 200)?;
    check_text("area", &p.area, 200)?;
    check_text("section", &p.section, 200)?;
    let q = p.clone();
    run(&st.store, move |r| r.ensure_catalog_path(&q)).await?;
    Ok((StatusCode::CREATED, axum::Json(p)))
}
