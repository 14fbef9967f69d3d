//! Operative users, managed by their company's Administrator (staff may read and manage any):
//! create, list, show, edit, disable, enable, and send a password reset.
//!
//! Only a user chooses their own password. An account created without one gets a single-use
//! invitation code by mail; the Administrator may give an initial password instead (the
//! manual's flow), and any password set by someone else must be changed at the next login.
//! Staff never set passwords: they send a reset.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use super::{ApiJson, ApiPath, ApiQuery, check_text};
use crate::domain::permissions::Permissions;
use crate::domain::validate;
use crate::server::AppState;
use crate::server::auth::Caller;
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::mail;
use crate::server::store::{NewUser, Repo, UserRow, run};
use crate::wire::{CreateUserRequest, ErrorBody, PermissionMap, Role, UpdateUserRequest, User};

pub fn to_wire(u: &UserRow) -> User {
    User {
        account: u.account.clone(),
        name: u.name.clone(),
        surname: u.surname.clone(),
        email: u.email.clone(),
        role: u.role,
        active: u.active,
        customer_code: u.company_code.clone(),
        permissions: u.permissions.to_map(),
        must_change_password: u.must_change_password,
        invitation_pending: u.password_hash.is_empty(),
        created_at: u.created_at.clone(),
        updated_at: u.updated_at.clone(),
    }
}

fn apply_permissions(p: &mut Permissions, map: &PermissionMap) -> ApiResult<()> {
    p.apply_map_exact(map.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|e| ApiError::invalid("permissions", e.to_string()))
}

fn check_names(name: &str, surname: &str, email: &str) -> ApiResult<()> {
    check_text("name", name, 100)?;
    check_text("surname", surname, 100)?;
    validate::email(email).map_err(|m| ApiError::invalid("email", m))
}

