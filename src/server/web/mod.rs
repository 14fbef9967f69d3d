//! The customer portal's web pages, at `/`: server-rendered HTML from askama templates
//! compiled into the binary (`assets/templates`), a stylesheet and a small script embedded
//! with content hashes (`assets/static`; no page needs the script). Pages call
//! `server::service` — never the store, never the API over loopback — so a page does exactly
//! what the API lets the same person do; their words are `server::i18n`'s, Italian unless the
//! visitor chose or prefers English.
//!
//! Every answer carries a Content-Security-Policy without inline script, `frame-ancestors
//! 'none'`, a referrer only to this portal (`same-origin`: with `no-referrer` browsers send
//! `Origin: null` with every form, which the CSRF check refuses) and `nosniff`; pages are
//! never cached, the static files forever (their names change with their content).

/// Makes page struct `$page` (with a field `chrome: Chrome`) read as its chrome in templates.
macro_rules! chrome {
    ($($page:ty),+ $(,)?) => {$(
        impl std::ops::Deref for $page {
            type Target = $crate::server::web::Chrome;
            fn deref(&self) -> &$crate::server::web::Chrome {
                &self.chrome
            }
        }
    )+};
}

pub mod chart;
pub mod contents;
pub mod courses;
pub mod desk;
pub mod form;
pub mod home;
pub mod import;
pub mod login;
pub mod new_ticket;
pub mod pager;
pub mod password;
pub mod profile;
pub mod session;
pub mod store;
pub mod ticket;
pub mod tickets;
pub mod updates;
pub mod upload;
pub mod users;

use std::sync::LazyLock;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use sha2::{Digest, Sha256};

pub use session::Visitor;

use crate::server::AppState;
use crate::server::i18n::Ui;

