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
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiPath, ApiQuery, check_line, check_text};
use crate::domain::permissions::Permissions;
use crate::domain::validate;
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::mail;
use crate::server::service::users::{managed, to_wire};
use crate::server::service::{codes, customers};
use crate::server::store::NewUser;
use crate::wire::{
    Accepted, CreateUserRequest, ErrorBody, PermissionMap, Role, UpdateUserRequest, User,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, update))
        .routes(routes!(disable))
        .routes(routes!(enable))
        .routes(routes!(send_reset))
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

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Staff only: limit to one customer.
    pub customer: Option<String>,
    /// Users whose account, name, surname or e-mail contains every word (any case).
    #[param(pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub q: Option<String>,
    /// Only enabled (`true`) or only disabled (`false`) users.
    pub active: Option<bool>,
}

/// Whether `u` matches every word of `q` (case ignored).
fn matches_words(u: &crate::server::store::UserRow, words: &[String]) -> bool {
    let hay = format!("{} {} {} {}", u.account, u.name, u.surname, u.email).to_lowercase();
    words.iter().all(|w| hay.contains(w.as_str()))
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    description = "The operative users of the caller's company (staff: of every customer, or of `customer`), optionally only those matching `q` and `active`.",
    params(ListQuery),
    responses((status = 200, body = Vec<User>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<axum::Json<Vec<User>>> {
    let text = q.q.clone().unwrap_or_default();
    check_line("q", &text)?;
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let users = st
        .read(auth, move |r, c| {
            let mut company = c.require_user_manager()?;
            if let (None, Some(code)) = (company, &q.customer) {
                company = Some(customers::company(r, code)?.id);
            }
            Ok(r.list_users(company)?)
        })
        .await?;
    Ok(axum::Json(
        users
            .iter()
            .filter(|u| u.role == Role::User)
            .filter(|u| q.active.is_none_or(|a| u.active == a))
            .filter(|u| matches_words(u, &words))
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
    auth: Auth,
    ApiJson(req): ApiJson<CreateUserRequest>,
) -> ApiResult<(StatusCode, axum::Json<User>)> {
    // Who may: checked before any password work.
    let company = st
        .read(auth.clone(), |_, c| {
            c.require_user_manager()?.ok_or_else(|| {
                ApiError::forbidden(
                    "admin_only",
                    "operative users are created by their company's Administrator",
                )
            })
        })
        .await?;
    validate::account(&req.account).map_err(|m| ApiError::invalid("account", m))?;
    check_names(&req.name, &req.surname, &req.email)?;
    let mut perms = Permissions::default();
    if let Some(map) = &req.permissions {
        apply_permissions(&mut perms, map)?;
    }
    // An initial password chosen by the Administrator must be changed at first login; without
    // one the account has no password (empty hash: no login) until the invitation is used.
    let (hash, invite) = match &req.password {
        Some(p) => {
            validate::password(p).map_err(|m| ApiError::invalid("password", m))?;
            (st.passwords.hash(p.clone()).await?, false)
        }
        None => (String::new(), true),
    };
    let url = st.public_url.clone();
    let settings = st.settings.clone();
    let user = st
        .write(auth, move |r, _| {
            let now = clock::now();
            let id = r
                .insert_user(
                    &NewUser {
                        account: req.account.clone(),
                        role: Role::User,
                        staff_admin: false,
                        company_id: Some(company),
                        name: req.name.clone(),
                        surname: req.surname.clone(),
                        email: req.email.clone(),
                        password_hash: hash.clone(),
                        must_change_password: !invite,
                        active: req.active.unwrap_or(true),
                        permissions: perms.clone(),
                        language: req.language.unwrap_or_default().as_str().to_owned(),
                    },
                    &now,
                )
                .map_err(|e| match e {
                    crate::server::store::StoreError::Duplicate(_) => ApiError::conflict(
                        "account_taken",
                        format!("the account `{}` is already taken", req.account),
                    )
                    .with_details(serde_json::json!({ "field": "account" })),
                    other => other.into(),
                })?;
            let u = r
                .user_by_id(id)?
                .ok_or_else(|| ApiError::internal("user vanished"))?;
            mail::user_created(r, &u, &url, &now)?;
            if invite {
                codes::send_password_code(r, &u, &settings, &url)?;
            }
            Ok(u)
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(to_wire(&user))))
}

#[utoipa::path(get, path = "/api/v1/users/{account}", tag = "users",
    params(("account" = String, Path)),
    responses((status = 200, body = User), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(account): ApiPath<String>,
) -> ApiResult<axum::Json<User>> {
    let u = st
        .read(auth, move |r, c| {
            managed(r, c.require_user_manager()?, &account)
        })
        .await?;
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
    auth: Auth,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<UpdateUserRequest>,
) -> ApiResult<axum::Json<User>> {
    let hash = match &req.password {
        Some(p) => {
            let staff = st
                .read(auth.clone(), |_, c| {
                    c.require_user_manager()?;
                    Ok(c.is_staff())
                })
                .await?;
            if staff {
                return Err(ApiError::forbidden(
                    "permission_denied",
                    "staff cannot set a user's password: only users choose their own; send a reset instead (`lhs users reset-password ACCOUNT`)",
                )
                .with_details(serde_json::json!({ "field": "password" })));
            }
            validate::password(p).map_err(|m| ApiError::invalid("password", m))?;
            Some(st.passwords.hash(p.clone()).await?)
        }
        None => None,
    };
    let u = st
        .write(auth, move |r, c| {
            let mut u = managed(r, c.require_user_manager()?, &account)?;
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
            if let Some(l) = req.language {
                u.language = l.as_str().to_owned();
            }
            if let Some(active) = req.active {
                revoke |= u.active && !active;
                u.active = active;
            }
            if let Some(h) = &hash {
                // Set by someone else: the user must choose their own at the next login.
                u.password_hash.clone_from(h);
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
    auth: Auth,
    account: String,
    active: bool,
) -> ApiResult<axum::Json<User>> {
    update(
        State(st),
        auth,
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
    auth: Auth,
    ApiPath(account): ApiPath<String>,
) -> ApiResult<axum::Json<User>> {
    set_active(st, auth, account, false).await
}

#[utoipa::path(post, path = "/api/v1/users/{account}/enable", tag = "users",
    params(("account" = String, Path)),
    responses((status = 200, body = User), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn enable(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(account): ApiPath<String>,
) -> ApiResult<axum::Json<User>> {
    set_active(st, auth, account, true).await
}

#[utoipa::path(post, path = "/api/v1/users/{account}/password-reset", tag = "users",
    description = "Mails the user a single-use code to choose a new password (an invitation code if the user has never chosen one). The Administrator for the company's users, staff for any. The current password keeps working until the code is used.",
    params(("account" = String, Path)),
    responses((status = 202, body = Accepted), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn send_reset(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(account): ApiPath<String>,
) -> ApiResult<(StatusCode, axum::Json<Accepted>)> {
    let settings = st.settings.clone();
    let url = st.public_url.clone();
    let u = st
        .write(auth, move |r, c| {
            let u = managed(r, c.require_user_manager()?, &account)?;
            if !u.active {
                return Err(ApiError::conflict(
                    "account_disabled",
                    format!("`{}` is disabled: enable it first", u.account),
                ));
            }
            codes::send_password_code(r, &u, &settings, &url)?;
            Ok(u)
        })
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(Accepted {
            message: format!("a code to choose a new password was mailed to {}", u.email),
        }),
    ))
}
