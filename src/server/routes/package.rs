//! The SMART package as a customer sees it: balance in minutes and its history.

use axum::extract::State;

use crate::server::AppState;
use crate::server::auth::Caller;
use crate::server::error::{ApiError, ApiResult};
use crate::server::store::{CompanyRow, Repo, run};
use crate::wire::{ErrorBody, Package};

pub fn package_of(repo: &dyn Repo, c: &CompanyRow) -> ApiResult<Package> {
    let balance = repo.balance(c.id)?;
    Ok(Package {
        customer_code: c.code.clone(),
        balance_minutes: balance,
        overdrawn: balance < 0,
        movements: repo.movements(c.id)?,
    })
}

#[utoipa::path(get, path = "/api/v1/package", tag = "package",
    description = "The caller's company SMART package (customers). Staff use /customers/{code}/package.",
    responses((status = 200, body = Package), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get(State(st): State<AppState>, caller: Caller) -> ApiResult<axum::Json<Package>> {
    let Some(code) = caller.user.company_code.clone() else {
        return Err(ApiError::forbidden(
            "customers_only",
            "staff have no package of their own: use GET /api/v1/customers/{code}/package",
        ));
    };
    let p = run(&st.store, move |r| {
        let c = crate::server::routes::customers::company(r, &code)?;
        package_of(r, &c)
    })
    .await?;
    Ok(axum::Json(p))
}
