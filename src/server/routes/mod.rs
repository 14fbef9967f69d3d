//! HTTP routes, one file per noun, mirroring the CLI's nouns: adapters over `server::service`.
//! Each file declares its endpoints once (`#[utoipa::path]` plus its `router()`, which also
//! feeds the OpenAPI document). A handler decodes the request (JSON, query, multipart), calls
//! one service function inside one transaction with the caller authenticated, and answers
//! `wire` types; refusals become the JSON envelope in `server::error`. What is HTTP's own
//! lives here: headers, multipart reading, file answers. Route files share code through this
//! module and `server::service`, never by importing each other.

pub mod auth;
pub mod catalog;
pub mod contents;
pub mod courses;
pub mod customers;
pub mod health;
pub mod outbox;
pub mod package;
pub mod reports;
pub mod shop;
pub mod staff;
pub mod tickets;
pub mod tokens;
pub mod updates;
pub mod users;

use axum::body::Body;
use axum::extract::{Multipart, Request};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::server::error::{ApiError, ApiResult};
pub use crate::server::extract::{ApiJson, ApiMultipart, ApiPath, ApiQuery};
use crate::server::service::files;
use crate::server::store::NewAttachment;

/// The `Idempotency-Key` header, if any: 1–200 visible ASCII characters.
pub fn idempotency_key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(v) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let s = v.to_str().unwrap_or("");
    if s.is_empty() || s.len() > 200 || !s.chars().all(|c| c.is_ascii_graphic()) {
        return Err(ApiError::bad_request(crate::server::i18n::http(
            crate::server::i18n::Http::IdempotencyKey,
        )));
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
                crate::server::i18n::http(crate::server::i18n::Http::UploadTooLarge {
                    files: crate::domain::attachment::MAX_FILES,
                }),
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

pub use crate::server::service::files::{CONTENT_FILES, FileRules, TICKET_FILES};

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
                let file = files::accept(rules, files.len(), &original, &data)?;
                files.push(file);
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

/// Why a streamed update file was not stored: the upload broke off, or a rule refused it
/// (too large, empty) or the store failed.
#[derive(Debug)]
pub enum Streamed {
    Cut { name: String, why: String },
    Refused(crate::server::service::Error),
}

impl From<Streamed> for ApiError {
    fn from(s: Streamed) -> ApiError {
        match s {
            Streamed::Cut { name, why } => ApiError::bad_request(crate::server::i18n::http(
                crate::server::i18n::Http::UploadCut {
                    name: &name,
                    why: &why,
                },
            )),
            Streamed::Refused(e) => e.into(),
        }
    }
}

/// Stores one streamed file part of a software update in chunks, each in its own short
/// write, hashing it on the way. The file row exists from the first byte on, so a failure
/// part-way leaves something for the caller (or the sweep) to discard. The API's upload and
/// the desk's page both store files this way.
pub async fn store_update_file(
    st: &crate::server::AppState,
    field: &mut axum::extract::multipart::Field<'_>,
    file_id: i64,
) -> Result<(), Streamed> {
    use crate::server::service::updates;
    use crate::server::store::updates::CHUNK;
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut seq: i64 = 0;
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK);
    let name = field.file_name().unwrap_or("").to_owned();
    loop {
        let next = field.chunk().await.map_err(|e| Streamed::Cut {
            name: name.clone(),
            why: e.to_string(),
        })?;
        let done = next.is_none();
        if let Some(bytes) = next {
            size += bytes.len() as u64;
            updates::check_size(&name, size).map_err(Streamed::Refused)?;
            hasher.update(&bytes);
            buf.extend_from_slice(&bytes);
        }
        while buf.len() >= CHUNK || (done && !buf.is_empty()) {
            let rest = if buf.len() > CHUNK {
                buf.split_off(CHUNK)
            } else {
                Vec::new()
            };
            let chunk = std::mem::replace(&mut buf, rest);
            updates::put_chunk(st, file_id, seq, chunk)
                .await
                .map_err(Streamed::Refused)?;
            seq += 1;
        }
        if done {
            break;
        }
    }
    let sha = hex::encode(hasher.finalize());
    updates::finish_file(st, file_id, &name, size, sha)
        .await
        .map_err(Streamed::Refused)
}

/// Reads and discards what is left of a refused streamed upload, up to [`STREAM_DRAIN_CAP`],
/// so that the client reads the error instead of a reset connection; past that the
/// connection is cut.
pub async fn drain(mp: &mut Multipart) {
    let mut left = STREAM_DRAIN_CAP;
    while let Ok(Some(mut field)) = mp.next_field().await {
        while let Ok(Some(bytes)) = field.chunk().await {
            let Some(l) = left.checked_sub(bytes.len()) else {
                return;
            };
            left = l;
        }
    }
}

/// At most this much of a refused streamed upload is read to deliver the error.
pub const STREAM_DRAIN_CAP: usize = 256 << 20;
