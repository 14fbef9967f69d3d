//! Request extractors whose every refusal is the `{code, message, details}` envelope:
//! [`ApiJson`] (a JSON object, nothing else), [`ApiPath`], [`ApiQuery`] and [`ApiMultipart`].
//!
//! Messages name the field that is wrong and what was expected, but never repeat the value
//! that was sent: a password sent as a number must not come back in a 422.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::server::error::{ApiError, ApiResult};
use crate::server::i18n::{Expected, Http, http};

/// A 422 `validation_failed`, naming the field in `details.field` when one is known.
fn refused(field: Option<String>, message: String) -> ApiError {
    let err = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        message,
    );
    match field {
        Some(f) => err.with_details(json!({ "field": f })),
        None => err,
    }
}

/// A JSON object body. Refuses a missing or wrong `Content-Type` (415), a body over the
/// route's limit (413), malformed JSON (400), and anything but an object or a value of the
/// wrong shape (422, naming the field).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> ApiResult<Self> {
        if !is_json(req.headers()) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                http(Http::ContentType("application/json")),
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(body_rejection)?;
        json_object(&bytes, None).map(ApiJson)
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .is_some_and(|m| {
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
}

/// The answer to a body that could not be read: 413 when it is over the limit.
pub fn body_rejection(r: BytesRejection) -> ApiError {
    if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            http(Http::BodyTooLarge),
        )
    } else {
        ApiError::bad_request(http(Http::UnreadableBody))
    }
}

/// Parses `bytes` as a JSON object into `T`. `part` names the multipart part the JSON came
/// from, for messages and `details.field`.
pub fn json_object<T: DeserializeOwned>(bytes: &[u8], part: Option<&str>) -> ApiResult<T> {
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        None => {
            return Err(ApiError::bad_request(http(Http::Empty { part })));
        }
        Some(b'{') => {}
        Some(_) => {
            return Err(refused(
                part.map(str::to_owned),
                http(Http::NotAnObject { part }),
            ));
        }
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        json_error(&inner, &path, part)
    })?;
    de.end().map_err(|e| json_error(&e, ".", part))?;
    Ok(value)
}

fn json_error(e: &serde_json::Error, path: &str, part: Option<&str>) -> ApiError {
    use serde_json::error::Category;
    let text = without_values(&e.to_string());
    match e.classify() {
        Category::Data => {
            let field = match (part, path) {
                (_, p) if p != "." && !p.is_empty() => Some(p.to_owned()),
                (Some(p), _) => Some(p.to_owned()),
                _ => None,
            };
            let at = field.as_deref().filter(|_| path != "." && !path.is_empty());
            let message = http(Http::BadValue {
                field: at,
                part,
                detail: &text,
            });
            refused(field, message)
        }
        Category::Syntax | Category::Eof | Category::Io => {
            ApiError::bad_request(http(Http::MalformedJson {
                part,
                detail: &text,
            }))
        }
    }
}

/// serde's messages quote the offending value ("invalid type: integer `98765432`, expected a
/// string"). Values are dropped, keeping only their kind, so no secret is ever echoed.
pub fn without_values(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest
        .find("invalid type: ")
        .or_else(|| rest.find("invalid value: "))
        .or_else(|| rest.find("invalid length "))
    {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        let label_len = tail
            .find(": ")
            .map_or_else(|| tail.find(' ').map_or(0, |p| p + 1), |p| p + 2);
        out.push_str(&tail[..label_len]);
        let tail = &tail[label_len..];
        // The unexpected part ends at ", expected".
        let end = tail.find(", expected").unwrap_or(tail.len());
        let unexpected = &tail[..end];
        let kind = unexpected.split(['`', '"']).next().unwrap_or("").trim_end();
        out.push_str(kind);
        rest = &tail[end..];
    }
    out.push_str(rest);
    // " at line 1 column 40" helps nobody reading a one-line request.
    match out.rfind(" at line ") {
        Some(i) if out[i..].contains(" column ") => out.truncate(i),
        _ => {}
    }
    out
}

