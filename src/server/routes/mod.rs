//! HTTP routes, one file per noun, mirroring the CLI's nouns. Each file declares its
//! endpoints once (`#[utoipa::path]` plus its `router()`, which also feeds the OpenAPI
//! document). Handlers validate input into 422s that name the field, run one store
//! transaction with the caller authenticated inside it, and answer `wire` types. Route files
//! share code through `server::service`, never by importing each other.

pub mod auth;
pub mod catalog;
pub mod contents;
pub mod courses;
pub mod customers;
pub mod health;
pub mod outbox;
pub mod package;
pub mod shop;
pub mod tickets;
pub mod tokens;
pub mod updates;
pub mod users;

use axum::body::Body;
use axum::extract::{Multipart, Request};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use serde_json::json;

use crate::domain::attachment;
use crate::server::error::{ApiError, ApiResult};
pub use crate::server::extract::{ApiJson, ApiMultipart, ApiPath, ApiQuery};
use crate::server::store::NewAttachment;

/// Checks a required one-line text field (no control characters), naming it in the 422.
pub fn check_text(field: &str, value: &str, max: usize) -> ApiResult<()> {
    crate::domain::validate::text(field, value, max).map_err(|m| ApiError::invalid(field, m))
}

/// Checks a required multi-line text field (line breaks and tabs allowed).
pub fn check_long_text(field: &str, value: &str, max: usize) -> ApiResult<()> {
    crate::domain::validate::long_text(field, value, max).map_err(|m| ApiError::invalid(field, m))
}

/// Checks an optional one-line value (a note, a search text): no control characters.
pub fn check_line(field: &str, value: &str) -> ApiResult<()> {
    crate::domain::validate::single_line(field, value).map_err(|m| ApiError::invalid(field, m))
}

/// The `Idempotency-Key` header, if any: 1–200 visible ASCII characters.
pub fn idempotency_key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(v) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let s = v.to_str().unwrap_or("");
    if s.is_empty() || s.len() > 200 || !s.chars().all(|c| c.is_ascii_graphic()) {
        return Err(ApiError::bad_request(
            "the Idempotency-Key header must be 1 to 200 visible ASCII characters",
        ));
    }
    Ok(Some(s.to_owned()))
}

/// Body limit for uploads: three files at the maximum size plus multipart overhead.
pub const UPLOAD_LIMIT: usize =
    crate::domain::attachment::MAX_FILES * crate::domain::attachment::MAX_SIZE + 64 * 1024;

/// Uploads larger than this are refused without reading them at all.
const DRAIN_CAP: usize = 4 * UPLOAD_LIMIT;

/// Answers 413 to an upload whose declared length is over the limit. Moderately oversized
/// bodies are read and discarded first, so ordinary HTTP clients see the 413 instead of a reset
/// connection; absurd ones are cut off.
pub async fn refuse_oversized_uploads(req: Request, next: Next) -> Response {
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
                    crate::domain::attachment::MAX_FILES
                ),
            )
            .into_response()
        }
        _ => next.run(req).await,
    }
}

// Multipart uploads and file answers, shared by tickets and the reading areas ------------------

/// The files of a multipart body, checked.
pub struct Upload {
    pub files: Vec<NewAttachment>,
}

/// What a route accepts as files: how many, and the check of each (its content type, or why
/// not).
pub struct FileRules {
    pub max_files: usize,
    pub check: fn(&str, &[u8]) -> Result<&'static str, String>,
}

/// Files of the reading areas (documents, news, …).
pub const CONTENT_FILES: FileRules = FileRules {
    max_files: crate::domain::content::MAX_FILES,
    check: crate::domain::content::check_file,
};

/// Ticket attachments: the manual's rules.
pub const TICKET_FILES: FileRules = FileRules {
    max_files: attachment::MAX_FILES,
    check: attachment::check,
};

/// Reads the file parts of a multipart body, checking count, size and type of each.
/// Text parts named in `fields` are returned by name.
/// On a refusal the rest of the body is still read (it is bounded by the route's body limit),
/// so the client receives the error instead of a reset connection.
pub async fn read_multipart(
    mut mp: Multipart,
    fields: &[&str],
    rules: &FileRules,
) -> ApiResult<(Upload, std::collections::HashMap<String, String>)> {
    match read_parts(&mut mp, fields, rules).await {
        Ok(v) => Ok(v),
        Err(e) => {
            while let Ok(Some(field)) = mp.next_field().await {
                if field.bytes().await.is_err() {
                    break;
                }
            }
            Err(e)
        }
    }
}

async fn read_parts(
    mp: &mut Multipart,
    fields: &[&str],
    rules: &FileRules,
) -> ApiResult<(Upload, std::collections::HashMap<String, String>)> {
    let mut files = Vec::new();
    let mut texts = std::collections::HashMap::new();
    while let Some(field) = mp.next_field().await? {
        let name = field.name().unwrap_or("").to_owned();
        match field.file_name().map(str::to_owned) {
            Some(_) if name != "file" => {
                return Err(ApiError::invalid(
                    &name,
                    format!("unexpected file part `{name}`; name every file part `file`"),
                ));
            }
            Some(original) => {
                let data = field.bytes().await?;
                if files.len() == rules.max_files {
                    return Err(ApiError::invalid(
                        "files",
                        format!("too many files: at most {} per upload", rules.max_files),
                    ));
                }
                let refuse = |m: String| {
                    ApiError::invalid("files", m)
                        .with_details(json!({"field": "files", "filename": original}))
                };
                attachment::check_filename(&original).map_err(refuse)?;
                let content_type = (rules.check)(&original, &data).map_err(refuse)?;
                files.push(NewAttachment {
                    filename: original.clone(),
                    content_type: content_type.to_owned(),
                    sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&data)),
                    data: data.to_vec(),
                });
            }
            None if fields.contains(&name.as_str()) => {
                // Strict UTF-8: invalid bytes are refused, never replaced with U+FFFD.
                let bytes = field.bytes().await?;
                let text = String::from_utf8(bytes.to_vec()).map_err(|e| {
                    ApiError::invalid(
                        &name,
                        format!(
                            "the `{name}` part is not valid UTF-8 (at byte {})",
                            e.utf8_error().valid_up_to()
                        ),
                    )
                })?;
                texts.insert(name, text);
            }
            None => {
                return Err(ApiError::invalid(
                    &name,
                    format!(
                        "unexpected form field `{name}`; expected {} and files",
                        fields.join(", ")
                    ),
                ));
            }
        }
    }
    Ok((Upload { files }, texts))
}

pub fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// A file as the answer: its type, and a download disposition safe for any name.
pub fn file_response(filename: &str, content_type: &str, data: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition(filename)),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        Body::from(data),
    )
        .into_response()
}

/// `Content-Disposition: attachment` for any file name: an ASCII fallback and the exact name
/// percent-encoded.
pub fn disposition(filename: &str) -> String {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .filter(|c| *c != '"' && *c != '\\')
        .collect();
    let encoded: String = form_urlencoded::byte_serialize(filename.as_bytes()).collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        encoded.replace('+', "%20")
    )
}
