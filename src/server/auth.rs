//! Authentication: random bearer tokens and codes stored as SHA-256 hashes, the
//! [`ClientAddr`] of a request (behind trusted proxies too), and the [`Caller`] extractor that
//! turns `Authorization: Bearer …` into a checked user. Password hashing lives in
//! [`crate::server::passwords`].
//!
//! A token works only while it is unrevoked, unexpired and its user is active; a user who
//! must change the password gets 403 `password_change_required` everywhere except the few
//! routes that take [`AuthPending`].

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::domain::permissions::Level;
use crate::domain::standing::{DEFAULT_BANNER, Standing};
use crate::domain::ticket::Actor;
use crate::server::AppState;
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::service::error::{self as service, StaffTask, TokenProblem};
use crate::server::store::{Repo, Scope, TokenRow, UserRow};
use crate::wire::Role;

/// A new random secret with a recognisable prefix (`lhs_s_` sessions, `lhs_p_` personal
/// tokens, `lhs_r_` reset codes, `lhs_i_` invitation codes) and its storage hash.
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

/// A random password that satisfies the policy: 12 characters, letters and digits (the dev
/// mode's accounts when no password is given).
pub fn random_password() -> String {
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
    /// The banner of a company in `temporary` standing, shown with every answer.
    pub banner: Option<String>,
}

impl Caller {
    pub fn is_staff(&self) -> bool {
        self.user.role == Role::Staff
    }

    pub fn require_staff(&self) -> service::Result<()> {
        self.require_staff_to(StaffTask::Any)
    }

    /// Like [`Caller::require_staff`], saying what only the help desk does.
    pub fn require_staff_to(&self, task: StaffTask) -> service::Result<()> {
        if self.is_staff() {
            Ok(())
        } else {
            Err(service::Error::StaffOnly(task))
        }
    }

    pub fn require_staff_admin(&self) -> service::Result<()> {
        self.require_staff()?;
        if self.user.staff_admin {
            Ok(())
        } else {
            Err(service::Error::StaffAdminOnly)
        }
    }

    /// The company whose users this caller manages: the Administrator's own; staff may name any
    /// (`None` = all companies).
    pub fn require_user_manager(&self) -> service::Result<Option<i64>> {
        match self.user.role {
            Role::Staff => Ok(None),
            Role::Admin => Ok(self.user.company_id),
            Role::User => Err(service::Error::AdminOnly),
        }
    }

    /// Which tickets the caller sees, or why it sees none.
    pub fn ticket_scope(&self) -> service::Result<Scope> {
        let company = self.user.company_id.unwrap_or_default();
        match self.user.role {
            Role::Staff => Ok(Scope::All),
            Role::Admin => Err(service::Error::AdminCannotManageTickets),
            Role::User => match self.user.permissions.support() {
                Level::Off => Err(service::Error::PermissionOff { area: "assistenza" }),
                Level::All => Ok(Scope::Company(company)),
                _ => Ok(Scope::Own {
                    company,
                    user: self.user.id,
                }),
            },
        }
    }

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

/// The credentials of a request, as sent: the bearer token's hash. Checking them is a lookup
/// that runs inside the request's own transaction ([`Auth::resolve`]), so authenticating costs
/// no transaction of its own.
#[derive(Clone)]
pub struct Auth {
    hash: String,
    /// Admitted while a password change is pending (`/me`, `/auth/password`, logout).
    pending_ok: bool,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Auth(redacted)")
    }
}

/// Like [`Auth`], but also admitted while a password change is pending.
#[derive(Debug, Clone)]
pub struct AuthPending(pub Auth);

/// Record token use at most this often.
const TOUCH_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

impl Auth {
    /// The credentials of a session secret held elsewhere than a header (the web pages'
    /// cookie); `pending_ok` admits a user whose password change is pending.
    pub fn from_secret(secret: &str, pending_ok: bool) -> Auth {
        Auth {
            hash: hash_secret(secret),
            pending_ok,
        }
    }