/// Path parameters; a value of the wrong type is a 422 naming the parameter.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> ApiResult<Self> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(r) => {
                // The parameters' names, to say which one is wrong.
                let names: Vec<String> =
                    axum::extract::RawPathParams::from_request_parts(parts, state)
                        .await
                        .map(|p| p.iter().map(|(k, _)| k.to_owned()).collect())
                        .unwrap_or_default();
                Err(path_rejection(r, &names))
            }
        }
    }
}

fn path_rejection(r: PathRejection, names: &[String]) -> ApiError {
    use axum::extract::path::ErrorKind;
    match r {
        PathRejection::FailedToDeserializePathParams(e) => {
            let (field, expected) = match e.into_kind() {
                ErrorKind::ParseErrorAtKey {
                    key, expected_type, ..
                } => (Some(key), expected_type),
                ErrorKind::ParseError { expected_type, .. } => {
                    (names.first().cloned(), expected_type)
                }
                ErrorKind::ParseErrorAtIndex {
                    index,
                    expected_type,
                    ..
                } => (names.get(index).cloned(), expected_type),
                ErrorKind::InvalidUtf8InPathParam { key } => (Some(key), "UTF-8"),
                _ => (None, ""),
            };
            let expected = match expected {
                "i64" | "i32" | "u64" | "u32" => Expected::WholeNumber,
                "UTF-8" => Expected::Utf8,
                "" => Expected::Valid,
                other => Expected::Said(other),
            };
            let message = http(Http::PathValue {
                field: field.as_deref(),
                expected,
            });
            refused(field, message)
        }
        other => ApiError::internal(other.body_text()),
    }
}

/// Query parameters, strictly: unknown names and values of the wrong type are 422s naming the
/// parameter (declare the struct `deny_unknown_fields`).
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> ApiResult<Self> {
        let raw = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(raw.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|e| {
                let path = e.path().to_string();
                let text = without_values(&e.into_inner().to_string());
                let (field, message) = if path == "." || path.is_empty() {
                    // serde names unknown and missing fields in its own message.
                    let field = text.split('`').nth(1).map(str::to_owned);
                    (field, http(Http::Query { detail: &text }))
                } else {
                    let expected = match text.as_str() {
                        t if t.contains("invalid digit") || t.contains("number") => {
                            Expected::WholeNumber
                        }
                        t if t.contains("provided string was not") => Expected::TrueOrFalse,
                        t => Expected::Said(t),
                    };
                    let message = http(Http::QueryValue {
                        field: &path,
                        expected,
                    });
                    (Some(path.clone()), message)
                };
                refused(field, message)
            })
    }
}

/// A multipart body: another `Content-Type` is a 415, a malformed one (no boundary) a 400,
/// an oversized body a 413, all in the envelope.
pub struct ApiMultipart(pub Multipart);

impl<S: Send + Sync> FromRequest<S> for ApiMultipart {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> ApiResult<Self> {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("multipart/form-data")
            });
        if !multipart {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                http(Http::ContentType("multipart/form-data")),
            ));
        }
        Multipart::from_request(req, state)
            .await
            .map(ApiMultipart)
            .map_err(|r| {
                ApiError::bad_request(http(Http::NoBoundary {
                    detail: &r.body_text(),
                }))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_never_echoed() {
        let m = without_values(
            "invalid type: integer `98765432`, expected a string at line 1 column 40",
        );
        assert_eq!(m, "invalid type: integer, expected a string");
        let m = without_values("invalid value: string \"s3cret\", expected one of a, b");
        assert_eq!(m, "invalid value: string, expected one of a, b");
        assert_eq!(
            without_values("missing field `password`"),
            "missing field `password`"
        );
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Login {
        account: String,
        password: String,
    }

    #[test]
    fn only_objects_are_accepted() {
        let e = json_object::<Login>(br#"["a","b"]"#, None).unwrap_err();
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        let e = json_object::<Login>(br#"{"account":"a","password":98765432}"#, None).unwrap_err();
        assert!(!e.message.contains("98765432"), "{}", e.message);
        assert_eq!(e.details["field"], "password");
        let e = json_object::<Login>(b"{nope", None).unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        let e = json_object::<Login>(br#"{"account":"a","password":"b"} x"#, None).unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert!(json_object::<Login>(br#"{"account":"a","password":"b"}"#, None).is_ok());
    }
}
