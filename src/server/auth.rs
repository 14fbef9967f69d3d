//! Authentication: argon2id password hashes, random bearer tokens stored as SHA-256 hashes,
//! and the [`Caller`] extractor that turns `Authorization: Bearer …` into a checked user.
//!
//! A token works only while it is unrevoked, unexpired and its user is active; a user who
//! must change the password gets 403 `password_change_required` everywhere except the few
//! routes that take [`PendingCaller`].

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::domain::permissions::Level;
use crate::domain::ticket::Actor;
use crate::server::AppState;
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::store::{Scope, TokenRow, UserRow, run};
use crate::wire::Role;

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// Hashes a password with argon2id and a random salt (PHC string). CPU-heavy: call it from a
/// blocking context.
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).expect("16-byte salt encodes");
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing with default params cannot fail")
        .to_string()
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
}

/// Hashes on the blocking pool.
pub async fn hash_password_async(password: String) -> ApiResult<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(ApiError::internal)
}

/// Verifies on the blocking pool; with no hash (unknown account) it still spends the time, so
/// response timing does not reveal which accounts exist.
pub async fn verify_password_async(hash: Option<String>, password: String) -> ApiResult<bool> {
    tokio::task::spawn_blocking(move || {
        if let Some(h) = hash {
            verify_password(&h, &password)
        } else {
            let _ = hash_password(&password);
            false
        }
    })
    .await
    .map_err(ApiError::internal)
}

/// A new random secret with a recognisable prefix (`lhs_s_` sessions, `lhs_p_` personal
/// tokens, `lhs_r_` reset links) and its storage hash.
pub fn new_secret(prefix: &str) -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    let hash = hash_secret(&secret);
    (secret, hash)
}

pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A temporary password that satisfies the policy: 12 characters, letters and digits.
pub fn temporary_password() -> String {
    const ALPHA: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGIT: &[u8] = b"23456789";
    let mut rng = rand::rng();
    let mut pick = |set: &[u8]| set[(rng.next_u32() as usize) % set.len()] as char;
    let mut s: String = (0..9).map(|_| pick(ALPHA)).collect();
    s.extend((0..3).map(|_| pick(DIGIT)));
    s
}

/// The authenticated user of a request, with the token it used.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: UserRow,
    pub token: TokenRow,
}

/// Like [`Caller`], but also admitted while a password change is pending.
#[derive(Debug, Clone)]
pub struct PendingCaller(pub Caller);

impl Caller {
    pub fn is_staff(&self) -> bool {
        self.user.role == Role::Staff
    }

    pub fn require_staff(&self) -> ApiResult<()> {
        if self.is_staff() {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                "staff_only",
                "only help-desk staff can do this",
            ))
        }
    }

    pub fn require_staff_admin(&self) -> ApiResult<()> {
        self.require_staff()?;
        if self.user.staff_admin {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                "staff_admin_only",
                "only staff administrators can manage customers, catalog and contracts",
            ))
        }
    }

    /// The company whose users this caller manages: the Administrator's own; staff may name any
    /// (`None` = all companies).
    pub fn require_user_manager(&self) -> ApiResult<Option<i64>> {
        match self.user.role {
            Role::Staff => Ok(None),
            Role::Admin => Ok(self.user.company_id),
            Role::User => Err(ApiError::forbidden(
                "admin_only",
                "only the company's Administrator can manage users",
            )),
        }
    }

    /// Which tickets the caller sees, or why it sees none.
    pub fn ticket_scope(&self) -> ApiResult<Scope> {
        let company = self.user.company_id.unwrap_or_default();
        match self.user.role {
            Role::Staff => Ok(Scope::All),
            Role::Admin => Err(ApiError::forbidden(
                "admin_cannot_manage_tickets",
                "the Administrator account cannot open or manage tickets: log in as an operative user (the Administrator creates them with `lhs users add`)",
            )),
            Role::User => match self.user.permissions.support() {
                Level::Off => Err(ApiError::forbidden(
                    "permission_denied",
                    "your `assistenza` permission is off: ask your company's Administrator to enable it",
                )
                .with_details(serde_json::json!({ "area": "assistenza" }))),
                Level::All => Ok(Scope::Company(company)),
                _ => Ok(Scope::Own {
                    company,
                    user: self.user.id,
                }),
            },
        }
    }

    /// The caller as the ticket state machine sees it, for a ticket held by `technician`.
    pub fn ticket_actor(&self, technician: Option<i64>) -> Actor {
        match self.user.role {
            Role::Staff => Actor::Staff {
                holds: technician == Some(self.user.id),
            },
            _ if self.user.permissions.support() == Level::Read => Actor::Reader,
            _ => Actor::Customer,
        }
    }
}

