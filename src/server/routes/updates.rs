//! Software updates over HTTP — `/updates`: each handler decodes, calls
//! [`service::updates`](crate::server::service::updates) and encodes. What is HTTP's stays
//! here: reading the multipart upload as it streams in, and streaming a download back with
//! `Range: bytes=N-` so an interrupted download resumes where it stopped.

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiMultipart, ApiPath, ApiQuery};
use crate::domain::update::{MAX_FILE_SIZE, MAX_FILES};
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::error::{ApiError, ApiResult};
use crate::server::service::updates;
use crate::server::store::UpdateFileRow;
use crate::server::store::updates::CHUNK;
use crate::wire::{ErrorBody, PublishUpdateRequest, SoftwareUpdate, UpdatePage, UpdateQuery};

/// A publication's body: its files at their largest, and the `update` part (the limit of
/// every file is checked as it streams in).
#[allow(clippy::cast_possible_truncation)]
pub const PUBLISH_LIMIT: usize = MAX_FILES * (MAX_FILE_SIZE as usize) + (1 << 20);

pub fn router() -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(list, publish))
        .layer(DefaultBodyLimit::max(PUBLISH_LIMIT));
    OpenApiRouter::new()
        .routes(routes!(show))
        .routes(routes!(unpublish))
        .routes(routes!(download))
        .merge(uploads)
}

#[utoipa::path(get, path = "/api/v1/updates", tag = "updates",
    params(UpdateQuery),
    responses((status = 200, body = UpdatePage), (status = 403, body = ErrorBody), (status = 404, description = "`not_found`: no such product", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<UpdateQuery>,
) -> ApiResult<axum::Json<UpdatePage>> {
    let page = st
        .read(auth, move |r, c| Ok(updates::list(r, c, &q)?))
        .await?;
    Ok(axum::Json(page))
}

#[utoipa::path(get, path = "/api/v1/updates/{id}", tag = "updates",
    params(("id" = i64, Path)),
    responses((status = 200, body = SoftwareUpdate), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<axum::Json<SoftwareUpdate>> {
    let u = st
        .read(auth, move |r, c| Ok(updates::show(r, c, id)?))
        .await?;
    Ok(axum::Json(u))
}

/// `Range: bytes=START-` or `bytes=START-END`; anything else (several ranges, suffixes) is
/// answered with the whole file, as HTTP allows.
fn requested_range(headers: &HeaderMap, size: u64) -> Result<Option<(u64, u64)>, ()> {
    let Some(v) = headers.get(header::RANGE).and_then(|v| v.to_str().ok()) else {
        return Ok(None);
    };
    let Some(spec) = v.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    let Some((a, b)) = spec.split_once('-') else {
        return Ok(None);
    };
    if spec.contains(',') || a.is_empty() {
        return Ok(None);
    }
    let (Ok(start), end) = (a.trim().parse::<u64>(), b.trim()) else {
        return Ok(None);
    };
    let end = if end.is_empty() {
        size.saturating_sub(1)
    } else {
        match end.parse::<u64>() {
            Ok(e) if e >= start => e.min(size.saturating_sub(1)),
            _ => return Ok(None),
        }
    };
    if start >= size {
        return Err(());
    }
    Ok(Some((start, end)))
}

#[utoipa::path(get, path = "/api/v1/updates/{id}/files/{file}", tag = "updates",
    params(("id" = i64, Path), ("file" = i64, Path),
        ("Range" = Option<String>, Header, description = "`bytes=START-` (or `bytes=START-END`) to resume an interrupted download")),
    responses(
        (status = 200, description = "the file's bytes", content_type = "application/octet-stream"),
        (status = 206, description = "the bytes from the requested offset", content_type = "application/octet-stream"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 416, description = "the range starts past the end of the file")),
    security(("bearer" = [])))]
pub async fn download(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath((id, file)): ApiPath<(i64, i64)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let f = st
        .read(auth, move |r, c| Ok(updates::file(r, c, id, file)?))
        .await?;
    Ok(file_download(st, &f, &headers))
}

/// The answer to a download of `f` the service allowed: all of it, or the `Range` asked for
/// (416 when it starts past the end). The portal's pages answer their downloads with it too.
pub fn file_download(st: AppState, f: &UpdateFileRow, headers: &HeaderMap) -> Response {
    let size = u64::try_from(f.size).unwrap_or(0);
    let Ok(range) = requested_range(headers, size) else {
        return (
            StatusCode::RANGE_NOT_SATISFIABLE,
            [(header::CONTENT_RANGE, format!("bytes */{size}"))],
        )
            .into_response();
    };
    stream_file(st, f, range)
}

