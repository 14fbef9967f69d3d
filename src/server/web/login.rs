//! "Accedi al portale clienti": the sign-in form (account, or the customer code for the
//! Administrator, and password), signing out, and the language switch of every page. Signing
//! in is `service::auth::login` — the API's throttles and refusals, the same session.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::session::{LANG_COOKIE, SESSION_COOKIE};
use super::{Chrome, FieldError, Visitor};
use crate::server::AppState;
use crate::server::auth::ClientAddr;
use crate::server::i18n::Lang;
use crate::server::service::{self, auth};

#[derive(Template)]
#[template(path = "login.html", config = "assets/askama.toml")]
pub struct LoginPage {
    pub chrome: Chrome,
    pub notice: Option<&'static str>,
    /// The account typed, kept when the form comes back with an error.
    pub account: String,
}

chrome!(LoginPage);

#[derive(Debug, Deserialize, Default)]
pub struct Notice {
    uscito: Option<String>,
    scaduta: Option<String>,
    impostata: Option<String>,
}

fn page(
    v: &Visitor,
    errors: Vec<FieldError>,
    notice: Option<&'static str>,
    account: String,
    status: StatusCode,
) -> Response {
    super::render_status(
        &LoginPage {
            chrome: Chrome::new(v, "/accedi").errors(errors),
            notice,
            account,
        },
        status,
    )
}

pub async fn form(v: Visitor, Query(n): Query<Notice>) -> Response {
    let t = v.lang.ui();
    let notice = if n.uscito.is_some() {
        Some(t.signed_out)
    } else if n.scaduta.is_some() {
        Some(t.session_ended)
    } else if n.impostata.is_some() {
        Some(t.password_set)
    } else {
        None
    };
    page(&v, vec![], notice, String::new(), StatusCode::OK)
}

#[derive(Debug, Deserialize)]
pub struct SignIn {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    account: String,
    #[serde(default)]
    password: String,
}

pub async fn submit(
    State(st): State<AppState>,
    v: Visitor,
    ClientAddr(peer): ClientAddr,
    headers: HeaderMap,
    Form(f): Form<SignIn>,
) -> Response {
    if !v.accepts(&headers, &f.csrf) {
        return super::refused(&v);
    }
    let t = v.lang.ui();
    let mut errors = Vec::new();
    if f.account.trim().is_empty() {
        errors.push(FieldError {
            field: "account",
            message: t.enter_account.into(),
        });
    }
    if f.password.is_empty() {
        errors.push(FieldError {
            field: "password",
            message: t.enter_password.into(),
        });
    }
    if !errors.is_empty() {
        return page(
            &v,
            errors,
            None,
            f.account,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    match auth::login(&st, peer, &f.account, f.password).await {
        Ok(session) => {
            // A password someone else set is changed before anything else.
            let to = if session.user.must_change_password {
                "/password/cambia?primo"
            } else {
                "/"
            };
            let mut resp = Redirect::to(to).into_response();
            let ttl = st.settings.session_ttl.as_secs();
            resp.headers_mut().append(
                header::SET_COOKIE,
                v.cookie(SESSION_COOKIE, &session.secret, Some(ttl)),
            );
            // The language follows the user: chosen on this page, it is kept for them (their
            // mails too); otherwise theirs is used from now on.
            let stored = Lang::from_code(&session.user.language).unwrap_or(Lang::It);
            let lang = match v.chosen {
                Some(choice) if choice != stored => {
                    remember_language(
                        &st,
                        crate::server::auth::Auth::from_secret(&session.secret, true),
                        choice,
                    )
                    .await;
                    choice
                }
                _ => stored,
            };
            resp.headers_mut().append(
                header::SET_COOKIE,
                v.cookie(LANG_COOKIE, lang.code(), Some(365 * 86_400)),
            );
            resp
        }
        Err(service::Error::Store(e)) => {
            tracing::error!(error = %e, "sign-in failed");
            super::render_error(&v)
        }
        Err(e) => {
            let field = match e {
                service::Error::TooMany { .. } => "account",
                _ => "password",
            };
            let message = super::say(v.lang, &e);
            page(
                &v,
                vec![FieldError { field, message }],
                None,
                f.account,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

/// Ends the session (as the API's logout) and forgets its cookie.
pub async fn sign_out(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(f): Form<super::TokenOnly>,
) -> Response {
    if !v.accepts(&headers, &f.csrf) {
        return super::refused(&v);
    }
    if let Some(a) = v.auth_pending() {
        // A session that already ended is signed out all the same.
        let _ = auth::logout(&st, a).await;
    }
    super::to_sign_in(&v, Some("uscito"))
}

#[derive(Debug, Deserialize)]
pub struct Language {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    back: String,
}

/// The language switch of every page: remembered in a cookie, then back to the page.
/// Keeps `lang` as the user's language (`PATCH /me`'s service). A failure only costs the
/// memory of the choice: the page still switches.
async fn remember_language(st: &AppState, auth: crate::server::auth::Auth, lang: Lang) {
    let req = crate::wire::UpdateMeRequest {
        language: Some(match lang {
            Lang::En => crate::wire::Language::En,
            Lang::It => crate::wire::Language::It,
        }),
    };
    if let Err(e) = st
        .service_write(auth, move |r, c| service::users::update_me(r, c, &req))
        .await
    {
        tracing::debug!(error = %e, "the language was not remembered");
    }
}

pub async fn language(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(f): Form<Language>,
) -> Response {
    if !v.accepts(&headers, &f.csrf) {
        return super::refused(&v);
    }
    let lang = if f.lang == "en" { Lang::En } else { Lang::It };
    // Signed in: remembered for the user (their mails follow it too).
    if let Some(auth) = v.auth_pending() {
        remember_language(&st, auth, lang).await;
    }
    // Only a path of this portal, never another site.
    let back = super::local_path(&f.back, "/").unwrap_or_else(|| "/".into());
    let mut resp = Redirect::to(&back).into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        v.cookie(LANG_COOKIE, lang.code(), Some(365 * 86_400)),
    );
    resp
}
