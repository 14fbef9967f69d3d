//! Customers (companies) as the desk manages them: create with their Administrator, list,
//! show, the contract (which catalog sections are enabled), and SMART package grants.

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiPath, check_text};
use crate::domain::permissions::Permissions;
use crate::domain::validate;
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::mail;
use crate::server::service::catalog::{find_section, tree};
use crate::server::service::codes;
use crate::server::service::customers::{company, customer, package_of};
use crate::server::store::{NewUser, StoreError, Unique};
use crate::wire::{
    CatalogMacroArea, ContractRequest, CreateCustomerRequest, Customer, ErrorBody, GrantRequest,
    Package, Role, StandingRequest, Subscription,
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
    let message = req.message.clone();
    if let Some(m) = &message {
        check_text("message", m, 500)?;
    }
    let out = st
        .write(auth, move |r, c| {
            c.require_staff()?;
            let co = company(r, &code)?;
            r.set_standing(co.id, req.standing.as_str(), message.as_deref())?;
            let co = company(r, &code)?;
            customer(r, &co)
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
            c.require_staff()?;
            let co = company(r, &code)?;
            r.set_courses_subscription(co.id, req.courses)?;
            let co = company(r, &code)?;
            customer(r, &co)
        })
        .await?;
    Ok(axum::Json(out))
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
    validate::customer_code(&req.code).map_err(|m| ApiError::invalid("code", m))?;
    check_text("name", &req.name, 200)?;
    super::check_line("admin_email", &req.admin_email)?;
    validate::email(&req.admin_email).map_err(|m| ApiError::invalid("admin_email", m))?;
    let url = st.public_url.clone();
    let settings = st.settings.clone();
    let c = st
        .write(auth, move |r, caller| {
            caller.require_staff_admin()?;
            let code = &req.code;
            let now = clock::now();
            let taken = || {
                ApiError::conflict(
                    "customer_exists",
                    format!("a customer with code `{code}` already exists"),
                )
            };
            let id = r.insert_company(code, &req.name, &now).map_err(|e| match e {
                StoreError::Duplicate(_) => taken(),
                other => other.into(),
            })?;
            let uid = r
                .insert_user(
                    &NewUser {
                        account: code.clone(),
                        role: Role::Admin,
                        staff_admin: false,
                        company_id: Some(id),
                        name: "Administrator".into(),
                        surname: req.name.clone(),
                        email: req.admin_email.clone(),
                        password_hash: String::new(),
                        must_change_password: false,
                        active: true,
                        permissions: Permissions::default(),
                language: "it".into(),
                    },
                    &now,
                )
                .map_err(|e| match e {
                    StoreError::Duplicate(Unique::Account) => ApiError::conflict(
                        "account_taken",
                        format!(
                            "`{code}` is already the account of a user; choose another customer code"
                        ),
                    ),
                    other => other.into(),
                })?;
            let admin = r
                .user_by_id(uid)?
                .ok_or_else(|| ApiError::internal("admin vanished"))?;
            mail::user_created(r, &admin, &url, &now)?;
            codes::send_password_code(r, &admin, &settings, &url)?;
            customer(r, &company(r, code)?)
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(c)))
}

#[utoipa::path(get, path = "/api/v1/customers", tag = "customers",
    responses((status = 200, body = Vec<Customer>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(State(st): State<AppState>, auth: Auth) -> ApiResult<axum::Json<Vec<Customer>>> {
    let list = st
        .read(auth, |r, c| {
            c.require_staff()?;
            r.list_companies()?.iter().map(|c| customer(r, c)).collect()
        })
        .await?;
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
        .read(auth, move |r, c| {
            c.require_staff()?;
            customer(r, &company(r, &code)?)
        })
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
        .read(auth, move |r, c| {
            c.require_staff()?;
            let co = company(r, &code)?;
            Ok(tree(r.catalog(Some(co.id))?))
        })
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
            c.require_staff_admin()?;
            let co = company(r, &code)?;
            let all = r.catalog(None)?;
            let mut ids = Vec::new();
            let mut unknown = Vec::new();
            for p in &req.sections {
                match find_section(&all, p) {
                    Some(id) => ids.push(id),
                    None => {
                        unknown.push(format!("{} › {} › {}", p.macro_area, p.area, p.section));
                    }
                }
            }
            if !unknown.is_empty() {
                return Err(ApiError::conflict(
                    "not_in_catalog",
                    format!(
                        "not in the catalog: {}; add them first (POST /api/v1/catalog/sections)",
                        unknown.join("; ")
                    ),
                )
                .with_details(json!({ "field": "sections", "unknown": unknown })));
            }
            r.set_contract(co.id, &ids)?;
            Ok(tree(r.catalog(Some(co.id))?))
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
        .read(auth, move |r, c| {
            c.require_staff()?;
            package_of(r, &company(r, &code)?)
        })
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
    if let Some(note) = &req.note {
        check_text("note", note, 500)?;
    }
    if !(1..=1_000_000).contains(&req.minutes) {
        return Err(ApiError::invalid(
            "minutes",
            "`minutes` must be from 1 to 1000000",
        ));
    }
    let p = st
        .write(auth, move |r, c| {
            c.require_staff()?;
            let co = company(r, &code)?;
            r.add_movement(
                co.id,
                req.minutes,
                "grant",
                None,
                req.note.as_deref(),
                Some(c.user.id),
                &clock::now(),
            )?;
            package_of(r, &co)
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(p)))
}
