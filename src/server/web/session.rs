//! Who is visiting a page: the portal session in the `lhs_session` cookie (the same sessions
//! the API's login makes), the language of the pages, and the protection of every form
//! against cross-site request forgery.
//!
//! CSRF: every POST must come from this portal's own pages — `Sec-Fetch-Site` (when the
//! browser sends it) says same-origin, `Origin` (when sent) is this host — and carry the
//! form's token: derived from the session secret for a signed-in visitor (so it changes with
//! each session and needs no storage), or the random `lhs_csrf` cookie before signing in.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::i18n::Lang;

pub const SESSION_COOKIE: &str = "lhs_session";
pub const LANG_COOKIE: &str = "lhs_lang";
pub const CSRF_COOKIE: &str = "lhs_csrf";

/// The visitor of a page, as the request's cookies and headers tell.
#[derive(Clone)]
pub struct Visitor {
    pub lang: Lang,
    /// The language the visitor chose with the switch (the `lhs_lang` cookie), if any.
    pub chosen: Option<Lang>,
    /// The session secret, when signed in (or once signed in: it may have ended).
    session: Option<String>,
    /// The pre-session CSRF secret, when the browser has one.
    pre: Option<String>,
    /// Whether cookies must be `Secure` (the portal's public URL is https).
    pub secure: bool,
}

impl std::fmt::Debug for Visitor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Visitor")
            .field("lang", &self.lang)
            .field("signed_in", &self.session.is_some())
            .finish_non_exhaustive()
    }
}

/// The value of cookie `name` in the request's `Cookie` headers.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let h = &parts.headers;
        // The pages speak Italian unless the visitor chose, or the browser prefers, English.
        let chosen = match cookie(h, LANG_COOKIE).as_deref() {
            Some("en") => Some(Lang::En),
            Some("it") => Some(Lang::It),
            _ => None,
        };
        let lang = chosen.unwrap_or_else(|| {
            h.get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
                .unwrap_or(Lang::It)
        });
        Ok(Visitor {
            lang,
            chosen,
            session: cookie(h, SESSION_COOKIE),
            pre: cookie(h, CSRF_COOKIE),
            secure: st.public_url.starts_with("https://"),
        })
    }
}

impl Visitor {
    /// The visitor's session as credentials (None: not signed in).
    pub fn auth(&self) -> Option<Auth> {
        self.session.as_deref().map(|s| Auth::from_secret(s, false))
    }

    /// Like [`Visitor::auth`], admitting a pending password change.
    pub fn auth_pending(&self) -> Option<Auth> {
        self.session.as_deref().map(|s| Auth::from_secret(s, true))
    }

    /// The token the visitor's forms carry, and the cookie to set when it is new.
    pub fn csrf(&self) -> (String, Option<HeaderValue>) {
        if let Some(s) = &self.session {
            return (derive(s), None);
        }
        if let Some(p) = &self.pre {
            return (p.clone(), None);
        }
        let mut bytes = [0u8; 24];
        rand::rng().fill_bytes(&mut bytes);
        let fresh = hex::encode(bytes);
        let set = self.cookie(CSRF_COOKIE, &fresh, None);
        (fresh, Some(set))
    }

    /// Whether a POST carrying `token` comes from this portal's own page.
    pub fn accepts(&self, headers: &HeaderMap, token: &str) -> bool {
        let site_ok = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_none_or(|v| matches!(v, "same-origin" | "none"));
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        let origin_ok = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            None => true,
            Some(o) => host.is_some_and(|h| {
                o.strip_prefix("http://")
                    .or_else(|| o.strip_prefix("https://"))
                    .is_some_and(|rest| rest == h)
            }),
        };
        let expected = match (&self.session, &self.pre) {
            (Some(s), _) => Some(derive(s)),
            (None, Some(p)) => Some(p.clone()),
            (None, None) => None,
        };
        let token_ok = expected.is_some_and(|e| {
            e.len() == token.len()
                && e.bytes()
                    .zip(token.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
        });
        site_ok && origin_ok && token_ok
    }

    /// A `Set-Cookie` value for this portal: host-only, `HttpOnly`, `SameSite=Lax`, `Secure`
    /// behind https; `max_age` None: until the browser closes.
    pub fn cookie(&self, name: &str, value: &str, max_age: Option<u64>) -> HeaderValue {
        let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
        if let Some(s) = max_age {
            c.push_str(&format!("; Max-Age={s}"));
        }
        if self.secure {
            c.push_str("; Secure");
        }
        HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    /// A `Set-Cookie` value that removes cookie `name`.
    pub fn forget(&self, name: &str) -> HeaderValue {
        self.cookie(name, "", Some(0))
    }
}

/// The CSRF token of a session: not the secret, not guessable without it.
fn derive(secret: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"lhs-csrf:");
    h.update(secret.as_bytes());
    hex::encode(&h.finalize()[..16])
}
