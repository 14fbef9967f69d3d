//! Operative users over HTTP: each handler decodes, calls one function of
//! [`service::users`](crate::server::service::users) and encodes. Passwords are hashed here,
//! on the hashing pool, between the check of who may and the write.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiPath, ApiQuery};
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::error::ApiResult;
use crate::server::service::users;
use crate::wire::{Accepted, CreateUserRequest, ErrorBody, UpdateUserRequest, User, UserQuery};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, update))
        .routes(routes!(disable))
        .routes(routes!(enable))
        .routes(routes!(send_reset))
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    description = "The operative users of the caller's company (staff: of every customer, or of `customer`), optionally only those matching `q` and `active`.",
    params(UserQuery),
    responses((status = 200, body = Vec<User>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<UserQuery>,
) -> ApiResult<axum::Json<Vec<User>>> {
    let list = st
        .read(auth, move |r, c| Ok(users::list(r, c, &q)?))
        .await?;
    Ok(axum::Json(list))
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
    // Who may, and the fields: checked before any password work.
    st.read(auth.clone(), |_, c| Ok(users::may_create(c)?))
        .await?;
    users::check_new(&req)?;
    let hash = match &req.password {
        Some(p) => Some(st.passwords.hash(p.clone()).await?),
        None => None,
    };
    let env = st.env();
    let user = st
        .write(auth, move |r, c| {
            Ok(users::create(r, c, &env, &req, hash.as_deref())?)
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(user)))
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
        .read(auth, move |r, c| Ok(users::show(r, c, &account)?))
        .await?;
    Ok(axum::Json(u))
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
    let hash = match req.password.clone() {
        Some(p) => {
            let check = p.clone();
            st.read(auth.clone(), move |_, c| {
                Ok(users::may_set_password(c, &check)?)
            })
            .await?;
            Some(st.passwords.hash(p).await?)
        }
        None => None,
    };
    let u = st
        .write(auth, move |r, c| {
            Ok(users::update(r, c, &account, &req, hash.as_deref())?)
        })
        .await?;
    Ok(axum::Json(u))
}

async fn set_active(
    st: AppState,
    auth: Auth,
    account: String,
    active: bool,
) -> ApiResult<axum::Json<User>> {
    let req = UpdateUserRequest {
        active: Some(active),
        ..Default::default()
    };
    let u = st
        .write(auth, move |r, c| {
            Ok(users::update(r, c, &account, &req, None)?)
        })
        .await?;
    Ok(axum::Json(u))
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
    let env = st.env();
    let email = st
        .write(auth, move |r, c| {
            Ok(users::send_reset(r, c, &env, &account)?)
        })
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(Accepted {
            message: format!("a code to choose a new password was mailed to {email}"),
        }),
    ))
}