/// An operative user the caller manages, or 404.
fn managed(repo: &dyn Repo, company: Option<i64>, account: &str) -> ApiResult<UserRow> {
    repo.user_by_account(company, account)?
        .filter(|u| u.role == Role::User)
        .ok_or_else(|| ApiError::not_found(format!("user `{account}` not found")))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Staff only: limit to one customer.
    pub customer: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    params(ListQuery),
    responses((status = 200, body = Vec<User>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(st): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<axum::Json<Vec<User>>> {
    let mut company = caller.require_user_manager()?;
    let users = run(&st.store, move |r| {
        if let (None, Some(code)) = (company, &q.customer) {
            company = Some(
                r.company_by_code(code)?
                    .ok_or_else(|| ApiError::not_found(format!("customer `{code}` not found")))?
                    .id,
            );
        }
        r.list_users(company)
    })
    .await?;
    Ok(axum::Json(
        users
            .iter()
            .filter(|u| u.role == Role::User)
            .map(to_wire)
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users",
    description = "The Administrator creates an operative user of its company. Without `password` the user is mailed a single-use invitation code (valid `--invite-ttl`, 7 days by default) to choose one; with `password` (the manual's initial password) the user must change it at the first login. No password is ever mailed. A summary of the configuration is mailed to the user.",
    request_body = CreateUserRequest,
    responses((status = 201, body = User), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    State(st): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateUserRequest>,
) -> ApiResult<(StatusCode, axum::Json<User>)> {
    let Some(company) = caller.require_user_manager()? else {
        return Err(ApiError::forbidden(
            "admin_only",
            "operative users are created by their company's Administrator",
        ));
    };
    let account = req.account.clone();
    validate::account(&account).map_err(|m| ApiError::invalid("account", m))?;
    check_names(&req.name, &req.surname, &req.email)?;
    let mut perms = Permissions::default();
    if let Some(map) = &req.permissions {
        apply_permissions(&mut perms, map)?;
    }
    // An initial password chosen by the Administrator must be changed at first login; without
    // one the account has no password (empty hash: no login) until the invitation is used.
    let (hash, invite) = match req.password {
        Some(p) => {
            validate::password(&p).map_err(|m| ApiError::invalid("password", m))?;
            (st.passwords.hash(p).await?, false)
        }
        None => (String::new(), true),
    };
    let url = st.public_url.clone();
    let settings = st.settings.clone();
    let user = run(&st.store, move |r| {
        let now = clock::now();
        let id = r.insert_user(
            &NewUser {
                account,
                role: Role::User,
                staff_admin: false,
                company_id: Some(company),
                name: req.name.clone(),
                surname: req.surname.clone(),
                email: req.email.clone(),
                password_hash: hash,
                must_change_password: !invite,
                active: req.active.unwrap_or(true),
                permissions: perms,
            },
            &now,
        )?;
        let u = r
            .user_by_id(id)?
            .ok_or_else(|| ApiError::internal("user vanished"))?;
        mail::user_created(r, &u, &url, &now)?;
        if invite {
            crate::server::service::send_password_code(r, &u, &settings, &url)?;
        }
        Ok(u)
    })
    .await?;
    st.mail_wakeup.notify_one();
    Ok((StatusCode::CREATED, axum::Json(to_wire(&user))))
}

#[utoipa::path(get, path = "/api/v1/users/{account}", tag = "users",
    params(("account" = String, Path)),
    responses((status = 200, body = User), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    State(st): State<AppState>,
    caller: Caller,
    ApiPath(account): ApiPath<String>,
) -> ApiResult<axum::Json<User>> {
    let company = caller.require_user_manager()?;
    let u = run(&st.store, move |r| managed(r, company, &account)).await?;
    Ok(axum::Json(to_wire(&u)))
}

#[utoipa::path(patch, path = "/api/v1/users/{account}", tag = "users",
    description = "Edits names, e-mail, permissions (merged over the current matrix) or active flag. The Administrator may also set a password, which the user must change at the next login (every session is signed out); staff cannot set passwords (403): they send a reset with POST /users/{account}/password-reset. Disabling revokes every session and token of the user at once.",
    params(("account" = String, Path)),
    request_body = UpdateUserRequest,
    responses((status = 200, body = User), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn update(
    State(st): State<AppState>,
    caller: Caller,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<UpdateUserRequest>,
) -> ApiResult<axum::Json<User>> {
    let company = caller.require_user_manager()?;
    let hash = match &req.password {
        Some(_) if caller.is_staff() => {
            return Err(ApiError::forbidden(
                "permission_denied",
                "staff cannot set a user's password: only users choose their own; send a reset instead (`lhs users reset-password ACCOUNT`)",
            )
            .with_details(serde_json::json!({ "field": "password" })));
        }
        Some(p) => {
            validate::password(p).map_err(|m| ApiError::invalid("password", m))?;
            Some(st.passwords.hash(p.clone()).await?)
        }
        None => None,
    };
    let u = run(&st.store, move |r| {
        let mut u = managed(r, company, &account)?;
        if let Some(v) = &req.name {
            u.name.clone_from(v);
        }
        if let Some(v) = &req.surname {
            u.surname.clone_from(v);
        }
        if let Some(v) = &req.email {
            u.email.clone_from(v);
        }
        check_names(&u.name, &u.surname, &u.email)?;
        if let Some(map) = &req.permissions {
            apply_permissions(&mut u.permissions, map)?;
        }
        let now = clock::now();
        let mut revoke = false;
        if let Some(active) = req.active {
            revoke |= u.active && !active;
            u.active = active;
        }
        if let Some(h) = hash {
            // Set by someone else: the user must choose their own at the next login.
            u.password_hash = h;
            u.must_change_password = true;
            revoke = true;
        }
        r.update_user(&u, &now)?;
        if revoke {
            r.revoke_user_tokens(u.id, None, &now)?;
        }
        r.user_by_id(u.id)?
            .ok_or_else(|| ApiError::internal("user vanished"))
    })
    .await?;
    Ok(axum::Json(to_wire(&u)))
}

async fn set_active(
    st: AppState,
    caller: Caller,
    account: String,
    active: bool,
) -> ApiResult<axum::Json<User>> {
    update(
        State(st),
        caller,
        ApiPath(account),
        ApiJson(UpdateUserRequest {
            active: Some(active),
            ..Default::default()
        }),
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/users/{account}/disable", tag = "users",
    description = "The user can no longer log in; its sessions and tokens stop working at once.",
    params(("account" = String, Path)),
    responses((status = 200, body = User), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn disable(
    State(st): State<AppState>,
    caller: Caller,
    ApiPath(account): ApiPath<String>,
) -> ApiResult<axum::Json<User>> {
    set_active(st, caller, account, false).await
}

#[utoipa::path(post, path = "/api/v1/users/{account}/enable", tag = "users",
    params(("account" = String, Path)),
    responses((status = 200, body = User), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn enable(
    State(st): State<AppState>,
    caller: Caller,
    ApiPath(account): ApiPath<String>,
) -> ApiResult<axum::Json<User>> {
    set_active(st, caller, account, true).await
}

#[utoipa::path(post, path = "/api/v1/users/{account}/password-reset", tag = "users",
    description = "Mails the user a single-use code to choose a new password (an invitation code if the user has never chosen one). The Administrator for the company's users, staff for any. The current password keeps working until the code is used.",
    params(("account" = String, Path)),
    responses((status = 202, body = crate::wire::Accepted), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn send_reset(
    State(st): State<AppState>,
    caller: Caller,
    ApiPath(account): ApiPath<String>,
) -> ApiResult<(StatusCode, axum::Json<crate::wire::Accepted>)> {
    let company = caller.require_user_manager()?;
    let settings = st.settings.clone();
    let url = st.public_url.clone();
    let u = run(&st.store, move |r| {
        let u = managed(r, company, &account)?;
        if !u.active {
            return Err(ApiError::conflict(
                "account_disabled",
                format!("`{}` is disabled: enable it first", u.account),
            ));
        }
        crate::server::service::send_password_code(r, &u, &settings, &url)?;
        Ok(u)
    })
    .await?;
    st.mail_wakeup.notify_one();
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(crate::wire::Accepted {
            message: format!("a code to choose a new password was mailed to {}", u.email),
        }),
    ))
}
