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
use axum::routing::{get, post};
use rand::RngCore;
use tracing::Instrument;

use crate::domain::attachment;
use crate::server::AppState;
use crate::server::error::ApiError;
use crate::server::routes::{
    auth, catalog, customers, health, outbox, package, tickets, tokens, users,
};

/// Body limit for uploads: three files at the maximum size plus multipart overhead.
pub const UPLOAD_LIMIT: usize = attachment::MAX_FILES * attachment::MAX_SIZE + 64 * 1024;
/// Body limit for everything else.
pub const JSON_LIMIT: usize = 256 * 1024;

pub fn router(state: AppState) -> Router {
    let uploads = Router::new()
        .route("/tickets", get(tickets::list).post(tickets::create))
        .route(
            "/tickets/{number}/attachments",
            get(tickets::attachments).post(tickets::attach),
        )
        .layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
        .layer(middleware::from_fn(refuse_oversized_uploads));
    let api = Router::new()
        .route("/openapi.json", get(health::openapi))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/password", post(auth::change_password))
        .route("/auth/forgot", post(auth::forgot))
        .route("/auth/reset", post(auth::reset))
        .route("/me", get(auth::get_me))
        .route("/tokens", get(tokens::list).post(tokens::create))
        .route("/tokens/{id}", axum::routing::delete(tokens::revoke))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{account}", get(users::show).patch(users::update))
        .route("/users/{account}/disable", post(users::disable))
        .route("/users/{account}/enable", post(users::enable))
        .route("/users/{account}/password-reset", post(users::send_reset))
        .route("/customers", get(customers::list).post(customers::create))
        .route("/customers/{code}", get(customers::show))
        .route(
            "/customers/{code}/contract",
            get(customers::get_contract).put(customers::put_contract),
        )
        .route("/customers/{code}/package", get(customers::get_package))
        .route("/customers/{code}/package/grants", post(customers::grant))
        .route("/catalog", get(catalog::get))
        .route("/catalog/sections", post(catalog::add_section))
        .route("/package", get(package::get))
        .route("/outbox", get(outbox::list))
        .route("/outbox/retry", post(outbox::retry))
        .route("/outbox/retry-failed", post(outbox::retry_failed))
        .route("/tickets/{number}", get(tickets::show))
        .route("/tickets/{number}/close", post(tickets::close))
        .route("/tickets/{number}/take", post(tickets::take))
        .route("/tickets/{number}/reply", post(tickets::reply))
        .route("/tickets/{number}/comments", post(tickets::comment))
        .route("/tickets/{number}/attachments/{id}", get(tickets::download))
        .layer(DefaultBodyLimit::max(JSON_LIMIT))
        .merge(uploads);
    Router::new()
        .route("/healthz", get(health::healthz))
        .nest("/api/v1", api)
        .fallback(|| async { ApiError::not_found("no such endpoint; see /api/v1/openapi.json") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "method not allowed on this endpoint",
            )
        })
        .layer(middleware::from_fn(json_errors))
        .layer(middleware::from_fn(log_requests))
        .with_state(state)
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
        "internal server error; the server log has the details".to_owned()
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

/// Uploads larger than this are refused without reading them at all.
const DRAIN_CAP: usize = 4 * UPLOAD_LIMIT;

/// Answers 413 to an upload whose declared length is over the limit. Moderately oversized
/// bodies are read and discarded first, so ordinary HTTP clients see the 413 instead of a reset
/// connection; absurd ones are cut off.
async fn refuse_oversized_uploads(req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if usize::try_from(n).map_or(true, |n| n > UPLOAD_LIMIT) => {
            if usize::try_from(n).is_ok_and(|n| n <= DRAIN_CAP) {
                let _ = axum::body::to_bytes(req.into_body(), DRAIN_CAP).await;
            }
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!(
                    "request body too large: at most {} attachments of 1000 KB each per upload",
                    attachment::MAX_FILES
                ),
            )
            .into_response()
        }
        _ => next.run(req).await,
    }
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