    /// The caller, checked: a live token of an active user (and, unless admitted, no pending
    /// password change). The flag says the token's last use should be recorded.
    pub fn resolve(&self, repo: &dyn Repo, now: &str) -> service::Result<(Caller, bool)> {
        let (token, user) = repo
            .caller_by_token(&self.hash)?
            .ok_or(service::Error::Token(TokenProblem::Invalid))?;
        if !user.active {
            return Err(service::Error::LoginDisabled);
        }
        if token.revoked_at.is_some() {
            return Err(service::Error::Token(TokenProblem::Revoked));
        }
        if token.expires_at.as_str() <= now {
            return Err(service::Error::Token(TokenProblem::Expired));
        }
        if user.must_change_password && !self.pending_ok {
            return Err(service::Error::PasswordChangeRequired);
        }
        let banner = standing_banner(&user)?;
        let stale = clock::in_past(TOUCH_EVERY);
        let touch = token
            .last_used_at
            .as_deref()
            .is_none_or(|t| t < stale.as_str());
        Ok((
            Caller {
                user,
                token,
                banner,
            },
            touch,
        ))
    }
}

/// The company's standing for one of its users: suspended is refused (401
/// `account_suspended`, so the CLI says to log in again later: exit 3); temporary gives the
/// banner to show. Staff have no company and are never affected.
pub fn standing_banner(user: &UserRow) -> service::Result<Option<String>> {
    let message = || {
        user.company_standing_message
            .clone()
            .filter(|m| !m.trim().is_empty())
    };
    match user.company_standing.as_deref().map(Standing::parse) {
        Some(Standing::Suspended) => Err(service::Error::Suspended {
            customer: user.company_code.clone(),
            message: message(),
        }),
        Some(Standing::Temporary) => Ok(Some(message().unwrap_or_else(|| DEFAULT_BANNER.into()))),
        _ => Ok(None),
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

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> ApiResult<Self> {
        Ok(Auth {
            hash: hash_secret(&bearer(parts)?),
            pending_ok: false,
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AuthPending {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> ApiResult<Self> {
        Ok(AuthPending(Auth {
            hash: hash_secret(&bearer(parts)?),
            pending_ok: true,
        }))
    }
}

/// The address a request comes from: the TCP peer, or — when the peer is a proxy listed in
/// `--trust-proxy` — the nearest untrusted address of `X-Forwarded-For`. Throttles key on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub std::net::IpAddr);

/// Resolves the client address from the peer and the `X-Forwarded-For` headers.
pub fn client_addr(
    peer: std::net::IpAddr,
    headers: &axum::http::HeaderMap,
    trusted: &[ipnet::IpNet],
) -> std::net::IpAddr {
    let is_trusted = |ip: &std::net::IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .collect();
    // Walk from the nearest hop outwards; the first address not ours is the client.
    for hop in hops.iter().rev() {
        let Some(ip) = parse_hop(hop) else {
            return peer;
        };
        if !is_trusted(&ip) {
            return ip;
        }
    }
    hops.first().and_then(|h| parse_hop(h)).unwrap_or(peer)
}

/// `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` or `[2001:db8::1]:443`.
fn parse_hop(hop: &str) -> Option<std::net::IpAddr> {
    hop.parse()
        .ok()
        .or_else(|| hop.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or(std::net::IpAddr::from([127, 0, 0, 1]), |c| c.0.ip());
        Ok(ClientAddr(client_addr(
            peer,
            &parts.headers,
            &state.settings.trust_proxy,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_addresses_count_only_behind_trusted_proxies() {
        let mut h = axum::http::HeaderMap::new();
        h.insert("x-forwarded-for", "203.0.113.9, 10.0.0.7".parse().unwrap());
        let proxy: std::net::IpAddr = "10.0.0.1".parse().unwrap();
        let nets: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        assert_eq!(client_addr(proxy, &h, &nets).to_string(), "203.0.113.9");
        // Untrusted peer: the header is ignored.
        assert_eq!(client_addr(proxy, &h, &[]), proxy);
        let stranger: std::net::IpAddr = "198.51.100.1".parse().unwrap();
        assert_eq!(client_addr(stranger, &h, &nets), stranger);
        // A forged leftmost entry does not beat the address the proxy saw.
        h.insert("x-forwarded-for", "1.1.1.1, 203.0.113.9".parse().unwrap());
        assert_eq!(client_addr(proxy, &h, &nets).to_string(), "203.0.113.9");
        // Ports and brackets are understood.
        h.insert("x-forwarded-for", "[2001:db8::1]:443".parse().unwrap());
        assert_eq!(client_addr(proxy, &h, &nets).to_string(), "2001:db8::1");
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
    fn random_passwords_meet_the_policy() {
        for _ in 0..20 {
            crate::domain::validate::password(&random_password()).unwrap();
        }
    }
}
