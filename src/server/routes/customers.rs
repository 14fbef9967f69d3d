//! Customers over HTTP (the desk's): each handler decodes, calls one function of
//! [`service::customers`](crate::server::service::customers) and encodes.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiPath};
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::error::ApiResult;
use crate::server::service::customers;
use crate::wire::{
    CatalogMacroArea, ContractRequest, CreateCustomerRequest, Customer, ErrorBody, GrantRequest,
    Package, StandingRequest, Subscription,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(show))
        .routes(routes!(get_contract, put_contract))
        .routes(routes!(get_package))
        .routes(routes!(grant))
        .routes(routes!(put_standing))
        .routes(routes!(put_subscription))
}

#[utoipa::path(post, path = "/api/v1/customers", tag = "customers",
    description = "Staff admin: creates a customer and its Administrator, who logs in with the customer code. The Administrator is mailed a single-use invitation code to choose a password (staff never set passwords).",
    request_body = CreateCustomerRequest,
    responses((status = 201, body = Customer), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<CreateCustomerRequest>,
) -> ApiResult<(StatusCode, axum::Json<Customer>)> {
    let env = st.env();
    let c = st
        .write(auth, move |r, c| Ok(customers::create(r, c, &env, &req)?))
        .await?;
    Ok((StatusCode::CREATED, axum::Json(c)))
}

#[utoipa::path(get, path = "/api/v1/customers", tag = "customers",
    responses((status = 200, body = Vec<Customer>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(State(st): State<AppState>, auth: Auth) -> ApiResult<axum::Json<Vec<Customer>>> {
    let list = st.read(auth, |r, c| Ok(customers::list(r, c)?)).await?;
    Ok(axum::Json(list))
}

#[utoipa::path(get, path = "/api/v1/customers/{code}", tag = "customers",
    params(("code" = String, Path)),
    responses((status = 200, body = Customer), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(code): ApiPath<String>,
) -> ApiResult<axum::Json<Customer>> {
    let c = st
        .read(auth, move |r, c| Ok(customers::show(r, c, &code)?))
        .await?;
    Ok(axum::Json(c))
}

#[utoipa::path(get, path = "/api/v1/customers/{code}/contract", tag = "customers",
    params(("code" = String, Path)),
    responses((status = 200, body = Vec<CatalogMacroArea>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_contract(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(code): ApiPath<String>,
) -> ApiResult<axum::Json<Vec<CatalogMacroArea>>> {
    let t = st
        .read(auth, move |r, c| Ok(customers::contract(r, c, &code)?))
        .await?;
    Ok(axum::Json(t))
}

#[utoipa::path(put, path = "/api/v1/customers/{code}/contract", tag = "customers",
    description = "Staff admin: replaces the set of catalog sections enabled for the customer. Every triple must exist in the catalog (409 `not_in_catalog` lists those that do not).",
    params(("code" = String, Path)),
    request_body = ContractRequest,
    responses((status = 200, body = Vec<CatalogMacroArea>), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn put_contract(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<ContractRequest>,
) -> ApiResult<axum::Json<Vec<CatalogMacroArea>>> {
    let t = st
        .write(auth, move |r, c| {
            Ok(customers::set_contract(r, c, &code, &req.sections)?)
        })
        .await?;
    Ok(axum::Json(t))
}

#[utoipa::path(get, path = "/api/v1/customers/{code}/package", tag = "customers",
    params(("code" = String, Path)),
    responses((status = 200, body = Package), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_package(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(code): ApiPath<String>,
) -> ApiResult<axum::Json<Package>> {
    let p = st
        .read(auth, move |r, c| Ok(customers::package(r, c, &code)?))
        .await?;
    Ok(axum::Json(p))
}

#[utoipa::path(post, path = "/api/v1/customers/{code}/package/grants", tag = "customers",
    description = "Staff: adds minutes to the customer's SMART package.",
    params(("code" = String, Path)),
    request_body = GrantRequest,
    responses((status = 201, body = Package), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn grant(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<GrantRequest>,
) -> ApiResult<(StatusCode, axum::Json<Package>)> {
    let p = st
        .write(auth, move |r, c| Ok(customers::grant(r, c, &code, &req)?))
        .await?;
    Ok((StatusCode::CREATED, axum::Json(p)))
}

#[utoipa::path(put, path = "/api/v1/customers/{code}/standing", tag = "customers",
    description = "Staff: the customer's standing. `temporary` shows a banner to every user of the company (the `Lhs-Standing` and `Lhs-Standing-Message` headers of every answer, and `GET /me`); `suspended` refuses their logins and tokens (401 `account_suspended`); `ok` restores normal access. Staff are never affected.",
    params(("code" = String, Path)),
    request_body = StandingRequest,
    responses((status = 200, body = Customer), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn put_standing(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<StandingRequest>,
) -> ApiResult<axum::Json<Customer>> {
    let out = st
        .write(auth, move |r, c| {
            let message = req.message.as_deref();
            Ok(customers::set_standing(r, c, &code, req.standing, message)?)
        })
        .await?;
    Ok(axum::Json(out))
}

#[utoipa::path(put, path = "/api/v1/customers/{code}/subscription", tag = "customers",
    description = "Staff: the customer's subscriptions; with `courses` its users may enrol in courses (\"Iscrizione (se abbonato)\").",
    params(("code" = String, Path)),
    request_body = Subscription,
    responses((status = 200, body = Customer), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn put_subscription(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<Subscription>,
) -> ApiResult<axum::Json<Customer>> {
    let out = st
        .write(auth, move |r, c| {
            Ok(customers::set_courses(r, c, &code, req.courses)?)
        })
        .await?;
    Ok(axum::Json(out))
}
