//! Software updates — `/updates`: versions of the catalog's products with release notes and
//! files, for the customers whose contract includes the product (`aggiornamenti=read` to list,
//! `aggiornamenti=download` for the files); publishing and unpublishing for the help desk.
//!
//! Files can be hundreds of MB. An upload is read as it streams in and stored in chunks of
//! 1 MiB, each in its own short write; a download streams the chunks back, and honours a
//! `Range: bytes=N-` request so an interrupted download resumes where it stopped. Neither
//! side holds a whole file in memory.

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiMultipart, ApiPath, ApiQuery, check_long_text, check_text};
use crate::domain::attachment::check_filename;
use crate::domain::content::Access;
use crate::domain::update::{self, MAX_FILE_SIZE, MAX_FILES};
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::service::updates::{require, require_staff, wire};
use crate::server::store::updates::CHUNK;
use crate::server::store::{NewUpdate, StoreError, UpdateFilter, read_blocking};
use crate::wire::{ErrorBody, PublishUpdateRequest, SoftwareUpdate, UpdatePage};

/// A publication's body: its files at their largest, and the `update` part (the limit of
/// every file is checked as it streams in).
#[allow(clippy::cast_possible_truncation)]
const PUBLISH_LIMIT: usize = MAX_FILES * (MAX_FILE_SIZE as usize) + (1 << 20);

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

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UpdateQuery {
    /// Only this product (a macro area of the catalog).
    #[param(pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub product: Option<String>,
    /// Only this version (with `product`, at most one update).
    #[param(pattern = r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,49}$")]
    pub version: Option<String>,
    /// Items per page (1 to 200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[0-9]{1,18}$")]
    pub cursor: Option<String>,
}

