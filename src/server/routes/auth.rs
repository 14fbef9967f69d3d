//! Login, logout, `/me`, password change, forgotten password and reset.

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, check_line};
use crate::server::AppState;
use crate::server::auth::{AuthPending, ClientAddr, hash_secret, new_secret};
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::mail;
use crate::server::service::throttle::{
    self, FORGOT_PER_ACCOUNT, FORGOT_PER_ADDRESS, LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS,
    RESET_PER_ADDRESS,
};
use crate::server::service::{codes, users};
use crate::wire::{
    Accepted, ChangePasswordRequest, ErrorBody, ForgotPasswordRequest, LoginRequest, LoginResponse,
    Me, ResetPasswordRequest,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(get_me))
        .routes(routes!(change_password))
        .routes(routes!(forgot))
        .routes(routes!(reset))
}

fn check_new_password(pw: &str) -> ApiResult<()> {
    crate::domain::validate::password(pw).map_err(|m| ApiError::invalid("new_password", m))
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
    let acct_key = format!("login:acct:{}", req.account.trim().to_lowercase());
    let ip_key = format!("login:ip:{peer}");
    throttle::reserve(
        &st,
        vec![
            (acct_key.clone(), LOGIN_PER_ACCOUNT),
            (ip_key.clone(), LOGIN_PER_ADDRESS),
        ],
        "too many failed logins",
    )
    .await?;
    let account = req.account.trim().to_owned();
    let user = st
        .read_anon(move |r| Ok(r.user_by_account(None, &account)?))
        .await?;
    let ok = st
        .passwords
        .verify(user.as_ref().map(|u| u.password_hash.clone()), req.password)
        .await?;
    let Some(user) = user.filter(|_| ok) else {
        // The reserved attempts stay recorded: this was a failure.
        return Err(ApiError::unauthorized(
            "invalid_credentials",
            "wrong account or password",
        ));
    };
    let (secret, hash) = new_secret("lhs_s_");
    let expires_at = clock::in_future(st.settings.session_ttl);
    let exp = expires_at.clone();
    let uid = user.id;
    let active = user.active;
    // A suspended company's users are refused after a right password (a wrong one says
    // nothing about the company).
    let suspended = crate::server::auth::standing_banner(&user).err();
    let active = active && suspended.is_none();
    st.write_anon(move |r| {
        // A success is no failure: the attempts are given back.
        r.clear(&acct_key)?;
        r.release(&ip_key)?;
        if active {
            r.insert_token(uid, "session", "login", &hash, &clock::now(), &exp)?;
        }
        Ok(())
    })
    .await?;
    if let Some(e) = suspended {
        return Err(e);
    }
    if !active {
        return Err(ApiError::unauthorized(
            "account_disabled",
            "this account is disabled; ask your company's Administrator",
        ));
    }
    crate::server::app::set_banner(crate::server::auth::standing_banner(&user).ok().flatten());
    tracing::info!(account = %user.account, "login");
    Ok(axum::Json(LoginResponse {
        token: secret,
        must_change_password: user.must_change_password,
        me: users::me(&user, "session", &expires_at),
        expires_at,
    }))
}

#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    description = "Revokes the token used for this request.",
    responses((status = 204), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn logout(
    State(st): State<AppState>,
    AuthPending(auth): AuthPending,
) -> ApiResult<StatusCode> {
    st.write(auth, |r, c| {
        Ok(r.revoke_token(c.user.id, c.token.id, &clock::now())?)
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me", tag = "auth",
    description = "Who the token belongs to, with role and permission matrix. Answers even while a password change is pending.",
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_me(
    State(st): State<AppState>,
    AuthPending(auth): AuthPending,
) -> ApiResult<axum::Json<Me>> {
    let me = st
        .read(auth, |_, c| {
            Ok(users::me(&c.user, &c.token.kind, &c.token.expires_at))
        })
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
    AuthPending(auth): AuthPending,
    ApiJson(req): ApiJson<ChangePasswordRequest>,
) -> ApiResult<StatusCode> {
    check_new_password(&req.new_password)?;
    if req.new_password == req.current_password {
        return Err(ApiError::invalid(
            "new_password",
            "the new password must differ from the current one",
        ));
    }
    let c = st.read(auth.clone(), |_, c| Ok(c.clone())).await?;
    let key = format!("login:acct:{}", c.user.account.to_lowercase());
    throttle::reserve(
        &st,
        vec![(key.clone(), LOGIN_PER_ACCOUNT)],
        "too many wrong passwords",
    )
    .await?;
    if !st
        .passwords
        .verify(
            Some(c.user.password_hash.clone()),
            req.current_password.clone(),
        )
        .await?
    {
        return Err(ApiError::invalid(
            "current_password",
            "the current password is wrong",
        ));
    }
    let hash = st.passwords.hash(req.new_password).await?;
    let url = st.public_url.clone();
    st.write(auth, move |r, c| {
        let now = clock::now();
        r.clear(&key)?;
        let mut u = c.user.clone();
        u.password_hash.clone_from(&hash);
        u.must_change_password = false;
        r.update_user(&u, &now)?;
        r.revoke_user_tokens(u.id, Some(c.token.id), &now)?;
        Ok(mail::password_changed(r, &u, &url, &now)?)
    })
    .await?;
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
    check_line("account", &req.account)?;
    let account = req.account.trim().to_owned();
    throttle::reserve(
        &st,
        vec![
            (
                format!("forgot:acct:{}", account.to_lowercase()),
                FORGOT_PER_ACCOUNT,
            ),
            (format!("forgot:ip:{peer}"), FORGOT_PER_ADDRESS),
        ],
        "too many reset requests",
    )
    .await?;
    let settings = st.settings.clone();
    let url = st.public_url.clone();
    st.write_anon(move |r| {
        let Some(u) = r.user_by_account(None, &account)?.filter(|u| u.active) else {
            return Ok(());
        };
        Ok(codes::send_password_code(r, &u, &settings, &url)?)
    })
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(Accepted {
            message: "if the account exists, a reset code has been sent to its e-mail address"
                .into(),
        }),
    ))
}

fn code_refused() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "reset_token_invalid",
        "the code is invalid, expired or already used; ask for a new one (`lhs password forgot`)",
    )
    .with_details(json!({ "field": "token" }))
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
    check_new_password(&req.new_password)?;
    let ip_key = format!("reset:ip:{peer}");
    throttle::reserve(
        &st,
        vec![(ip_key.clone(), RESET_PER_ADDRESS)],
        "too many wrong codes",
    )
    .await?;
    // The code first: a hashed lookup, no password work for a wrong one.
    let token_hash = hash_secret(req.token.trim());
    let probe = token_hash.clone();
    let live = st
        .read_anon(move |r| Ok(r.code_is_live(&probe, &clock::now())?))
        .await?;
    if !live {
        return Err(code_refused());
    }
    let hash = st.passwords.hash(req.new_password).await?;
    let url = st.public_url.clone();
    st.write_anon(move |r| {
        let now = clock::now();
        r.release(&ip_key)?;
        // Consumed here, in the transaction that sets the password: a code used twice at once
        // sets the password once.
        let (uid, _) = r.use_code(&token_hash, &now)?.ok_or_else(code_refused)?;
        let mut u = r
            .user_by_id(uid)?
            .ok_or_else(|| ApiError::internal("code for a missing user"))?;
        u.password_hash.clone_from(&hash);
        u.must_change_password = false;
        r.update_user(&u, &now)?;
        r.revoke_user_tokens(u.id, None, &now)?;
        Ok(mail::password_changed(r, &u, &url, &now)?)
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
