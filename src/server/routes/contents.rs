//! The reading areas over HTTP — `/contents/{kind}` for documents, news-tech, news-sales,
//! videos, fiscal and faq: each handler decodes, calls one function of
//! [`service::contents`](crate::server::service::contents) and encodes.

use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiMultipart, ApiPath, ApiQuery, is_multipart, read_multipart};
use crate::domain::content::ContentKind;
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::error::{ApiError, ApiResult};
use crate::server::service::contents::{self, kind};
use crate::wire::{
    Content, ContentPage, ContentQuery, EditContentRequest, ErrorBody, PublishContentRequest,
    Suggestion, SuggestionQuery,
};

/// A publication's body: the JSON, or the `content` part and up to 5 files of 5 MB (the
/// desk's page takes the same).
pub const PUBLISH_LIMIT: usize =
    crate::domain::content::MAX_FILES * crate::domain::content::MAX_FILE_SIZE + 256 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(list, publish))
        .layer(DefaultBodyLimit::max(PUBLISH_LIMIT));
    OpenApiRouter::new()
        .routes(routes!(show, edit))
        .routes(routes!(unpublish))
        .routes(routes!(download))
        .routes(routes!(suggestions))
        .merge(uploads)
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
    let page = st
        .read(auth, move |r, c| Ok(contents::list(r, c, kind, &q)?))
        .await?;
    Ok(axum::Json(page))
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
        .read(auth, move |r, c| Ok(contents::show(r, c, kind, id)?))
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
        .read(auth, move |r, c| Ok(contents::file(r, c, kind, id, file)?))
        .await?;
    Ok(super::file_response(
        &meta.filename,
        &meta.content_type,
        data,
    ))
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
    let kind: ContentKind = kind(&k)?;
    let (body, files) = if is_multipart(req.headers()) {
        // Who may upload is checked before the files are read.
        st.read(auth.clone(), |_, c| Ok(contents::require_staff(c)?))
            .await?;
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
        (body, upload.files)
    } else {
        let ApiJson(body) = ApiJson::<PublishContentRequest>::from_request(req, &st).await?;
        (body, vec![])
    };
    contents::check_new(&body)?;
    let item = st
        .write(auth, move |r, c| {
            Ok(contents::publish(r, c, kind, &body, &files)?)
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
        .write(auth, move |r, c| Ok(contents::edit(r, c, kind, id, &req)?))
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
        .write(auth, move |r, c| Ok(contents::unpublish(r, c, kind, id)?))
        .await?;
    Ok(axum::Json(item))
}

#[utoipa::path(get, path = "/api/v1/suggestions", tag = "contents",
    description = "The FAQ and technical documents that may answer a question before a ticket is opened: `q` is the subject and description typed so far. Only what the caller may read; at most 5, best first. The customer portal shows them beside its new-ticket form, and interactive `lhs tickets new` before it sends.",
    params(SuggestionQuery),
    responses((status = 200, body = Vec<Suggestion>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn suggestions(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<SuggestionQuery>,
) -> ApiResult<axum::Json<Vec<Suggestion>>> {
    let found = st
        .read(auth, move |r, c| Ok(contents::suggest(r, c, &q.q, 5)?))
        .await?;
    Ok(axum::Json(found))
}
