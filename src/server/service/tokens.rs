//! Personal API tokens for CI: create (the secret is answered once), list, revoke. A token
//! acts as its owner with the owner's permissions.

use crate::domain::validate::Invalid;
use std::time::Duration;

use super::error::Missing;
use super::{Error, Result};
use crate::server::auth::{Caller, new_secret};
use crate::server::clock;
use crate::server::store::{Repo, TokenRow};
use crate::wire::{ApiToken, CreateTokenRequest, CreatedToken};

pub const DEFAULT_TTL_SECS: u64 = 30 * 86_400;
pub const MAX_TTL_SECS: u64 = 366 * 86_400;

fn info(t: &TokenRow, now: &str) -> ApiToken {
    ApiToken {
        id: t.id,
        name: t.name.clone(),
        created_at: t.created_at.clone(),
        expires_at: t.expires_at.clone(),
        last_used_at: t.last_used_at.clone(),
        revoked: t.revoked_at.is_some(),
        expired: t.expires_at.as_str() <= now,
    }
}

/// A new personal token of the caller's.
pub fn create(repo: &dyn Repo, caller: &Caller, req: &CreateTokenRequest) -> Result<CreatedToken> {
    super::text("name", &req.name, 100)?;
    let secs = req.expires_in_seconds.unwrap_or(DEFAULT_TTL_SECS);
    if !(1..=MAX_TTL_SECS).contains(&secs) {
        return Err(Error::invalid("expires_in_seconds", Invalid::TokenLifetime));
    }
    let (secret, hash) = new_secret("lhs_p_");
    let now = clock::now();
    let exp = clock::in_future(Duration::from_secs(secs));
    let id = repo.insert_token(caller.user.id, "api", &req.name, &hash, &now, &exp)?;
    let row = TokenRow {
        id,
        user_id: caller.user.id,
        kind: "api".into(),
        name: req.name.clone(),
        created_at: now,
        expires_at: exp,
        last_used_at: None,
        revoked_at: None,
    };
    Ok(CreatedToken {
        info: info(&row, &clock::now()),
        token: secret,
    })
}

/// The caller's personal tokens, without secrets.
pub fn list(repo: &dyn Repo, caller: &Caller) -> Result<Vec<ApiToken>> {
    let now = clock::now();
    Ok(repo
        .list_tokens(caller.user.id, "api")?
        .iter()
        .map(|t| info(t, &now))
        .collect())
}

/// Revokes one of the caller's personal tokens.
pub fn revoke(repo: &dyn Repo, caller: &Caller, id: i64) -> Result<()> {
    let mine = repo
        .list_tokens(caller.user.id, "api")?
        .iter()
        .any(|t| t.id == id);
    if !mine {
        return Err(Error::NotFound(Missing::Token(id)));
    }
    repo.revoke_token(caller.user.id, id, &clock::now())?;
    Ok(())
}