fn bearer(parts: &Parts) -> ApiResult<String> {
    let value = parts
        .headers
        .get(AUTHORIZATION)
        .ok_or_else(|| {
            ApiError::unauthorized(
                "unauthenticated",
                "authentication required: send `Authorization: Bearer <token>`",
            )
        })?
        .to_str()
        .map_err(|_| ApiError::unauthorized("token_invalid", "malformed Authorization header"))?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .ok_or_else(|| {
            ApiError::unauthorized(
                "token_invalid",
                "the Authorization header must be `Bearer <token>`",
            )
        })?;
    Ok(token.trim().to_owned())
}

async fn authenticate(parts: &Parts, state: &AppState) -> ApiResult<Caller> {
    let hash = hash_secret(&bearer(parts)?);
    run(&state.store, move |repo| {
        let now = clock::now();
        let token = repo
            .token_by_hash(&hash)?
            .ok_or_else(|| ApiError::unauthorized("token_invalid", "the token is not valid"))?;
        let user = repo
            .user_by_id(token.user_id)?
            .ok_or_else(|| ApiError::unauthorized("token_invalid", "the token is not valid"))?;
        if !user.active {
            return Err(ApiError::unauthorized(
                "account_disabled",
                "this account is disabled; ask your company's Administrator",
            ));
        }
        if token.revoked_at.is_some() {
            return Err(ApiError::unauthorized(
                "token_revoked",
                "the token has been revoked (logged out, password changed, or revoked by its owner)",
            ));
        }
        if token.expires_at <= now {
            return Err(ApiError::unauthorized("token_expired", "the token has expired"));
        }
        let minute_ago = clock::in_past(std::time::Duration::from_secs(60));
        if token
            .last_used_at
            .as_deref()
            .is_none_or(|t| t < minute_ago.as_str())
        {
            repo.touch_token(token.id, &now)?;
        }
        Ok(Caller { user, token })
    })
    .await
}

impl FromRequestParts<AppState> for PendingCaller {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        Ok(PendingCaller(authenticate(parts, state).await?))
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let caller = authenticate(parts, state).await?;
        if caller.user.must_change_password {
            return Err(ApiError::forbidden(
                "password_change_required",
                "you must change your temporary password first (POST /api/v1/auth/password, or `lhs passwd`)",
            ));
        }
        Ok(caller)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_hash_round_trip() {
        let h = hash_password("secret123");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "secret123"));
        assert!(!verify_password(&h, "secret124"));
        assert!(!verify_password("garbage", "secret123"));
    }

    #[test]
    fn secrets_are_random_and_hashed() {
        let (a, ha) = new_secret("lhs_s_");
        let (b, _) = new_secret("lhs_s_");
        assert_ne!(a, b);
        assert!(a.starts_with("lhs_s_") && a.len() > 40);
        assert_eq!(ha, hash_secret(&a));
        assert!(!ha.contains(&a));
    }

    #[test]
    fn temporary_passwords_meet_the_policy() {
        for _ in 0..20 {
            crate::domain::validate::password(&temporary_password()).unwrap();
        }
    }
}
