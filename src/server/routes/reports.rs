//! The desk's statistics over HTTP: [`service::reports`](crate::server::service::reports).

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::ApiQuery;
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::error::ApiResult;
use crate::server::service::reports;
use crate::wire::{ErrorBody, Report, ReportQuery};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report))
}

#[utoipa::path(get, path = "/api/v1/reports", tag = "reports",
    description = "Staff: the last `weeks` weeks (Monday to Sunday, UTC; the current one last) — tickets opened and closed, median minutes to the first answer and to closing — the SMART minutes spent per customer and month, and the age of the tickets waiting for the desk now. The same figures as the desk's Statistiche page and `lhs desk report`.",
    params(ReportQuery),
    responses((status = 200, body = Report), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn report(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<axum::Json<Report>> {
    let r = st
        .read(auth, move |r, c| Ok(reports::report(r, c, &q)?))
        .await?;
    Ok(axum::Json(r))
}