pub fn router() -> Router<AppState> {
    contents::routes(Router::new())
        .route("/", get(home::show))
        .route("/accedi", get(login::form).post(login::submit))
        .route("/esci", post(login::sign_out))
        .route("/lingua", post(login::language))
        .route("/profilo", get(profile::show))
        .route("/profilo/token", post(profile::create_token))
        .route("/profilo/token/{id}/revoca", post(profile::revoke_token))
        .route("/aggiornamenti", get(updates::list))
        .route("/aggiornamenti/{id}", get(updates::show))
        .route("/aggiornamenti/{id}/file/{file}", get(updates::file))
        .route("/desk", get(desk::queue::show))
        .route(
            "/desk/aggiornamenti",
            get(desk::updates::list).post(desk::updates::publish).layer(
                axum::extract::DefaultBodyLimit::max(crate::server::routes::updates::PUBLISH_LIMIT),
            ),
        )
        .route(
            "/desk/aggiornamenti/{id}/ritira",
            post(desk::updates::unpublish),
        )
        .route("/desk/catalogo", get(desk::catalog::show))
        .route(
            "/desk/corsi",
            get(desk::courses::list).post(desk::courses::create),
        )
        .route("/desk/corsi/{id}", get(desk::courses::show))
        .route("/desk/catalogo/avviso", post(desk::catalog::set_notice))
        .route("/desk/catalogo/sezione", post(desk::catalog::add_section))
        .route(
            "/desk/clienti",
            get(desk::customers::list).post(desk::customers::create),
        )
        .route("/desk/clienti/{code}", get(desk::customers::show))
        .route(
            "/desk/clienti/{code}/contratto",
            post(desk::customers::set_contract),
        )
        .route("/desk/clienti/{code}/{action}", post(desk::customers::act))
        .route("/desk/contenuti", get(desk::contents::list))
        .route(
            "/desk/contenuti/nuovo",
            get(desk::contents::new_page)
                .post(desk::contents::create)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::server::routes::contents::PUBLISH_LIMIT,
                )),
        )
        .route(
            "/desk/contenuti/{kind}/{id}",
            get(desk::contents::edit_page).post(desk::contents::save),
        )
        .route(
            "/desk/contenuti/{kind}/{id}/ritira",
            post(desk::contents::unpublish),
        )
        .route("/desk/ordini", get(desk::orders::list))
        .route("/desk/ordini/{id}/{action}", post(desk::orders::decide))
        .route(
            "/desk/pacchetti",
            get(desk::packages::list).post(desk::packages::create),
        )
        .route("/desk/pacchetti/{code}", post(desk::packages::edit))
        .route("/desk/posta", get(desk::mail::show))
        .route("/desk/posta/riprova", post(desk::mail::retry))
        .route(
            "/desk/tecnici",
            get(desk::staff::list).post(desk::staff::create),
        )
        .route("/desk/tecnici/{account}/{action}", post(desk::staff::act))
        .route("/desk/statistiche", get(desk::stats::show))
        .route("/desk/ticket/{number}", get(desk::ticket::show))
        .route(
            "/desk/ticket/{number}/allegati",
            post(desk::ticket::attach).layer(axum::extract::DefaultBodyLimit::max(
                crate::server::routes::UPLOAD_LIMIT,
            )),
        )
        .route("/desk/ticket/{number}/{action}", post(desk::ticket::act))
        .route("/corsi", get(courses::list))
        .route("/corsi/{id}/iscrivi", post(courses::enrol))
        .route("/corsi/{id}/ritira", post(courses::withdraw))
        .route("/store", get(store::packages))
        .route(
            "/store/acquista/{code}",
            get(store::confirm).post(store::buy),
        )
        .route("/store/ordini", get(store::orders))
        .route("/ticket", get(tickets::list))
        .route("/utenti", get(users::list))
        .route("/utenti/nuovo", get(users::new_page).post(users::create))
        .route("/utenti/importa", get(import::form).post(import::submit))
        .route("/utenti/esporta", get(import::export))
        // One user's page is /utente/ACCOUNT (singular): an account may be named like the
        // list's own pages (nuovo, importa, esporta); the old /utenti/ACCOUNT address redirects.
        .route("/utenti/{account}", get(users::moved))
        .route("/utente/{account}", get(users::edit_page).post(users::save))
        .route("/utente/{account}/reset", post(users::send_reset))
        .route(
            "/ticket/nuovo",
            get(new_ticket::page).post(new_ticket::submit).layer(
                axum::extract::DefaultBodyLimit::max(crate::server::routes::UPLOAD_LIMIT),
            ),
        )
        .route("/ticket/nuovo/suggerimenti", get(new_ticket::suggestions))
        .route("/ticket/{number}", get(ticket::show))
        .route("/ticket/{number}/versione", get(ticket::version))
        .route("/ticket/{number}/chiudi", post(tickets::close))
        .route("/ticket/{number}/commenta", post(ticket::comment))
        .route("/ticket/{number}/riapri", post(ticket::reopen))
        .route("/ticket/{number}/allegati/{id}", get(ticket::download))
        .route(
            "/ticket/{number}/allegati",
            post(ticket::attach).layer(axum::extract::DefaultBodyLimit::max(
                crate::server::routes::UPLOAD_LIMIT,
            )),
        )
        .route(
            "/password/dimenticata",
            get(password::forgot_page).post(password::forgot),
        )
        .route(
            "/password/nuova",
            get(password::reset_page).post(password::reset),
        )
        .route(
            "/password/cambia",
            get(password::change_page).post(password::change),
        )
        .route("/static/{name}", get(asset))
        .layer(middleware::from_fn(page_headers))
}

/// The portal's static files: the stylesheet and the script of small enhancements (no page
/// needs it), each served under a name with its content's hash.
struct Asset {
    path: String,
    content_type: &'static str,
    body: &'static str,
}

fn asset_named(stem: &str, ext: &str, content_type: &'static str, body: &'static str) -> Asset {
    let hash = hex::encode(&Sha256::digest(body.as_bytes())[..6]);
    Asset {
        path: format!("/static/{stem}.{hash}.{ext}"),
        content_type,
        body,
    }
}

static ASSETS: LazyLock<[Asset; 2]> = LazyLock::new(|| {
    [
        asset_named(
            "portal",
            "css",
            "text/css; charset=utf-8",
            include_str!("../../../assets/static/portal.css"),
        ),
        asset_named(
            "portal",
            "js",
            "text/javascript; charset=utf-8",
            include_str!("../../../assets/static/portal.js"),
        ),
    ]
});

/// Where pages link the stylesheet.
pub fn css_path() -> &'static str {
    ASSETS[0].path.as_str()
}

/// Where pages load the script from.
pub fn js_path() -> &'static str {
    ASSETS[1].path.as_str()
}

