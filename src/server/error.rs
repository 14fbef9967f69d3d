//! The server's one error type: a status, a stable code, a message and details, rendered as
//! the `{code, message, details}` JSON body. Internal failures are logged with the request's
//! context and answered with a generic 500 that reveals nothing.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::server::i18n::{self, Lang, Surface};
use crate::server::service::error::Error;
use crate::server::store::{Retryable, StoreError};
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
    /// The message in Italian, for a request that prefers it (`Accept-Language`).
    pub italian: Option<String>,
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
            italian: None,
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
/// did not explain itself are a plain 409 (worded with the services' refusals).
impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate(u) => ApiError::from(Error::Taken(u)),
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

/// The one place where a service's refusal becomes an HTTP answer: its status, its code and
/// details, its message in English and Italian.
impl From<Error> for ApiError {
    #[allow(clippy::match_same_arms)] // grouped as the variants are, by noun
    fn from(e: Error) -> Self {
        let e = match e {
            Error::Store(s) => return ApiError::from(s),
            e => e,
        };
        let status = status_of(&e);
        let details = match &e {
            Error::PermissionOff { area } => json!({ "area": area }),
            Error::Transition {
                number,
                state,
                action,
                refusal,
            } if !refusal.is_permission() => {
                json!({ "number": number, "state": state.as_str(), "action": action })
            }
            Error::ReopenWindowPassed {
                closed_at, until, ..
            } => json!({ "closed_at": closed_at, "reopen_until": until }),
            Error::InsufficientBalance {
                customer,
                balance,
                requested,
            } => json!({
                "customer": customer,
                "balance_minutes": balance,
                "requested_minutes": requested
            }),
            Error::IdempotencyKeyReused { ticket: Some(n) } => json!({ "ticket": n }),
            Error::NotInCatalog(unknown) => json!({ "field": "sections", "unknown": unknown }),
            Error::UnknownCustomers(unknown) => json!({ "field": "audience", "unknown": unknown }),
            Error::OrderDecided { status, .. } => json!({ "status": status }),
            Error::MailSent(id)
            | Error::MailCodeExpired(id)
            | Error::NotFound(crate::server::service::error::Missing::Mail(id)) => {
                json!({ "id": id })
            }
            Error::InvertedRange { .. } => json!({ "field": "from", "fields": ["from", "to"] }),
            Error::BadFile { filename, .. } => json!({ "field": "files", "filename": filename }),
            _ => e.field().map_or(Value::Null, |f| json!({ "field": f })),
        };
        let mut out = ApiError::new(status, e.code(), i18n::problem(Lang::En, &e, Surface::Api))
            .with_details(details);
        out.italian = Some(i18n::problem(Lang::It, &e, Surface::Api));
        out.retry_after = match e {
            Error::TooMany { wait, .. } => Some(wait),
            Error::Busy => Some(2),
            _ => None,
        };
        out
    }
}

/// The HTTP status of a service's refusal (the web pages answer with it too).
#[allow(clippy::match_same_arms)] // grouped as the variants are, by noun
pub fn status_of(e: &Error) -> StatusCode {
    match e {
        Error::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        Error::Token(_)
        | Error::InvalidCredentials
        | Error::LoginDisabled
        | Error::Suspended { .. } => StatusCode::UNAUTHORIZED,
        Error::PasswordChangeRequired => StatusCode::FORBIDDEN,
        Error::SamePassword | Error::WrongCurrentPassword | Error::CodeRefused => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Error::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
        Error::FileTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        Error::Busy => StatusCode::SERVICE_UNAVAILABLE,
        Error::StaffOnly(_)
        | Error::StaffAdminOnly
        | Error::AdminOnly
        | Error::AdminOnlyCreates
        | Error::StaffCannotSetPasswords
        | Error::StaffHaveNoPackage
        | Error::NeedsPermission { .. }
        | Error::CompanyUsersOnly(_)
        | Error::NoCoursesSubscription
        | Error::AdminCannotManageTickets
        | Error::PermissionOff { .. }
        | Error::ReadOnlyCannotOpen
        | Error::CustomersOnly
        | Error::SectionNotInContract(_) => StatusCode::FORBIDDEN,
        Error::Transition { refusal, .. } if refusal.is_permission() => StatusCode::FORBIDDEN,
        Error::Transition { .. }
        | Error::ReopenWindowPassed { .. }
        | Error::InsufficientBalance { .. }
        | Error::TicketChanged(_)
        | Error::Taken(_)
        | Error::AccountTaken(_)
        | Error::AccountDisabled(_)
        | Error::OwnStaffAccount
        | Error::CustomerExists(_)
        | Error::CodeIsAnAccount(_)
        | Error::NotInCatalog(_)
        | Error::AlreadyEnrolled(_)
        | Error::CourseStarted { .. }
        | Error::CourseFull(_)
        | Error::NotEnrolled(_)
        | Error::PackageExists(_)
        | Error::OrderDecided { .. }
        | Error::AlreadyUnpublished(_)
        | Error::UnknownCustomers(_)
        | Error::UnknownCatalogNode(_)
        | Error::UnknownProduct(_)
        | Error::VersionExists { .. }
        | Error::MailSent(_)
        | Error::MailCodeExpired(_)
        | Error::NotADevDatabase { .. }
        | Error::NotEmpty => StatusCode::CONFLICT,
        Error::NotFound(_) => StatusCode::NOT_FOUND,
        Error::IdempotencyKeyReused { .. }
        | Error::Invalid { .. }
        | Error::InvertedRange { .. }
        | Error::BadFile { .. } => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

impl Retryable for ApiError {
    fn is_retry(&self) -> bool {
        self.retry
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let message = match self.italian {
            Some(it) if Lang::current() == Lang::It => it,
            _ => self.message,
        };
        let body = ErrorBody {
            code: self.code.to_owned(),
            message,
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
