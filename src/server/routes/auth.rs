//! Login, logout, `/me`, password change, forgotten password and reset over HTTP: each
//! handler decodes, calls one function of [`service::auth`](crate::server::service::auth)
//! and encodes.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::ApiJson;
use crate::server::AppState;
use crate::server::auth::{AuthPending, ClientAddr, standing_banner};
use crate::server::error::ApiResult;
use crate::server::service::{auth, users};
use crate::wire::{
    Accepted, ChangePasswordRequest, ErrorBody, ForgotPasswordRequest, LoginRequest, LoginResponse,
    Me, ResetPasswordRequest, UpdateMeRequest,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(get_me, update_me))
        .routes(routes!(change_password))
        .routes(routes!(forgot))
        .routes(routes!(reset))
}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth",
    description = "Exchanges account and password for a session token. Administrators log in with the customer code. Failed attempts are throttled per account (5 per 15 minutes) and per client address (20 per 15 minutes), across every instance sharing the database; an attempt is reserved before the password is checked, so parallel guesses cannot exceed the limit (429 with Retry-After).",
    request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(
    State(st): State<AppState>,
    ClientAddr(peer): ClientAddr,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<axum::Json<LoginResponse>> {
    let s = auth::login(&st, peer, &req.account, req.password).await?;
    crate::server::app::set_banner(standing_banner(&s.user).ok().flatten());
    Ok(axum::Json(LoginResponse {
        token: s.secret,
        must_change_password: s.user.must_change_password,
        me: users::me(&s.user, "session", &s.expires_at),
        expires_at: s.expires_at,
    }))
}

#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    description = "Revokes the token used for this request.",
    responses((status = 204), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn logout(
    State(st): State<AppState>,
    AuthPending(a): AuthPending,
) -> ApiResult<StatusCode> {
    auth::logout(&st, a).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me", tag = "auth",
    description = "Who the token belongs to, with role and permission matrix. Answers even while a password change is pending.",
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_me(
    State(st): State<AppState>,
    AuthPending(a): AuthPending,
) -> ApiResult<axum::Json<Me>> {
    let me = st
        .read(a, |_, c| {
            Ok(users::me(&c.user, &c.token.kind, &c.token.expires_at))
        })
        .await?;
    Ok(axum::Json(me))
}

#[utoipa::path(patch, path = "/api/v1/me", tag = "auth",
    description = "Changes what a user decides of their own account: the language of their mails and portal pages (`it`, `en`). Answers even while a password change is pending.",
    request_body = UpdateMeRequest,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn update_me(
    State(st): State<AppState>,
    AuthPending(a): AuthPending,
    ApiJson(req): ApiJson<UpdateMeRequest>,
) -> ApiResult<axum::Json<Me>> {
    let me = st
        .write(a, move |r, c| Ok(users::update_me(r, c, &req)?))
        .await?;
    Ok(axum::Json(me))
}

#[utoipa::path(post, path = "/api/v1/auth/password", tag = "auth",
    description = "Changes the caller's password (also the forced change after a password someone else set). Wrong current passwords are throttled like logins. Other sessions and tokens of the user are revoked; a confirmation e-mail is queued.",
    request_body = ChangePasswordRequest,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn change_password(
    State(st): State<AppState>,
    AuthPending(a): AuthPending,
    ApiJson(req): ApiJson<ChangePasswordRequest>,
) -> ApiResult<StatusCode> {
    auth::change_password(&st, a, req.current_password, req.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/auth/forgot", tag = "auth",
    description = "Mails a single-use reset code to the account's address (an account that has not chosen a password yet gets a new invitation code). Always answers 202, whether or not the account exists. Rate-limited per account (3 per hour) and per client address (10 per hour).",
    request_body = ForgotPasswordRequest,
    responses((status = 202, body = Accepted), (status = 429, body = ErrorBody)))]
pub async fn forgot(
    State(st): State<AppState>,
    ClientAddr(peer): ClientAddr,
    ApiJson(req): ApiJson<ForgotPasswordRequest>,
) -> ApiResult<(StatusCode, axum::Json<Accepted>)> {
    auth::forgot(&st, peer, &req.account).await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(Accepted {
            message: "if the account exists, a reset code has been sent to its e-mail address"
                .into(),
        }),
    ))
}

#[utoipa::path(post, path = "/api/v1/auth/reset", tag = "auth",
    description = "Sets a new password with a mailed single-use code: a reset code (`lhs_r_…`, from forgot-password) or an invitation code (`lhs_i_…`, mailed to an account created without a password). The code is checked before any password work; wrong codes are throttled per client address (10 per 15 minutes). Every session and token of the user is revoked.",
    request_body = ResetPasswordRequest,
    responses((status = 204), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn reset(
    State(st): State<AppState>,
    ClientAddr(peer): ClientAddr,
    ApiJson(req): ApiJson<ResetPasswordRequest>,
) -> ApiResult<StatusCode> {
    auth::reset(&st, peer, &req.token, req.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}