async fn asset(Path(name): Path<String>) -> Response {
    let wanted = format!("/static/{name}");
    let Some(a) = ASSETS.iter().find(|a| a.path == wanted) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    (
        [
            (header::CONTENT_TYPE, a.content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        a.body,
    )
        .into_response()
}

/// The headers of every page and asset.
async fn page_headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

/// What every page shows around its content: the words of its language, the stylesheet, the
/// token of its forms, its own path (where the language switch comes back to), the errors of
/// the last attempt (the summary at the top, the message beside each field). A page struct
/// holds one and derefs to it (`chrome!`), so templates read `t`, `csrf`, `error_for(..)`.
pub struct Chrome {
    pub t: &'static Ui,
    pub css: &'static str,
    pub js: &'static str,
    pub csrf: String,
    pub here: String,
    pub errors: Vec<FieldError>,
    /// Why the last action was refused, when no one field is to blame (a full course, a
    /// ticket changed meanwhile): said at the top, in the same summary as field errors.
    pub problem: Option<String>,
    /// The customer's standing banner, for a signed-in visitor whose company has one.
    pub banner: Option<String>,
    /// The signed-in visitor's account (beside "Esci"), empty before signing in.
    pub who: String,
    /// The pre-session CSRF cookie to set, when the browser has none yet.
    set_cookie: Option<HeaderValue>,
}

impl Chrome {
    pub fn new(v: &Visitor, here: impl Into<String>) -> Chrome {
        let (csrf, set_cookie) = v.csrf();
        Chrome {
            t: v.lang.ui(),
            css: css_path(),
            js: js_path(),
            csrf,
            here: here.into(),
            errors: Vec::new(),
            problem: None,
            banner: None,
            who: String::new(),
            set_cookie,
        }
    }

    #[must_use]
    pub fn errors(mut self, errors: Vec<FieldError>) -> Chrome {
        self.errors = errors;
        self
    }

    #[must_use]
    pub fn problem(mut self, problem: Option<String>) -> Chrome {
        self.problem = problem;
        self
    }

    /// A page of a signed-in visitor: their account and their company's banner.
    #[must_use]
    pub fn signed_in(mut self, banner: Option<String>, who: String) -> Chrome {
        self.banner = banner;
        self.who = who;
        self
    }

    /// The message of the last attempt for field `field`.
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// 200; 409 for an action refused as a whole; 422 for a form that comes back with its
    /// errors.
    pub fn status(&self) -> StatusCode {
        if self.problem.is_some() {
            StatusCode::CONFLICT
        } else if self.errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }
}

/// A refusal shown next to its field (and in the summary at the top of the page).
#[derive(Debug, Clone)]
pub struct FieldError {
    /// The `id` of the field the summary links to.
    pub field: &'static str,
    pub message: String,
}

/// A refusal in the visitor's words, as a page shows it (a sentence: capital first).
pub fn say(lang: crate::server::i18n::Lang, e: &crate::server::service::Error) -> String {
    let text = crate::server::i18n::problem(lang, e, crate::server::i18n::Surface::Page);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// `back` when it is a path of this portal under `under`, never another site (`//host`,
/// `/\host`, which browsers read as one) nor anything with control characters.
pub fn local_path(back: &str, under: &str) -> Option<String> {
    let ours = back.starts_with(under)
        && !back.starts_with("//")
        && !back.chars().any(|c| c.is_control() || c == '\\');
    ours.then(|| back.to_owned())
}

/// A form that carries only its CSRF token (sign out, reset, revoke).
#[derive(Debug, serde::Deserialize)]
pub struct TokenOnly {
    #[serde(default)]
    pub csrf: String,
}

/// A page's HTML with status 200, or 422 when it comes back with the errors of a form.
pub fn render<P: Template + std::ops::Deref<Target = Chrome>>(page: &P) -> Response {
    render_status(page, page.status())
}

/// A page that the page's script asks for again and again (the desk's queue): with an
/// `ETag` of its HTML, and `304 Not Modified` with no body when the visitor already has it.
pub fn render_tagged<P: Template + std::ops::Deref<Target = Chrome>>(
    page: &P,
    headers: &axum::http::HeaderMap,
) -> Response {
    let Ok(html) = page.render() else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal server error").into_response();
    };
    let tag = format!(
        "\"{}\"",
        hex::encode(&Sha256::digest(html.as_bytes())[..12])
    );
    let seen = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag));
    let mut resp = if seen {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (page.status(), Html(html)).into_response()
    };
    if let Ok(v) = HeaderValue::from_str(&tag) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    if let Some(c) = &page.set_cookie {
        resp.headers_mut().append(header::SET_COOKIE, c.clone());
    }
    resp
}