fn not_found(id: i64) -> ApiError {
    ApiError::not_found(format!("no software update {id}"))
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
    if let Some(v) = &q.version {
        update::version(v).map_err(|m| ApiError::invalid("version", m))?;
    }
    let (limit, before) = super::page_params(q.limit, q.cursor.as_deref())?;
    let page = st
        .read(auth, move |repo, c| {
            let viewer = require(c, Access::List)?;
            let product = match q.product.as_deref() {
                None => None,
                Some(p) => Some(
                    repo.catalog_node(p, None)?
                        .ok_or_else(|| {
                            ApiError::not_found(format!(
                                "no product `{p}` in the catalog; see `lhs catalog`"
                            ))
                        })?
                        .0,
                ),
            };
            let f = UpdateFilter {
                viewer,
                product,
                version: q.version.clone(),
                before,
            };
            let (rows, has_more, next_cursor) =
                super::keyset(repo.updates(&f, limit + 1)?, limit, |r| r.id);
            Ok(UpdatePage {
                items: rows
                    .iter()
                    .map(|r| wire(repo, r))
                    .collect::<ApiResult<Vec<_>>>()?,
                has_more,
                next_cursor,
            })
        })
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
        .read(auth, move |repo, c| {
            let viewer = require(c, Access::List)?;
            let row = repo.update(id, viewer)?.ok_or_else(|| not_found(id))?;
            wire(repo, &row)
        })
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
        .read(auth, move |repo, c| {
            let viewer = require(c, Access::Detail)?;
            repo.update(id, viewer)?.ok_or_else(|| not_found(id))?;
            repo.update_files(id)?
                .into_iter()
                .find(|f| f.id == file)
                .ok_or_else(|| ApiError::not_found(format!("no file {file} in update {id}")))
        })
        .await?;
    let size = u64::try_from(f.size).unwrap_or(0);
    let Ok(range) = requested_range(&headers, size) else {
        return Ok((
            StatusCode::RANGE_NOT_SATISFIABLE,
            [(header::CONTENT_RANGE, format!("bytes */{size}"))],
        )
            .into_response());
    };
    let (start, end) = range.unwrap_or((0, size.saturating_sub(1)));
    let length = if size == 0 { 0 } else { end - start + 1 };
    let chunk = CHUNK as u64;
    let store = st.store.clone();
    let file_id = f.id;
    // Chunk by chunk: (next chunk number, bytes still to send).
    let body = futures_util::stream::unfold(
        (start / chunk, start % chunk, length),
        move |(seq, skip, left)| {
            let store = store.clone();
            async move {
                if left == 0 {
                    return None;
                }
                let seq_i = i64::try_from(seq).unwrap_or(i64::MAX);
                let data = tokio::task::spawn_blocking(move || {
                    read_blocking(&*store, |r| r.update_chunk(file_id, seq_i))
                })
                .await;
                let data = match data {
                    Ok(Ok(Some(d))) => d,
                    Ok(Ok(None)) => {
                        return Some((
                            Err(std::io::Error::other(format!(
                                "chunk {seq} of file {file_id} is missing"
                            ))),
                            (seq, 0, 0),
                        ));
                    }
                    Ok(Err(e)) => {
                        return Some((
                            Err(std::io::Error::other(StoreError::to_string(&e))),
                            (seq, 0, 0),
                        ));
                    }
                    Err(e) => {
                        return Some((Err(std::io::Error::other(e.to_string())), (seq, 0, 0)));
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
    Ok(resp)
}

/// Stores one streamed file part in chunks; returns its id. The file row exists from the
/// first byte on, so a failure part-way leaves something for the caller (or the sweep) to
/// discard.
async fn store_file(
    st: &AppState,
    field: &mut axum::extract::multipart::Field<'_>,
    file_id: i64,
) -> ApiResult<()> {
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut seq: i64 = 0;
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK);
    let name = field.file_name().unwrap_or("").to_owned();
    loop {
        let next = field.chunk().await.map_err(|e| {
            ApiError::bad_request(format!("the upload of `{name}` was cut short: {e}"))
        })?;
        let done = next.is_none();
        if let Some(bytes) = next {
            size += bytes.len() as u64;
            if size > MAX_FILE_SIZE {
                return Err(ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!(
                        "`{name}` is over the limit of {} GiB per file",
                        MAX_FILE_SIZE >> 30
                    ),
                ));
            }
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
            let n = seq;
            st.write_anon(move |repo| Ok(repo.put_update_chunk(file_id, n, &chunk)?))
                .await?;
            seq += 1;
        }
        if done {
            break;
        }
    }
    if size == 0 {
        return Err(ApiError::invalid("files", format!("`{name}` is empty")));
    }
    let sha = hex::encode(hasher.finalize());
    let size = i64::try_from(size).unwrap_or(i64::MAX);
    st.write_anon(move |repo| Ok(repo.finish_update_file(file_id, size, &sha)?))
        .await
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
    st.read(auth.clone(), |_, c| require_staff(c)).await?;
    let mut files: Vec<i64> = Vec::new();
    let out = receive(&st, &auth, &mut mp, &mut files).await;
    if out.is_err() {
        if !files.is_empty() {
            let _ = st
                .write_anon(move |repo| Ok(repo.discard_update_files(&files)?))
                .await;
        }
        drain(&mut mp).await;
    }
    out.map(|u| (StatusCode::CREATED, axum::Json(u)))
}

/// Reads and discards what is left of a refused upload, up to [`DRAIN_CAP`], so that the
/// client reads the error instead of a reset connection; past that the connection is cut.
async fn drain(mp: &mut axum::extract::Multipart) {
    let mut left = DRAIN_CAP;
    while let Ok(Some(mut field)) = mp.next_field().await {
        while let Ok(Some(bytes)) = field.chunk().await {
            let Some(l) = left.checked_sub(bytes.len()) else {
                return;
            };
            left = l;
        }
    }
}

/// At most this much of a refused upload is read to deliver the error.
const DRAIN_CAP: usize = 256 << 20;

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
                check_text("product", &req.product, 200)?;
                update::version(&req.version).map_err(|m| ApiError::invalid("version", m))?;
                check_long_text("notes", &req.notes, 50_000)?;
                let (product, version) = (req.product.clone(), req.version.clone());
                let macro_area = st
                    .read(auth.clone(), move |repo, _| {
                        let (m, _) = repo.catalog_node(&product, None)?.ok_or_else(|| {
                            ApiError::conflict(
                                "not_in_catalog",
                                format!("no product `{product}` in the catalog; see `lhs catalog`"),
                            )
                            .with_details(serde_json::json!({"field": "product"}))
                        })?;
                        if repo.update_version_exists(m, &version)? {
                            return Err(version_exists(&product, &version));
                        }
                        Ok(m)
                    })
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
                if files.len() == MAX_FILES {
                    return Err(ApiError::invalid(
                        "files",
                        format!("too many files: at most {MAX_FILES} per update"),
                    ));
                }
                check_filename(&name).map_err(|m| ApiError::invalid("files", m))?;
                if names.contains(&name) {
                    return Err(ApiError::invalid(
                        "files",
                        format!("two files are named `{name}`"),
                    ));
                }
                let now = clock::now();
                let n = name.clone();
                let id = st
                    .write_anon(move |repo| Ok(repo.begin_update_file(&n, &now)?))
                    .await?;
                files.push(id);
                names.push(name);
                store_file(st, &mut field, id).await?;
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
    let Some((req, macro_area_id)) = meta else {
        return Err(ApiError::invalid(
            "update",
            "the multipart body needs an `update` part with the update's JSON",
        ));
    };
    if files.is_empty() {
        return Err(ApiError::invalid(
            "files",
            "an update needs at least one file",
        ));
    }
    let ids = files.clone();
    st.write(auth.clone(), move |repo, c| {
        require_staff(c)?;
        if repo.update_version_exists(macro_area_id, &req.version)? {
            return Err(version_exists(&req.product, &req.version));
        }
        let id = repo.insert_update(
            &NewUpdate {
                macro_area_id,
                version: req.version.clone(),
                notes: req.notes.clone(),
                author_id: c.user.id,
            },
            &ids,
            &clock::now(),
        )?;
        let row = repo
            .update(id, crate::server::store::Viewer::Staff)?
            .ok_or_else(|| not_found(id))?;
        wire(repo, &row)
    })
    .await
}

fn version_exists(product: &str, version: &str) -> ApiError {
    ApiError::conflict(
        "version_exists",
        format!("{product} {version} is already published"),
    )
    .with_details(serde_json::json!({"field": "version"}))
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
        .write(auth, move |repo, c| {
            require_staff(c)?;
            let viewer = crate::server::store::Viewer::Staff;
            repo.update(id, viewer)?.ok_or_else(|| not_found(id))?;
            if !repo.unpublish_update(id, &clock::now())? {
                return Err(ApiError::conflict(
                    "already_unpublished",
                    format!("software update {id} is already unpublished"),
                ));
            }
            let row = repo.update(id, viewer)?.ok_or_else(|| not_found(id))?;
            wire(repo, &row)
        })
        .await?;
    Ok(axum::Json(u))
}
