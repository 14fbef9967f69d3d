//! The server's one error type: a status, a stable code, a message and details, rendered as
//! the `{code, message, details}` JSON body. Internal failures are logged with the request's
//! context and answered with a generic 500 that reveals nothing.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::server::store::{Retryable, StoreError, Unique};
use crate::wire::ErrorBody;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Boxed: errors travel through every `?`, so the type stays small.
    pub details: Box<Value>,
    pub retry_after: Option<u64>,
    /// The database asked to run the transaction again (see `store::write_blocking`).
    pub retry: bool,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            details: Box::new(Value::Null),
            retry_after: None,
            retry: false,
        }
    }
    #[must_use]
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Box::new(details);
        self
    }
    pub fn bad_request(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", msg)
    }
    pub fn unauthorized(code: &'static str, msg: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, msg)
    }
    pub fn forbidden(code: &'static str, msg: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, msg)
    }
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", what)
    }
    pub fn conflict(code: &'static str, msg: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, msg)
    }
    /// 422 for a value that is well-formed JSON but not acceptable; `field` goes in details.
    pub fn invalid(field: &str, msg: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", msg)
            .with_details(json!({ "field": field }))
    }
    pub fn too_many(msg: impl Into<String>, retry_after: u64) -> Self {
        let mut e = Self::new(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", msg);
        e.retry_after = Some(retry_after);
        e
    }
    /// 503 with Retry-After: the server is saturated (e.g. password hashing queue full).
    pub fn busy(msg: impl Into<String>, retry_after: u64) -> Self {
        let mut e = Self::new(StatusCode::SERVICE_UNAVAILABLE, "server_busy", msg);
        e.retry_after = Some(retry_after);
        e
    }
    pub fn internal(err: impl std::fmt::Display) -> Self {
        tracing::error!(error = %err, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal server error; the server log has the details",
        )
    }
}

/// The one place where store errors become HTTP answers. Uniqueness conflicts that a service
/// did not explain itself are a plain 409.
impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate(u) => {
                let (code, msg) = match u {
                    Unique::CustomerCode => ("customer_exists", "this customer code is taken"),
                    Unique::Account => ("account_taken", "this account is taken"),
                    Unique::IdempotencyKey => (
                        "idempotency_key_reused",
                        "this Idempotency-Key is being used by another request",
                    ),
                    Unique::Other => ("conflict", "this conflicts with existing data"),
                };
                ApiError::conflict(code, msg)
            }
            StoreError::Retry => {
                let mut e = ApiError::busy(
                    "the request collided with others and could not complete; try again",
                    1,
                );
                e.retry = true;
                e
            }
            StoreError::Unavailable(m) => {
                tracing::warn!(error = %m, "database unavailable");
                ApiError::busy("the database is busy or unreachable; try again shortly", 2)
            }
            StoreError::Internal(m) => ApiError::internal(format!("database: {m}")),
        }
    }
}

impl Retryable for ApiError {
    fn is_retry(&self) -> bool {
        self.retry
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code.to_owned(),
            message: self.message,
            details: *self.details,
        };
        let mut resp = (self.status, Json(body)).into_response();
        if let Some(s) = self.retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        resp
    }
}

impl From<axum::extract::multipart::MultipartError> for ApiError {
    fn from(e: axum::extract::multipart::MultipartError) -> Self {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                status,
                "payload_too_large",
                "request body too large: at most 3 attachments of 1000 KB each",
            )
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("invalid multipart body: {}", e.body_text()),
            )
        }
    }
}