/// A page's HTML (with the CSRF cookie its forms need), or a plain error when a template
/// fails (it never should).
pub fn render_status<P: Template + std::ops::Deref<Target = Chrome>>(
    page: &P,
    status: StatusCode,
) -> Response {
    match page.render() {
        Ok(html) => {
            let mut resp = (status, Html(html)).into_response();
            if let Some(c) = &page.set_cookie {
                resp.headers_mut().append(header::SET_COOKIE, c.clone());
            }
            resp
        }
        Err(e) => {
            tracing::error!(error = %e, "a page failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal server error").into_response()
        }
    }
}

/// The answer to a page that does not exist.
pub fn not_found(v: &Visitor) -> Response {
    message(v, StatusCode::NOT_FOUND, |t| {
        (t.not_found_title, t.not_found_text)
    })
}

/// The answer to a form that did not come from this portal (403).
pub fn refused(v: &Visitor) -> Response {
    message(v, StatusCode::FORBIDDEN, |t| {
        (t.refused_title, t.refused_text)
    })
}

fn message(
    v: &Visitor,
    status: StatusCode,
    words: impl Fn(&'static Ui) -> (&'static str, &'static str),
) -> Response {
    let (heading, text) = words(v.lang.ui());
    problem_page(v, status, heading, text.into())
}

/// A page that says `heading` and `text`, with a link home.
fn problem_page(v: &Visitor, status: StatusCode, heading: &'static str, text: String) -> Response {
    render_status(
        &ProblemPage {
            chrome: Chrome::new(v, "/"),
            heading,
            text,
            link: "/",
            link_text: v.lang.ui().back_home,
        },
        status,
    )
}

/// The checks of every form a signed-in visitor posts: it comes from this portal's page (the
/// CSRF token and the browser's own headers), and the visitor is signed in. The refusal is
/// the page to answer (a response is large, but this is once per request).
#[allow(clippy::result_large_err)]
pub fn posted(
    v: &Visitor,
    headers: &axum::http::HeaderMap,
    csrf: &str,
) -> Result<crate::server::auth::Auth, Response> {
    if !v.accepts(headers, csrf) {
        return Err(refused(v));
    }
    v.auth().ok_or_else(|| to_sign_in(v, None))
}

/// To the sign-in page (with `notice`: `?uscito` after signing out, `?scaduta` when the
/// session ended), forgetting the session cookie.
pub fn to_sign_in(v: &Visitor, notice: Option<&str>) -> Response {
    let to = match notice {
        Some(n) => format!("/accedi?{n}"),
        None => "/accedi".to_owned(),
    };
    let mut resp = Redirect::to(&to).into_response();
    resp.headers_mut()
        .append(header::SET_COOKIE, v.forget(session::SESSION_COOKIE));
    resp
}

/// A page for a visitor whose session the service refused: signed out when it ended, the
/// refusal's words otherwise.
pub fn signed_in_refusal(v: &Visitor, e: &crate::server::service::Error) -> Response {
    use crate::server::service::Error;
    match e {
        Error::Token(_) | Error::LoginDisabled | Error::Suspended { .. } => {
            to_sign_in(v, Some("scaduta"))
        }
        Error::PasswordChangeRequired => Redirect::to("/password/cambia?primo").into_response(),
        Error::Store(s) => {
            tracing::error!(error = %s, "a page failed");
            render_error(v)
        }
        other => problem_page(
            v,
            crate::server::error::status_of(other),
            v.lang.ui().refused_title,
            say(v.lang, other),
        ),
    }
}

/// A page that explains a refusal in the visitor's words.
#[derive(Template)]
#[template(path = "problem.html", config = "assets/askama.toml")]
pub struct ProblemPage {
    pub chrome: Chrome,
    pub heading: &'static str,
    pub text: String,
    pub link: &'static str,
    pub link_text: &'static str,
}
chrome!(ProblemPage);

/// The answer when something failed on the server's side (the log has the details).
pub fn render_error(v: &Visitor) -> Response {
    problem_page(
        v,
        StatusCode::INTERNAL_SERVER_ERROR,
        v.lang.ui().refused_title,
        say(
            v.lang,
            &crate::server::service::Error::Store(crate::server::store::StoreError::Internal(
                String::new(),
            )),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn forms_go_back_only_to_this_portal() {
        assert_eq!(
            local_path("/ticket?q=a", "/ticket").as_deref(),
            Some("/ticket?q=a")
        );
        assert_eq!(local_path("/accedi", "/").as_deref(), Some("/accedi"));
        for other in [
            "//evil.example/",
            "/\\evil.example/",
            "https://evil.example",
            "/a\nb",
        ] {
            assert_eq!(local_path(other, "/"), None, "{other}");
        }
        assert_eq!(local_path("/utenti", "/ticket"), None);
    }
}