/// The file's bytes from `range` (None: all of them), read chunk by chunk as they are sent.
fn stream_file(st: AppState, f: &UpdateFileRow, range: Option<(u64, u64)>) -> Response {
    let size = u64::try_from(f.size).unwrap_or(0);
    let (start, end) = range.unwrap_or((0, size.saturating_sub(1)));
    let length = if size == 0 { 0 } else { end - start + 1 };
    let chunk = CHUNK as u64;
    let file_id = f.id;
    // Chunk by chunk: (next chunk number, bytes to skip in it, bytes still to send).
    let body = futures_util::stream::unfold(
        (start / chunk, start % chunk, length),
        move |(seq, skip, left)| {
            let st = st.clone();
            async move {
                if left == 0 {
                    return None;
                }
                let seq_i = i64::try_from(seq).unwrap_or(i64::MAX);
                let data = match updates::chunk(&st, file_id, seq_i).await {
                    Ok(Some(d)) => d,
                    Ok(None) => {
                        let e = format!("chunk {seq} of file {file_id} is missing");
                        return Some((Err(std::io::Error::other(e)), (seq, 0, 0)));
                    }
                    Err(e) => {
                        let e = e.to_string();
                        return Some((Err(std::io::Error::other(e)), (seq, 0, 0)));
                    }
                };
                let from = usize::try_from(skip).unwrap_or(0).min(data.len());
                let take = usize::try_from(left)
                    .unwrap_or(usize::MAX)
                    .min(data.len() - from);
                let bytes = Bytes::copy_from_slice(&data[from..from + take]);
                Some((Ok(bytes), (seq + 1, 0, left - take as u64)))
            }
        },
    )
    .boxed();
    let mut resp = Body::from_stream(body).into_response();
    let h = resp.headers_mut();
    let set = |h: &mut HeaderMap, k: header::HeaderName, v: String| {
        if let Ok(v) = HeaderValue::from_str(&v) {
            h.insert(k, v);
        }
    };
    set(h, header::CONTENT_TYPE, "application/octet-stream".into());
    set(
        h,
        header::CONTENT_DISPOSITION,
        super::disposition(&f.filename),
    );
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff".into());
    set(h, header::ACCEPT_RANGES, "bytes".into());
    set(h, header::CONTENT_LENGTH, length.to_string());
    set(h, header::ETAG, format!("\"{}\"", f.sha256));
    if range.is_some() {
        set(
            h,
            header::CONTENT_RANGE,
            format!("bytes {start}-{end}/{size}"),
        );
        *resp.status_mut() = StatusCode::PARTIAL_CONTENT;
    }
    resp
}

#[utoipa::path(post, path = "/api/v1/updates", tag = "desk",
    request_body(content = inline(crate::wire::UpdateUpload), content_type = "multipart/form-data", description = "An `update` part with the JSON of PublishUpdateRequest, then one to ten `file` parts (any type, up to 4 GiB each, not empty), streamed."),
    responses((status = 201, body = SoftwareUpdate), (status = 403, body = ErrorBody),
        (status = 409, description = "`version_exists`, or `not_in_catalog`: no such product", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn publish(
    State(st): State<AppState>,
    auth: Auth,
    ApiMultipart(mut mp): ApiMultipart,
) -> ApiResult<(StatusCode, axum::Json<SoftwareUpdate>)> {
    st.read(auth.clone(), |_, c| Ok(updates::require_staff(c)?))
        .await?;
    let mut files: Vec<i64> = Vec::new();
    let out = receive(&st, &auth, &mut mp, &mut files).await;
    if out.is_err() {
        if !files.is_empty() {
            let _ = updates::discard_files(&st, files).await;
        }
        super::drain(&mut mp).await;
    }
    out.map(|u| (StatusCode::CREATED, axum::Json(u)))
}

/// Reads the upload: one `update` part (the JSON, checked before any file), then the files,
/// each stored as it streams in; publishes the update over them.
async fn receive(
    st: &AppState,
    auth: &Auth,
    mp: &mut axum::extract::Multipart,
    files: &mut Vec<i64>,
) -> ApiResult<SoftwareUpdate> {
    let mut meta: Option<(PublishUpdateRequest, i64)> = None;
    let mut names: Vec<String> = Vec::new();
    while let Some(mut field) = mp.next_field().await? {
        let part = field.name().unwrap_or("").to_owned();
        match (part.as_str(), field.file_name().map(str::to_owned)) {
            ("update", None) if meta.is_none() => {
                let raw = field.bytes().await?;
                let req: PublishUpdateRequest =
                    crate::server::extract::json_object(&raw, Some("update"))?;
                let check = req.clone();
                let macro_area = st
                    .read(auth.clone(), move |r, _| Ok(updates::check_new(r, &check)?))
                    .await?;
                meta = Some((req, macro_area));
            }
            ("file", Some(name)) => {
                if meta.is_none() {
                    return Err(ApiError::invalid(
                        "update",
                        "the `update` part must come before the files",
                    ));
                }
                updates::check_file(&names, &name)?;
                let id = updates::begin_file(st, name.clone()).await?;
                files.push(id);
                names.push(name);
                super::store_update_file(st, &mut field, id).await?;
            }
            _ => {
                return Err(ApiError::invalid(
                    &part,
                    format!(
                        "unexpected part `{part}`; send one `update` part (JSON), then `file` parts"
                    ),
                ));
            }
        }
    }
    let Some((req, macro_area)) = meta else {
        return Err(ApiError::invalid(
            "update",
            "the multipart body needs an `update` part with the update's JSON",
        ));
    };
    let ids = files.clone();
    st.write(auth.clone(), move |r, c| {
        Ok(updates::publish(r, c, &req, macro_area, &ids)?)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/updates/{id}/unpublish", tag = "desk",
    params(("id" = i64, Path)),
    responses((status = 200, body = SoftwareUpdate), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn unpublish(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<axum::Json<SoftwareUpdate>> {
    let u = st
        .write(auth, move |r, c| Ok(updates::unpublish(r, c, id)?))
        .await?;
    Ok(axum::Json(u))
}
