//! Signing in and out and the password's life: login (throttled per account and per address,
//! across every instance sharing the database), who the caller is, changing the password,
//! asking for a code and choosing a new password with it.
//!
//! These use cases span several steps — a throttle reservation, a transaction, password work
//! on the hashing pool, another transaction — so they are `async` and take the [`AppState`];
//! the API's routes and the web pages call them alike.

use std::net::IpAddr;

use super::error::Attempts;
use super::throttle::{
    self, FORGOT_PER_ACCOUNT, FORGOT_PER_ADDRESS, LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS,
    RESET_PER_ADDRESS,
};
use super::{Error, Result, codes};
use crate::server::AppState;
use crate::server::auth::{Auth, hash_secret, new_secret, standing_banner};
use crate::server::clock;
use crate::server::mail;
use crate::server::store::{StoreError, UserRow};

/// A new session: its secret (shown once), until when it lives, and whose it is.
#[derive(Debug)]
pub struct Session {
    pub secret: String,
    pub expires_at: String,
    pub user: UserRow,
}

/// Exchanges account and password for a session. An attempt is reserved before the password
/// is checked, so parallel guesses cannot exceed the limits; a success gives it back.
pub async fn login(
    st: &AppState,
    peer: IpAddr,
    account: &str,
    password: String,
) -> Result<Session> {
    let account = account.trim().to_owned();
    let acct_key = format!("login:acct:{}", account.to_lowercase());
    let ip_key = format!("login:ip:{peer}");
    throttle::reserve(
        st,
        vec![
            (acct_key.clone(), LOGIN_PER_ACCOUNT),
            (ip_key.clone(), LOGIN_PER_ADDRESS),
        ],
        Attempts::FailedLogins,
    )
    .await?;
    let user = st
        .service_read_anon(move |r| Ok(r.user_by_account(None, &account)?))
        .await?;
    let ok = st
        .passwords
        .verify(user.as_ref().map(|u| u.password_hash.clone()), password)
        .await?;
    // The reserved attempts stay recorded: this was a failure.
    let user = user.filter(|_| ok).ok_or(Error::InvalidCredentials)?;
    let (secret, hash) = new_secret("lhs_s_");
    let expires_at = clock::in_future(st.settings.session_ttl);
    let exp = expires_at.clone();
    let uid = user.id;
    // A suspended company's users are refused after a right password (a wrong one says
    // nothing about the company).
    let suspended = standing_banner(&user).err();
    let active = user.active && suspended.is_none();
    st.service_write_anon(move |r| {
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
    if !user.active {
        return Err(Error::LoginDisabled);
    }
    tracing::info!(account = %user.account, "login");
    Ok(Session {
        secret,
        expires_at,
        user,
    })
}

/// Ends the session (or revokes the token) the request used.
pub async fn logout(st: &AppState, auth: Auth) -> Result<()> {
    st.service_write(auth, |r, c| {
        r.revoke_token(c.user.id, c.token.id, &clock::now())?;
        Ok(())
    })
    .await
}

/// Changes the caller's password (also the forced change after a password someone else set):
/// wrong current passwords are throttled like logins; the user's other sessions and tokens
/// end; a confirmation is mailed.
pub async fn change_password(
    st: &AppState,
    auth: Auth,
    current: String,
    new: String,
) -> Result<()> {
    super::users::check_password("new_password", &new)?;
    if new == current {
        return Err(Error::SamePassword);
    }
    let c = st.service_read(auth.clone(), |_, c| Ok(c.clone())).await?;
    let key = format!("login:acct:{}", c.user.account.to_lowercase());
    throttle::reserve(
        st,
        vec![(key.clone(), LOGIN_PER_ACCOUNT)],
        Attempts::WrongPasswords,
    )
    .await?;
    if !st
        .passwords
        .verify(Some(c.user.password_hash.clone()), current)
        .await?
    {
        return Err(Error::WrongCurrentPassword);
    }
    let hash = st.passwords.hash(new).await?;
    let url = st.public_url.clone();
    st.service_write(auth, move |r, c| {
        let now = clock::now();
        r.clear(&key)?;
        let mut u = c.user.clone();
        u.password_hash.clone_from(&hash);
        u.must_change_password = false;
        r.update_user(&u, &now)?;
        r.revoke_user_tokens(u.id, Some(c.token.id), &now)?;
        Ok(mail::password_changed(r, &u, &url, &now)?)
    })
    .await
}

/// Mails a single-use code to the account's address (an invitation code to an account that
/// never chose a password). Says nothing about whether the account exists.
pub async fn forgot(st: &AppState, peer: IpAddr, account: &str) -> Result<()> {
    super::line("account", account)?;
    let account = account.trim().to_owned();
    throttle::reserve(
        st,
        vec![
            (
                format!("forgot:acct:{}", account.to_lowercase()),
                FORGOT_PER_ACCOUNT,
            ),
            (format!("forgot:ip:{peer}"), FORGOT_PER_ADDRESS),
        ],
        Attempts::ResetRequests,
    )
    .await?;
    let env = st.env();
    st.service_write_anon(move |r| {
        let Some(u) = r.user_by_account(None, &account)?.filter(|u| u.active) else {
            return Ok(());
        };
        Ok(codes::send_password_code(
            r,
            &u,
            &env.settings,
            &env.public_url,
        )?)
    })
    .await
}

/// Sets a new password with a mailed code (reset or invitation). The code is checked before
/// any password work; wrong codes are throttled per address; every session of the user ends.
pub async fn reset(st: &AppState, peer: IpAddr, code: &str, new: String) -> Result<()> {
    super::users::check_password("new_password", &new)?;
    let ip_key = format!("reset:ip:{peer}");
    throttle::reserve(
        st,
        vec![(ip_key.clone(), RESET_PER_ADDRESS)],
        Attempts::WrongCodes,
    )
    .await?;
    // The code first: a hashed lookup, no password work for a wrong one.
    let token_hash = hash_secret(code.trim());
    let probe = token_hash.clone();
    let live = st
        .service_read_anon(move |r| Ok(r.code_is_live(&probe, &clock::now())?))
        .await?;
    if !live {
        return Err(Error::CodeRefused);
    }
    let hash = st.passwords.hash(new).await?;
    let url = st.public_url.clone();
    st.service_write_anon(move |r| {
        let now = clock::now();
        r.release(&ip_key)?;
        // Consumed here, in the transaction that sets the password: a code used twice at once
        // sets the password once.
        let (uid, _) = r.use_code(&token_hash, &now)?.ok_or(Error::CodeRefused)?;
        let mut u = r
            .user_by_id(uid)?
            .ok_or_else(|| Error::Store(StoreError::Internal("code for a missing user".into())))?;
        u.password_hash.clone_from(&hash);
        u.must_change_password = false;
        r.update_user(&u, &now)?;
        r.revoke_user_tokens(u.id, None, &now)?;
        Ok(mail::password_changed(r, &u, &url, &now)?)
    })
    .await
}
