//! The help desk's accounts over HTTP: each handler decodes, calls one function of
//! [`service::staff`](crate::server::service::staff) and encodes.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiPath};
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::error::ApiResult;
use crate::server::service::staff;
use crate::wire::{Accepted, CreateStaffRequest, ErrorBody, StaffMember, UpdateStaffRequest};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, update))
        .routes(routes!(send_reset))
}

#[utoipa::path(get, path = "/api/v1/staff", tag = "staff",
    description = "Staff: the help desk's accounts, by name.",
    responses((status = 200, body = Vec<StaffMember>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
) -> ApiResult<axum::Json<Vec<StaffMember>>> {
    let list = st.read(auth, |r, c| Ok(staff::list(r, c)?)).await?;
    Ok(axum::Json(list))
}

#[utoipa::path(post, path = "/api/v1/staff", tag = "staff",
    description = "Staff admin: adds a technician, who is mailed a single-use invitation code to choose a password (staff never set passwords). `staff_admin` makes them an administrator too.",
    request_body = CreateStaffRequest,
    responses((status = 201, body = StaffMember), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<CreateStaffRequest>,
) -> ApiResult<(StatusCode, axum::Json<StaffMember>)> {
    let env = st.env();
    let m = st
        .write(auth, move |r, c| Ok(staff::create(r, c, &env, &req)?))
        .await?;
    Ok((StatusCode::CREATED, axum::Json(m)))
}

#[utoipa::path(get, path = "/api/v1/staff/{account}", tag = "staff",
    params(("account" = String, Path)),
    responses((status = 200, body = StaffMember), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(account): ApiPath<String>,
) -> ApiResult<axum::Json<StaffMember>> {
    let m = st
        .read(auth, move |r, c| Ok(staff::show(r, c, &account)?))
        .await?;
    Ok(axum::Json(m))
}

#[utoipa::path(patch, path = "/api/v1/staff/{account}", tag = "staff",
    description = "Staff admin: `active: false` disables a technician and ends every session and token of theirs at once; `staff_admin` sets whether they are an administrator. An administrator cannot change their own flags (409 `own_account`), so the desk always keeps one who can.",
    params(("account" = String, Path)),
    request_body = UpdateStaffRequest,
    responses((status = 200, body = StaffMember), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn update(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<UpdateStaffRequest>,
) -> ApiResult<axum::Json<StaffMember>> {
    let m = st
        .write(auth, move |r, c| Ok(staff::update(r, c, &account, &req)?))
        .await?;
    Ok(axum::Json(m))
}

#[utoipa::path(post, path = "/api/v1/staff/{account}/password-reset", tag = "staff",
    description = "Staff admin: mails the technician a new invitation code (if they never chose a password) or a code to choose a new one.",
    params(("account" = String, Path)),
    responses((status = 202, body = Accepted), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn send_reset(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(account): ApiPath<String>,
) -> ApiResult<(StatusCode, axum::Json<Accepted>)> {
    let env = st.env();
    let email = st
        .write(auth, move |r, c| {
            Ok(staff::send_reset(r, c, &env, &account)?)
        })
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(Accepted {
            message: format!("a code to choose a password was mailed to {email}"),
        }),
    ))
}
