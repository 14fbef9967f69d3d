//! Tickets over HTTP: each handler decodes the request, calls one function of
//! [`service::tickets`](crate::server::service::tickets) inside the request's transaction,
//! and encodes the answer. The rules — scope, contract, state machine, minutes, mails,
//! idempotency — are all there.

use axum::extract::{DefaultBodyLimit, FromRequest, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiMultipart, ApiPath, idempotency_key, is_multipart, read_multipart};
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::error::{ApiError, ApiResult};
use crate::server::service::tickets::{self, Done};
use crate::wire::{
    CommentRequest, CreateTicketRequest, EditTicketRequest, ErrorBody, ReopenRequest, ReplyRequest,
    Ticket, TicketPage, TicketQuery,
};

pub fn router() -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(attachments, attach))
        .layer(DefaultBodyLimit::max(super::UPLOAD_LIMIT))
        .layer(middleware::from_fn(super::refuse_oversized_uploads));
    OpenApiRouter::new()
        .routes(routes!(show, edit))
        .routes(routes!(close))
        .routes(routes!(reopen))
        .routes(routes!(take))
        .routes(routes!(reply))
        .routes(routes!(comment))
        .routes(routes!(download))
        .merge(uploads)
}

/// A created ticket as the answer: 201, or the first answer of a repeat (marked
/// `Idempotent-Replayed: true`).
fn created(done: Done<Ticket>) -> Response {
    let mut resp = (StatusCode::CREATED, axum::Json(done.value)).into_response();
    if done.replayed {
        resp.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    resp
}

#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets",
    description = "Tickets newest first (`sort=oldest`: oldest first), a page at a time: follow `next_cursor` while `has_more`. A page costs the same however many tickets match; the exact `total` is counted only with `count=true`.",
    params(
        ("state" = Option<String>, Query, description = "inserito|in_carico|risposto|chiuso; repeat or comma-separate",
            pattern = r"^((inserito|in_carico|risposto|chiuso)(,(inserito|in_carico|risposto|chiuso))*)?$"),
        ("from" = Option<String>, Query, format = Date, description = "created on or after this day (YYYY-MM-DD, UTC)"),
        ("to" = Option<String>, Query, format = Date, description = "created on or before this day (YYYY-MM-DD, UTC)"),
        ("q" = Option<String>, Query, description = "words that must all occur (whole words; case and accents ignored) in subject, description or comments",
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*$"),
        ("mine" = Option<bool>, Query, description = "customers: tickets I opened; staff: tickets in my charge"),
        ("customer" = Option<String>, Query, description = "staff only: customer code"),
        ("technician" = Option<String>, Query, description = "technician account (the Tecnico column); customers see only their own scope"),
        ("user" = Option<String>, Query, description = "the account that opened the ticket (customers: of their company)",
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*$"),
        ("priority" = Option<String>, Query, pattern = "^(normale|bloccante|priority)$"),
        ("macro_area" = Option<String>, Query, description = "tickets in this macro area of the catalog", pattern = r"^[^\x00-\x1F\x7F-\x9F]*$"),
        ("area" = Option<String>, Query, description = "tickets in areas of this name", pattern = r"^[^\x00-\x1F\x7F-\x9F]*$"),
        ("section" = Option<String>, Query, description = "tickets in sections of this name", pattern = r"^[^\x00-\x1F\x7F-\x9F]*$"),
        ("sort" = Option<String>, Query, pattern = "^(newest|oldest)$", description = "by ticket number: newest first (default) or oldest first"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "page size, 1 to 200, default 50"),
        ("cursor" = Option<String>, Query, pattern = r"^[0-9]{1,18}$", description = "next_cursor of the previous page"),
        ("count" = Option<bool>, Query, description = "also count every match (`total`); costs a full count"),
    ),
    responses((status = 200, body = TicketPage), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    RawQuery(raw): RawQuery,
) -> ApiResult<axum::Json<TicketPage>> {
    let q = TicketQuery::decode(raw.as_deref().unwrap_or(""))
        .map_err(|r| ApiError::invalid(r.field(), crate::server::i18n::query(&r)))?;
    let page = st
        .read(auth, move |r, c| Ok(tickets::list(r, c, &q)?))
        .await?;
    Ok(axum::Json(page))
}

#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets",
    description = "Opens a ticket. Send JSON, or `multipart/form-data` with a `ticket` part (the same JSON) and up to 3 parts named `file` (JPG, JPEG, PNG, PDF, XML, ZIP; 1000 KB each). Honours `Idempotency-Key`: it covers the ticket's fields and the files' names (not their bytes); a repeat answers the first ticket with `Idempotent-Replayed: true`, a repeat that differs there is 422 `idempotency_key_reused` with `details.ticket`.",
    request_body(content = CreateTicketRequest, content_type = "application/json"),
    params(("Idempotency-Key" = Option<String>, Header, pattern = r"^[\x21-\x7E]{1,200}$", description = "1 to 200 visible ASCII characters; a repeat with the same key returns the first result")),
    responses((status = 201, body = Ticket), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(State(st): State<AppState>, auth: Auth, req: Request) -> ApiResult<Response> {
    let key = idempotency_key(req.headers())?;
    let (ticket, files) = if is_multipart(req.headers()) {
        // Who may upload is checked before the (large) body is read.
        st.read(auth.clone(), |_, c| Ok(tickets::may_open(c)?))
            .await?;
        let ApiMultipart(mp) = ApiMultipart::from_request(req, &st).await?;
        let (upload, texts) = read_multipart(mp, &["ticket"], &super::TICKET_FILES).await?;
        let raw = texts.get("ticket").ok_or_else(|| {
            ApiError::invalid(
                "ticket",
                "the multipart body needs a `ticket` part with the ticket JSON",
            )
        })?;
        let ticket: CreateTicketRequest =
            crate::server::extract::json_object(raw.as_bytes(), Some("ticket"))?;
        (ticket, upload.files)
    } else {
        let ApiJson(ticket) = ApiJson::<CreateTicketRequest>::from_request(req, &st).await?;
        (ticket, vec![])
    };
    // Refused before the transaction, as before the upload was read.
    tickets::check_new(&ticket)?;
    let req = tickets::Open { ticket, files, key };
    let env = st.env();
    let done = st
        .write(auth, move |r, c| Ok(tickets::open(r, c, &env, &req)?))
        .await?;
    Ok(created(done))
}

#[utoipa::path(get, path = "/api/v1/tickets/{number}", tag = "tickets",
    params(("number" = i64, Path)),
    responses((status = 200, body = Ticket), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(number): ApiPath<i64>,
) -> ApiResult<axum::Json<Ticket>> {
    let env = st.env();
    let t = st
        .read(auth, move |r, c| Ok(tickets::show(r, c, &env, number)?))
        .await?;
    Ok(axum::Json(t))
}

#[utoipa::path(patch, path = "/api/v1/tickets/{number}", tag = "tickets",
    description = "Edits the ticket while it is still `inserito` (nobody took it in charge yet): `subject`, `priority`, `notify_email` (null removes it). Fields left out stay as they are. Later the ticket cannot be edited (409 `invalid_transition`): add a comment instead.",
    params(("number" = i64, Path)),
    request_body = EditTicketRequest,
    responses((status = 200, body = Ticket), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn edit(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(number): ApiPath<i64>,
    ApiJson(req): ApiJson<EditTicketRequest>,
) -> ApiResult<axum::Json<Ticket>> {
    let env = st.env();
    let t = st
        .write(auth, move |r, c| {
            Ok(tickets::edit(r, c, &env, number, &req)?)
        })
        .await?;
    Ok(axum::Json(t))
}

#[utoipa::path(post, path = "/api/v1/tickets/{number}/reopen", tag = "tickets",
    description = "Reopens a closed ticket within the server's reopen window (`--reopen-within`, default 7 days after closing; the ticket's `reopen_until`). It goes back to `in_carico` with its technician, or to `inserito` when nobody had taken it; `comment` says why. Past the window: 409 `reopen_window_passed` — open a new ticket.",
    params(("number" = i64, Path)),
    request_body = ReopenRequest,
    responses((status = 200, body = Ticket), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn reopen(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(number): ApiPath<i64>,
    ApiJson(req): ApiJson<ReopenRequest>,
) -> ApiResult<axum::Json<Ticket>> {
    let env = st.env();
    let t = st
        .write(auth, move |r, c| {
            Ok(tickets::reopen(r, c, &env, number, &req)?)
        })
        .await?;
    Ok(axum::Json(t))
}

#[utoipa::path(post, path = "/api/v1/tickets/{number}/close", tag = "tickets",
    description = "Closes the ticket: the customer's \"ok, risolto\", or staff.",
    params(("number" = i64, Path)),
    responses((status = 200, body = Ticket), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn close(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(number): ApiPath<i64>,
) -> ApiResult<axum::Json<Ticket>> {
    let env = st.env();
    let t = st
        .write(auth, move |r, c| Ok(tickets::close(r, c, &env, number)?))
        .await?;
    Ok(axum::Json(t))
}

#[utoipa::path(post, path = "/api/v1/tickets/{number}/take", tag = "desk",
    description = "Staff: takes the ticket in charge (→ in_carico, technician = caller).",
    params(("number" = i64, Path)),
    responses((status = 200, body = Ticket), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn take(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(number): ApiPath<i64>,
) -> ApiResult<axum::Json<Ticket>> {
    let env = st.env();
    let t = st
        .write(auth, move |r, c| Ok(tickets::take(r, c, &env, number)?))
        .await?;
    Ok(axum::Json(t))
}

#[utoipa::path(post, path = "/api/v1/tickets/{number}/reply", tag = "desk",
    description = "Staff: answers the ticket (→ risposto) and deducts `minutes` from the customer's SMART package. If the balance would go below zero the reply is refused with 409 `insufficient_balance` unless `allow_overdraft` is true; then the balance goes negative and the next grant pays it back first.",
    params(("number" = i64, Path)),
    request_body = ReplyRequest,
    responses((status = 200, body = Ticket), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn reply(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(number): ApiPath<i64>,
    ApiJson(req): ApiJson<ReplyRequest>,
) -> ApiResult<axum::Json<Ticket>> {
    let env = st.env();
    let t = st
        .write(auth, move |r, c| {
            Ok(tickets::reply(r, c, &env, number, &req)?)
        })
        .await?;
    Ok(axum::Json(t))
}

#[utoipa::path(post, path = "/api/v1/tickets/{number}/comments", tag = "tickets",
    description = "Adds a comment. A customer's comment on a `risposto` ticket brings it back to `in_carico`. Honours `Idempotency-Key`.",
    params(("number" = i64, Path), ("Idempotency-Key" = Option<String>, Header, pattern = r"^[\x21-\x7E]{1,200}$", description = "1 to 200 visible ASCII characters; a repeat with the same key returns the first result")),
    request_body = CommentRequest,
    responses((status = 201, body = Ticket), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn comment(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(number): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<CommentRequest>,
) -> ApiResult<Response> {
    let req = tickets::Comment {
        body: req.body,
        key: idempotency_key(&headers)?,
    };
    let env = st.env();
    let done = st
        .write(auth, move |r, c| {
            Ok(tickets::comment(r, c, &env, number, &req)?)
        })
        .await?;
    Ok(created(done))
}

#[utoipa::path(post, path = "/api/v1/tickets/{number}/attachments", tag = "tickets",
    description = "Adds 1 to 3 files (multipart/form-data, parts named `file`, each with a file name) to an open ticket. Each file must be JPG, JPEG, PNG, PDF, XML or ZIP by name and by content, at most 1000 KB, its name a plain base name stored as sent; a file breaking a rule is refused with 422 naming it.",
    params(("number" = i64, Path)),
    request_body(content = inline(crate::wire::AttachmentUpload), content_type = "multipart/form-data"),
    responses((status = 201, body = Ticket), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn attach(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(number): ApiPath<i64>,
    req: Request,
) -> ApiResult<(StatusCode, axum::Json<Ticket>)> {
    // Who may is checked before the (large) body is read.
    st.read(auth.clone(), |_, c| Ok(tickets::may_see(c)?))
        .await?;
    let ApiMultipart(mp) = ApiMultipart::from_request(req, &st).await?;
    let (upload, _) = read_multipart(mp, &[], &super::TICKET_FILES).await?;
    let env = st.env();
    let t = st
        .write(auth, move |r, c| {
            Ok(tickets::attach(r, c, &env, number, &upload.files)?)
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(t)))
}

#[utoipa::path(get, path = "/api/v1/tickets/{number}/attachments", tag = "tickets",
    params(("number" = i64, Path)),
    responses((status = 200, body = Vec<crate::wire::Attachment>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn attachments(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(number): ApiPath<i64>,
) -> ApiResult<axum::Json<Vec<crate::wire::Attachment>>> {
    let list = st
        .read(auth, move |r, c| Ok(tickets::attachments(r, c, number)?))
        .await?;
    Ok(axum::Json(list))
}

#[utoipa::path(get, path = "/api/v1/tickets/{number}/attachments/{id}", tag = "tickets",
    params(("number" = i64, Path), ("id" = i64, Path)),
    responses((status = 200, description = "the file's bytes", content_type = "application/octet-stream"), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn download(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath((number, id)): ApiPath<(i64, i64)>,
) -> ApiResult<Response> {
    let (meta, data) = st
        .read(auth, move |r, c| Ok(tickets::attachment(r, c, number, id)?))
        .await?;
    Ok(super::file_response(
        &meta.filename,
        &meta.content_type,
        data,
    ))
}
