//! The router: every route of `/api/v1`, per-route body limits, the JSON 404, the request log
//! (request id, method, path, status, duration; never headers or bodies, so never a secret),
//! and the last line of defence of the error contract: any error answer that is not already
//! the `{code, message, details}` JSON envelope is turned into one.

use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rand::RngCore;
use tracing::Instrument;

use crate::server::AppState;
use crate::server::error::ApiError;
use crate::server::routes::health;

/// Body limit for everything but uploads.
pub const JSON_LIMIT: usize = 256 * 1024;

pub fn router(state: AppState) -> Router {
    let (api, _) = crate::server::openapi::api().split_for_parts();
    let api = api
        .route("/api/v1/openapi.json", get(health::openapi))
        .layer(DefaultBodyLimit::max(JSON_LIMIT))
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                crate::server::i18n::http(crate::server::i18n::Http::MethodNotAllowed),
            )
        })
        .layer(middleware::from_fn(json_errors))
        .layer(middleware::from_fn(crate::server::i18n::language))
        .layer(middleware::from_fn(standing_headers));
    api.merge(crate::server::web::router())
        .fallback(not_found)
        .layer(middleware::from_fn(log_requests))
        .with_state(state)
}

/// No such route: the API's JSON 404 under `/api` (and `/healthz`), a page elsewhere.
async fn not_found(v: crate::server::web::Visitor, req: Request) -> Response {
    if req.uri().path().starts_with("/api") {
        // Outside the API's language layer: the header is read here.
        let lang = req
            .headers()
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|h| h.to_str().ok())
            .and_then(crate::server::i18n::Lang::from_accept_language)
            .unwrap_or_default();
        let message = crate::server::i18n::http_in(lang, crate::server::i18n::Http::NoEndpoint);
        return ApiError::not_found(message).into_response();
    }
    crate::server::web::not_found(&v)
}

tokio::task_local! {
    /// The banner of the caller's company, when its standing is `temporary`: set where the
    /// caller is resolved ([`crate::server::AppState`]), sent as headers by [`standing_headers`].
    pub static BANNER: std::cell::RefCell<Option<String>>;
}

/// Records the banner for this request's answer (no-op outside a request).
pub fn set_banner(banner: Option<String>) {
    if banner.is_some() {
        let _ = BANNER.try_with(|b| *b.borrow_mut() = banner);
    }
}

/// `Lhs-Standing: temporary` and `Lhs-Standing-Message` (percent-encoded UTF-8) on every
/// answer to a user of a company in temporary standing, so every client can show the banner.
async fn standing_headers(req: Request, next: Next) -> Response {
    BANNER
        .scope(std::cell::RefCell::new(None), async move {
            let mut resp = next.run(req).await;
            if let Some(msg) = BANNER.with(|b| b.borrow().clone()) {
                let encoded: String = form_urlencoded::byte_serialize(msg.as_bytes()).collect();
                let h = resp.headers_mut();
                h.insert(
                    "lhs-standing",
                    axum::http::HeaderValue::from_static("temporary"),
                );
                if let Ok(v) = axum::http::HeaderValue::from_str(&encoded.replace('+', "%20")) {
                    h.insert("lhs-standing-message", v);
                }
            }
            resp
        })
        .await
}

/// The stable code of an error status, for answers produced outside our handlers.
fn code_of(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthenticated",
        403 => "permission_denied",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "validation_failed",
        429 => "too_many_requests",
        503 => "server_busy",
        s if s >= 500 => "internal",
        _ => "bad_request",
    }
}

/// Wraps any non-JSON error answer (from axum's own extractors or layers) in the envelope.
async fn json_errors(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let is_json = resp
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return resp;
    }
    let retry_after = resp.headers().get(axum::http::header::RETRY_AFTER).cloned();
    let text = axum::body::to_bytes(resp.into_body(), 64 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let message = if status.is_server_error() {
        tracing::error!(status = status.as_u16(), detail = %text, "error answer outside the handlers");
        crate::server::i18n::http(crate::server::i18n::Http::Internal)
    } else if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_lowercase()
    } else {
        text
    };
    let mut out = ApiError::new(status, code_of(status), message).into_response();
    if let Some(v) = retry_after {
        out.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
    }
    out
}

fn request_id(req: &Request) -> String {
    req.headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|s| {
            !s.is_empty()
                && s.len() <= 64
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .map_or_else(
            || {
                let mut b = [0u8; 8];
                rand::rng().fill_bytes(&mut b);
                hex::encode(b)
            },
            str::to_owned,
        )
}

async fn log_requests(req: Request, next: Next) -> Response {
    let id = request_id(&req);
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let span = tracing::info_span!("request", id = %id, method = %method, path = %path);
    let start = Instant::now();
    let mut resp = next.run(req).instrument(span.clone()).await;
    let status = resp.status().as_u16();
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if status >= 500 {
            tracing::error!(
                status,
                duration_ms = format_args!("{ms:.1}"),
                "request failed"
            );
        } else {
            tracing::info!(status, duration_ms = format_args!("{ms:.1}"), "request");
        }
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    resp
}
