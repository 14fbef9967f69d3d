//! The reading areas — `/contents/{kind}` for documents, news-tech, news-sales, videos,
//! fiscal and faq: lists and items for customers (each behind its permission, each item only
//! for its audience), and publishing, editing and unpublishing for the help desk.

use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{
    ApiJson, ApiMultipart, ApiPath, ApiQuery, Upload, check_long_text, check_text, is_multipart,
    read_multipart,
};
use crate::domain::content::{Access, ContentKind};
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::service::contents::{audience_in, full, require, require_staff, summary};
use crate::server::store::{ContentFilter, NewContent, Repo, Viewer};
use crate::wire::{Content, ContentPage, EditContentRequest, ErrorBody, PublishContentRequest};

/// A publication's body: the JSON, or the `content` part and up to 5 files of 5 MB.
const PUBLISH_LIMIT: usize =
    crate::domain::content::MAX_FILES * crate::domain::content::MAX_FILE_SIZE + 256 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(list, publish))
        .layer(DefaultBodyLimit::max(PUBLISH_LIMIT));
    OpenApiRouter::new()
        .routes(routes!(show, edit))
        .routes(routes!(unpublish))
        .routes(routes!(download))
        .merge(uploads)
}

fn kind(s: &str) -> ApiResult<ContentKind> {
    ContentKind::ALL
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "no area `{s}`; the areas are documents, news-tech, news-sales, videos, fiscal and faq"
            ))
        })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ContentQuery {
    /// Words (or parts of words) that must all appear in the title, summary or body; case is
    /// ignored.
    #[param(pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    pub q: Option<String>,
    /// Items per page (1 to 200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[0-9]{1,18}$")]
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/contents/{kind}", tag = "contents",
    params(("kind" = ContentKind, Path), ContentQuery),
    responses((status = 200, body = ContentPage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(k): ApiPath<String>,
    ApiQuery(q): ApiQuery<ContentQuery>,
) -> ApiResult<axum::Json<ContentPage>> {
    let kind = kind(&k)?;
    let (limit, before) = super::page_params(q.limit, q.cursor.as_deref())?;
    let text = q.q.unwrap_or_default();
    super::check_line("q", &text)?;
    let words = crate::domain::search::query(&text);
    let nothing = !text.trim().is_empty() && words.is_empty();
    let page = st
        .read(auth, move |repo, c| {
            let viewer = require(c, kind, Access::List)?;
            if nothing {
                return Ok(ContentPage {
                    items: vec![],
                    has_more: false,
                    next_cursor: None,
                });
            }
            let filter = ContentFilter {
                kind,
                viewer,
                words: words.clone(),
                before,
            };
            let (rows, has_more, next_cursor) =
                super::keyset(repo.contents(&filter, limit + 1)?, limit, |r| r.id);
            Ok(ContentPage {
                items: rows.iter().map(summary).collect(),
                has_more,
                next_cursor,
            })
        })
        .await?;
    Ok(axum::Json(page))
}

fn not_found(kind: ContentKind, id: i64) -> ApiError {
    ApiError::not_found(format!("no {} item {id}", kind.label()))
}

#[utoipa::path(get, path = "/api/v1/contents/{kind}/{id}", tag = "contents",
    params(("kind" = ContentKind, Path), ("id" = i64, Path)),
    responses((status = 200, body = Content), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath((k, id)): ApiPath<(String, i64)>,
) -> ApiResult<axum::Json<Content>> {
    let kind = kind(&k)?;
    let item = st
        .read(auth, move |repo, c| {
            let viewer = require(c, kind, Access::Detail)?;
            let row = repo
                .content(kind, id, viewer)?
                .ok_or_else(|| not_found(kind, id))?;
            full(repo, &row, viewer == Viewer::Staff)
        })
        .await?;
    Ok(axum::Json(item))
}

#[utoipa::path(get, path = "/api/v1/contents/{kind}/{id}/files/{file}", tag = "contents",
    params(("kind" = ContentKind, Path), ("id" = i64, Path), ("file" = i64, Path)),
    responses((status = 200, description = "the file's bytes", content_type = "application/octet-stream"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn download(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath((k, id, file)): ApiPath<(String, i64, i64)>,
) -> ApiResult<Response> {
    let kind = kind(&k)?;
    let (meta, data) = st
        .read(auth, move |repo, c| {
            let viewer = require(c, kind, Access::Detail)?;
            repo.content(kind, id, viewer)?
                .ok_or_else(|| not_found(kind, id))?;
            repo.content_file_data(id, file)?
                .ok_or_else(|| ApiError::not_found(format!("no file {file} in item {id}")))
        })
        .await?;
    Ok(super::file_response(
        &meta.filename,
        &meta.content_type,
        data,
    ))
}

fn validate(req: &PublishContentRequest) -> ApiResult<()> {
    validate_fields(
        &req.title,
        req.summary.as_deref().unwrap_or(""),
        &req.body,
        req.video_url.as_deref(),
        req.duration_seconds,
    )
}

fn validate_fields(
    title: &str,
    summary: &str,
    body: &str,
    video_url: Option<&str>,
    duration_seconds: Option<i64>,
) -> ApiResult<()> {
    check_text("title", title, 200)?;
    if !summary.is_empty() {
        check_long_text("summary", summary, 2_000)?;
    }
    check_long_text("body", body, 50_000)?;
    if let Some(u) = video_url {
        crate::domain::validate::web_address("video_url", u)
            .map_err(|m| ApiError::invalid("video_url", m))?;
    }
    if let Some(d) = duration_seconds
        && !(0..=1_000_000).contains(&d)
    {
        return Err(ApiError::invalid(
            "duration_seconds",
            "`duration_seconds` must be from 0 to 1000000",
        ));
    }
    Ok(())
}

#[utoipa::path(post, path = "/api/v1/contents/{kind}", tag = "desk",
    params(("kind" = ContentKind, Path)),
    request_body(content = PublishContentRequest, content_type = "application/json"),
    responses((status = 201, body = Content), (status = 403, body = ErrorBody), (status = 409, description = "`unknown_customer` or `not_in_catalog`: the audience names what does not exist", body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn publish(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(k): ApiPath<String>,
    req: Request,
) -> ApiResult<(StatusCode, axum::Json<Content>)> {
    let kind = kind(&k)?;
    let (body, upload) = if is_multipart(req.headers()) {
        st.read(auth.clone(), |_, c| require_staff(c)).await?;
        let ApiMultipart(mp) = ApiMultipart::from_request(req, &st).await?;
        let (upload, texts) = read_multipart(mp, &["content"], &super::CONTENT_FILES).await?;
        let raw = texts.get("content").ok_or_else(|| {
            ApiError::invalid(
                "content",
                "the multipart body needs a `content` part with the item's JSON",
            )
        })?;
        let body: PublishContentRequest =
            crate::server::extract::json_object(raw.as_bytes(), Some("content"))?;
        (body, upload)
    } else {
        let ApiJson(body) = ApiJson::<PublishContentRequest>::from_request(req, &st).await?;
        (body, Upload { files: vec![] })
    };
    validate(&body)?;
    let item = st
        .write(auth, move |repo, c| {
            require_staff(c)?;
            let now = clock::now();
            let new = NewContent {
                kind,
                title: body.title.clone(),
                summary: body.summary.clone().unwrap_or_default(),
                body: body.body.clone(),
                video_url: body.video_url.clone(),
                duration_seconds: body.duration_seconds,
                audience: audience_in(repo, &body.audience)?,
                author_id: c.user.id,
            };
            let id = repo.insert_content(&new, &now)?;
            for f in &upload.files {
                repo.insert_content_file(id, f, &now)?;
            }
            let row = repo
                .content(kind, id, Viewer::Staff)?
                .ok_or_else(|| not_found(kind, id))?;
            full(repo, &row, true)
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(item)))
}

#[utoipa::path(patch, path = "/api/v1/contents/{kind}/{id}", tag = "desk",
    params(("kind" = ContentKind, Path), ("id" = i64, Path)),
    request_body = EditContentRequest,
    responses((status = 200, body = Content), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, description = "`unknown_customer` or `not_in_catalog`: the audience names what does not exist", body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn edit(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath((k, id)): ApiPath<(String, i64)>,
    ApiJson(req): ApiJson<EditContentRequest>,
) -> ApiResult<axum::Json<Content>> {
    let kind = kind(&k)?;
    let item = st
        .write(auth, move |repo, c| {
            require_staff(c)?;
            let row = repo
                .content(kind, id, Viewer::Staff)?
                .ok_or_else(|| not_found(kind, id))?;
            let title = req.title.clone().unwrap_or(row.title.clone());
            let summary = req.summary.clone().unwrap_or(row.summary.clone());
            let body = req.body.clone().unwrap_or(row.body.clone());
            let video_url = req.video_url.clone().or(row.video_url.clone());
            let duration_seconds = req.duration_seconds.or(row.duration_seconds);
            validate_fields(
                &title,
                &summary,
                &body,
                video_url.as_deref(),
                duration_seconds,
            )?;
            let audience = match &req.audience {
                Some(a) => audience_in(repo, a)?,
                None => row.audience.clone(),
            };
            let now = clock::now();
            repo.update_content(
                id,
                &NewContent {
                    kind,
                    title,
                    summary,
                    body,
                    video_url,
                    duration_seconds,
                    audience,
                    author_id: c.user.id,
                },
                &now,
            )?;
            let row = repo
                .content(kind, id, Viewer::Staff)?
                .ok_or_else(|| not_found(kind, id))?;
            full(repo, &row, true)
        })
        .await?;
    Ok(axum::Json(item))
}

#[utoipa::path(post, path = "/api/v1/contents/{kind}/{id}/unpublish", tag = "desk",
    params(("kind" = ContentKind, Path), ("id" = i64, Path)),
    responses((status = 200, body = Content), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn unpublish(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath((k, id)): ApiPath<(String, i64)>,
) -> ApiResult<axum::Json<Content>> {
    let kind = kind(&k)?;
    let item = st
        .write(auth, move |repo: &dyn Repo, c| {
            require_staff(c)?;
            repo.content(kind, id, Viewer::Staff)?
                .ok_or_else(|| not_found(kind, id))?;
            if !repo.unpublish_content(id, &clock::now())? {
                return Err(ApiError::conflict(
                    "already_unpublished",
                    format!("{} item {id} is already unpublished", kind.label()),
                ));
            }
            let row = repo
                .content(kind, id, Viewer::Staff)?
                .ok_or_else(|| not_found(kind, id))?;
            full(repo, &row, true)
        })
        .await?;
    Ok(axum::Json(item))
}
