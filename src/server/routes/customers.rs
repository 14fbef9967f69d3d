//! Customers (companies) as the desk manages them: create with their Administrator, list,
//! show, the contract (which catalog sections are enabled), and SMART package grants.

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;

use super::{ApiJson, ApiPath, check_text};
use crate::domain::permissions::Permissions;
use crate::domain::validate;
use crate::server::AppState;
use crate::server::auth::Caller;
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::mail;
use crate::server::routes::package::package_of;
use crate::server::store::{CompanyRow, NewUser, Repo, run};
use crate::wire::{
    CatalogMacroArea, ContractRequest, CreateCustomerRequest, Customer, ErrorBody, GrantRequest,
    Package, Role,
};

pub fn company(repo: &dyn Repo, code: &str) -> ApiResult<CompanyRow> {
    repo.company_by_code(code)?
        .ok_or_else(|| ApiError::not_found(format!("customer `{code}` not found")))
}

fn customer(repo: &dyn Repo, c: &CompanyRow) -> ApiResult<Customer> {
    let users = repo.list_users(Some(c.id))?;
    let admin_email = users
        .iter()
        .find(|u| u.role == Role::Admin)
        .map(|u| u.email.clone())
        .unwrap_or_default();
    Ok(Customer {
        code: c.code.clone(),
        name: c.name.clone(),
        admin_email,
        balance_minutes: repo.balance(c.id)?,
        users: i64::try_from(users.iter().filter(|u| u.role == Role::User).count())
            .unwrap_or(i64::MAX),
        created_at: c.created_at.clone(),
    })
}

#[utoipa::path(post, path = "/api/v1/customers", tag = "customers",
    description = "Staff admin: creates a customer and its Administrator, who logs in with the customer code. The Administrator is mailed a single-use invitation code to choose a password (staff never set passwords).",
    request_body = CreateCustomerRequest,
    responses((status = 201, body = Customer), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    State(st): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateCustomerRequest>,
) -> ApiResult<(StatusCode, axum::Json<Customer>)> {
    caller.require_staff_admin()?;
    let code = req.code.clone();
    validate::customer_code(&code).map_err(|m| ApiError::invalid("code", m))?;
    check_text("name", &req.name, 200)?;
    super::check_line("admin_email", &req.admin_email)?;
    validate::email(&req.admin_email).map_err(|m| ApiError::invalid("admin_email", m))?;
    let url = st.public_url.clone();
    let settings = st.settings.clone();
    let c = run(&st.store, move |r| {
        let now = clock::now();
        if r.company_by_code(&code)?.is_some() {
            return Err(ApiError::conflict(
                "customer_exists",
                format!("a customer with code `{code}` already exists"),
            ));
        }
        if r.user_by_account(None, &code)?.is_some() {
            return Err(ApiError::conflict(
                "account_taken",
                format!("`{code}` is already the account of a user; choose another customer code"),
            ));
        }
        let id = r.insert_company(&code, &req.name, &now)?;
        let uid = r.insert_user(
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
            },
            &now,
        )?;
        let admin = r
            .user_by_id(uid)?
            .ok_or_else(|| ApiError::internal("admin vanished"))?;
        mail::user_created(r, &admin, &url, &now)?;
        crate::server::service::send_password_code(r, &admin, &settings, &url)?;
        customer(r, &company(r, &code)?)
    })
    .await?;
    st.mail_wakeup.notify_one();
    Ok((StatusCode::CREATED, axum::Json(c)))
}

#[utoipa::path(get, path = "/api/v1/customers", tag = "customers",
    responses((status = 200, body = Vec<Customer>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(st): State<AppState>,
    caller: Caller,
) -> ApiResult<axum::Json<Vec<Customer>>> {
    caller.require_staff()?;
    let list = run(&st.store, |r| {
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
    caller: Caller,
    ApiPath(code): ApiPath<String>,
) -> ApiResult<axum::Json<Customer>> {
    caller.require_staff()?;
    let c = run(&st.store, move |r| customer(r, &company(r, &code)?)).await?;
    Ok(axum::Json(c))
}

#[utoipa::path(get, path = "/api/v1/customers/{code}/contract", tag = "customers",
    params(("code" = String, Path)),
    responses((status = 200, body = Vec<CatalogMacroArea>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_contract(
    State(st): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<String>,
) -> ApiResult<axum::Json<Vec<CatalogMacroArea>>> {
    caller.require_staff()?;
    let tree = run(&st.store, move |r| {
        let c = company(r, &code)?;
        Ok(super::catalog::tree(r.catalog(Some(c.id))?))
    })
    .await?;
    Ok(axum::Json(tree))
}

#[utoipa::path(put, path = "/api/v1/customers/{code}/contract", tag = "customers",
    description = "Staff admin: replaces the set of catalog sections enabled for the customer. Every triple must exist in the catalog (409 `not_in_catalog` lists those that do not).",
    params(("code" = String, Path)),
    request_body = ContractRequest,
    responses((status = 200, body = Vec<CatalogMacroArea>), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn put_contract(
    State(st): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<ContractRequest>,
) -> ApiResult<axum::Json<Vec<CatalogMacroArea>>> {
    caller.require_staff_admin()?;
    let tree = run(&st.store, move |r| {
        let c = company(r, &code)?;
        let all = r.catalog(None)?;
        let mut ids = Vec::new();
        let mut unknown = Vec::new();
        for p in &req.sections {
            match super::catalog::find_section(&all, p) {
                Some(id) => ids.push(id),
                None => unknown.push(format!("{} › {} › {}", p.macro_area, p.area, p.section)),
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
        r.set_contract(c.id, &ids)?;
        Ok(super::catalog::tree(r.catalog(Some(c.id))?))
    })
    .await?;
    Ok(axum::Json(tree))
}

#[utoipa::path(get, path = "/api/v1/customers/{code}/package", tag = "customers",
    params(("code" = String, Path)),
    responses((status = 200, body = Package), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_package(
    State(st): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<String>,
) -> ApiResult<axum::Json<Package>> {
    caller.require_staff()?;
    let p = run(&st.store, move |r| package_of(r, &company(r, &code)?)).await?;
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
    caller: Caller,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<GrantRequest>,
) -> ApiResult<(StatusCode, axum::Json<Package>)> {
    caller.require_staff()?;
    if let Some(note) = &req.note {
        check_text("note", note, 500)?;
    }
    if !(1..=1_000_000).contains(&req.minutes) {
        return Err(ApiError::invalid(
            "minutes",
            "`minutes` must be from 1 to 1000000",
        ));
    }
    let by = caller.user.id;
    let p = run(&st.store, move |r| {
        let c = company(r, &code)?;
        r.add_movement(
            c.id,
            req.minutes,
            "grant",
            None,
            req.note.as_deref(),
            Some(by),
            &clock::now(),
        )?;
        package_of(r, &c)
    })
    .await?;
    Ok((StatusCode::CREATED, axum::Json(p)))
}
