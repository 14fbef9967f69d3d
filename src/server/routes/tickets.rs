//! Tickets: list and search, create (JSON or multipart with attachments, idempotent), view,
//! comment, attach, download, close; and the desk actions take and reply. Every lookup goes
//! through the caller's [`Scope`], so another company's ticket is simply not found. Each
//! request is one transaction, with the caller authenticated inside it.

use axum::extract::{DefaultBodyLimit, FromRequest, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{
    ApiJson, ApiMultipart, ApiPath, Upload, check_line, check_long_text, check_text,
    idempotency_key, is_multipart, parse_date, read_multipart, request_hash,
};
use crate::domain::ticket::{Action, Actor, Priority, TicketState, transition};
use crate::server::AppState;
use crate::server::auth::{Auth, Caller};
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::mail::{self, TicketEvent};
use crate::server::service::catalog::find_section;
use crate::server::service::idempotency::{remember, replay};
use crate::server::service::tickets::{close as close_ticket, load, refusal, summary, view};
use crate::server::store::{NewTicket, Repo, TicketFilter, TicketRow};
use crate::wire::{
    CommentRequest, CreateTicketRequest, EditTicketRequest, ErrorBody, ReopenRequest, ReplyRequest,
    Ticket, TicketPage,
};

pub const DEFAULT_PAGE: i64 = 50;
pub const MAX_PAGE: i64 = 200;

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

// ---------------------------------------------------------------------------------------------
// List

/// Parsed query of `GET /tickets`. Repeated and comma-separated `state` values both work.
#[derive(Debug, Default)]
struct ListQuery {
    states: Vec<TicketState>,
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
    mine: bool,
    customer: Option<String>,
    technician: Option<String>,
    user: Option<String>,
    priority: Option<Priority>,
    macro_area: Option<String>,
    area: Option<String>,
    section: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
    count: bool,
    oldest: bool,
}

fn parse_bool(name: &str, v: &str) -> ApiResult<bool> {
    match v {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ApiError::invalid(
            name,
            format!("`{name}` must be true or false"),
        )),
    }
}

fn parse_list_query(raw: Option<&str>) -> ApiResult<ListQuery> {
    let mut q = ListQuery::default();
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let v = v.into_owned();
        match k.as_ref() {
            // Exactly the documented values: the API normalises nothing (the CLI accepts
            // aliases and sends these).
            "state" if v.is_empty() => {}
            "state" => {
                for s in v.split(',') {
                    let st = TicketState::ALL
                        .into_iter()
                        .find(|x| x.as_str() == s)
                        .ok_or_else(|| {
                            ApiError::invalid(
                                "state",
                                format!("unknown state `{s}`; use inserito, in_carico, risposto, chiuso (comma-separated)"),
                            )
                        })?;
                    if !q.states.contains(&st) {
                        q.states.push(st);
                    }
                }
            }
            "from" => q.from = Some(v),
            "to" => q.to = Some(v),
            "q" => q.q = Some(v),
            "mine" => q.mine = parse_bool("mine", &v)?,
            "count" => q.count = parse_bool("count", &v)?,
            "customer" => q.customer = Some(v),
            "technician" => q.technician = Some(v),
            "user" => q.user = Some(v),
            "priority" => {
                // Exactly the documented words (the domain's parser also takes aliases).
                let p = [Priority::Normale, Priority::Bloccante, Priority::Priority]
                    .into_iter()
                    .find(|p| p.as_str() == v)
                    .ok_or_else(|| {
                        ApiError::invalid(
                            "priority",
                            format!("unknown priority `{v}`; use normale, bloccante or priority"),
                        )
                    })?;
                q.priority = Some(p);
            }
            "macro_area" => q.macro_area = Some(v),
            "area" => q.area = Some(v),
            "section" => q.section = Some(v),
            "limit" => q.limit = Some(v),
            "cursor" => q.cursor = Some(v),
            "sort" => {
                q.oldest = match v.as_str() {
                    "newest" => false,
                    "oldest" => true,
                    _ => {
                        return Err(ApiError::invalid(
                            "sort",
                            format!("unknown sort `{v}`; use newest or oldest"),
                        ));
                    }
                }
            }
            other => {
                return Err(ApiError::invalid(
                    other,
                    format!(
                        "unknown query parameter `{other}`; known: state, from, to, q, mine, customer, technician, user, priority, macro_area, area, section, sort, limit, cursor, count"
                    ),
                ));
            }
        }
    }
    Ok(q)
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
    let q = parse_list_query(raw.as_deref())?;
    let limit = match &q.limit {
        None => DEFAULT_PAGE,
        Some(s) => Some(s)
            .filter(|s| !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<i64>().ok())
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or_else(|| {
                ApiError::invalid(
                    "limit",
                    format!("`limit` must be a number from 1 to {MAX_PAGE}"),
                )
            })?,
    };
    let before = match &q.cursor {
        None => None,
        Some(c) if c.is_empty() || c.len() > 18 || !c.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(ApiError::invalid(
                "cursor",
                "invalid cursor: pass next_cursor as received",
            ));
        }
        Some(c) => Some(c.parse::<i64>().map_err(|_| {
            ApiError::invalid("cursor", "invalid cursor: pass next_cursor as received")
        })?),
    };
    let from = q
        .from
        .as_deref()
        .map(|s| parse_date("from", s))
        .transpose()?;
    let to = q.to.as_deref().map(|s| parse_date("to", s)).transpose()?;
    // An inverted range is a slip, not a question whose answer is "nothing": refuse it, as
    // the CLI does before asking.
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(ApiError::invalid(
            "from",
            format!("`from` ({f}) is after `to` ({t}): swap them, or leave one out"),
        )
        .with_details(serde_json::json!({ "field": "from", "fields": ["from", "to"] })));
    }
    let text = q.q.clone().unwrap_or_default();
    check_line("q", &text)?;
    let words = crate::domain::search::query(&text);
    // Text with nothing searchable in it matches nothing rather than everything.
    let nothing = !text.trim().is_empty() && words.is_empty();
    let base = TicketFilter {
        states: q.states.clone(),
        created_from: from.map(|d| format!("{d}T00:00:00.000Z")),
        created_until: to
            .and_then(|d| d.succ_opt())
            .map(|d| format!("{d}T00:00:00.000Z")),
        words,
        company: None,
        technician: None,
        creator: None,
        priority: q.priority,
        sections: None,
        before,
        oldest: q.oldest,
    };
    for (name, v) in [
        ("macro_area", &q.macro_area),
        ("area", &q.area),
        ("section", &q.section),
        ("user", &q.user),
    ] {
        if let Some(v) = v {
            check_line(name, v)?;
        }
    }

    let page = st
        .read(auth, move |r, c| {
            let scope = c.ticket_scope()?;
            // A customer sees the Tecnico column of their own tickets, so they may filter by
            // it; the scope below still keeps them to their own company (or own tickets).
            if q.customer.is_some() && !c.is_staff() {
                return Err(ApiError::forbidden(
                    "staff_only",
                    "only staff can filter by customer",
                ));
            }
            let mut filter = base.clone();
            if let Some(code) = &q.customer {
                filter.company = Some(crate::server::service::customers::company(r, code)?.id);
            }
            if let Some(acc) = &q.technician {
                let tech = r
                    .user_by_account(None, acc)?
                    .filter(|u| u.role == crate::wire::Role::Staff)
                    .ok_or_else(|| ApiError::not_found(format!("technician `{acc}` not found")))?;
                filter.technician = Some(tech.id);
            }
            if let Some(acc) = &q.user {
                // Customers name users of their own company only; another company's account
                // is as unknown as one that does not exist.
                let company = if c.is_staff() {
                    None
                } else {
                    c.user.company_id
                };
                let u = r
                    .user_by_account(company, acc)?
                    .filter(|u| u.role != crate::wire::Role::Staff)
                    .ok_or_else(|| ApiError::not_found(format!("user `{acc}` not found")))?;
                filter.creator = Some(u.id);
            }
            if q.macro_area.is_some() || q.area.is_some() || q.section.is_some() {
                let same = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
                let ids: Vec<i64> = r
                    .catalog(None)?
                    .into_iter()
                    .filter(|(_, p)| {
                        q.macro_area
                            .as_deref()
                            .is_none_or(|m| same(&p.macro_area, m))
                            && q.area.as_deref().is_none_or(|a| same(&p.area, a))
                            && q.section.as_deref().is_none_or(|x| same(&p.section, x))
                    })
                    .map(|(id, _)| id)
                    .collect();
                if ids.is_empty() {
                    return Err(ApiError::not_found(
                        "no such catalog node; see `lhs catalog`",
                    ));
                }
                filter.sections = Some(ids);
            }
            if q.mine {
                if c.is_staff() {
                    filter.technician = Some(c.user.id);
                } else {
                    filter.creator = Some(c.user.id);
                }
            }
            if nothing {
                return Ok(TicketPage {
                    items: vec![],
                    has_more: false,
                    next_cursor: None,
                    total: q.count.then_some(0),
                });
            }
            // One row more than the page tells whether another page exists.
            let mut rows = r.list_tickets(scope, &filter, limit + 1)?;
            let has_more = i64::try_from(rows.len()).is_ok_and(|n| n > limit);
            rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
            let next_cursor = has_more
                .then(|| rows.last().map(|t| t.id.to_string()))
                .flatten();
            let total = if q.count {
                Some(r.count_tickets(scope, &filter)?)
            } else {
                None
            };
            Ok(TicketPage {
                items: rows.iter().map(summary).collect(),
                has_more,
                next_cursor,
                total,
            })
        })
        .await?;
    Ok(axum::Json(page))
}

// ---------------------------------------------------------------------------------------------
// Create

fn validate_ticket(req: &CreateTicketRequest) -> ApiResult<()> {
    check_text("macro_area", &req.macro_area, 200)?;
    check_text("area", &req.area, 200)?;
    check_text("section", &req.section, 200)?;
    check_text("subject", &req.subject, 200)?;
    if let Some(e) = &req.notify_email {
        crate::domain::validate::email(e).map_err(|m| ApiError::invalid("notify_email", m))?;
    }
    check_long_text("description", &req.description, 50_000)
}

fn json_response(status: StatusCode, body: String, replayed: bool) -> Response {
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if replayed {
        h.insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    resp
}

/// Who may open tickets: operative users whose `assistenza` allows it.
fn may_open(c: &Caller) -> ApiResult<()> {
    c.ticket_scope()?;
    match c.ticket_actor(None) {
        Actor::Customer => Ok(()),
        Actor::Reader => Err(ApiError::forbidden(
            "permission_denied",
            "your `assistenza` permission is read-only: you cannot open tickets",
        )),
        Actor::Staff { .. } => Err(ApiError::forbidden(
            "customers_only",
            "tickets are opened by the customers' operative users",
        )),
    }
}

#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets",
    description = "Opens a ticket. Send JSON, or `multipart/form-data` with a `ticket` part (the same JSON) and up to 3 parts named `file` (JPG, JPEG, PNG, PDF, XML, ZIP; 1000 KB each). Honours `Idempotency-Key`: it covers the ticket's fields and the files' names (not their bytes); a repeat answers the first ticket with `Idempotent-Replayed: true`, a repeat that differs there is 422 `idempotency_key_reused` with `details.ticket`.",
    request_body(content = CreateTicketRequest, content_type = "application/json"),
    params(("Idempotency-Key" = Option<String>, Header, pattern = r"^[\x21-\x7E]{1,200}$", description = "1 to 200 visible ASCII characters; a repeat with the same key returns the first result")),
    responses((status = 201, body = Ticket), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(State(st): State<AppState>, auth: Auth, req: Request) -> ApiResult<Response> {
    let key = idempotency_key(req.headers())?;
    let (body, upload) = if is_multipart(req.headers()) {
        // Who may upload is checked before the (large) body is read.
        st.read(auth.clone(), |_, c| may_open(c)).await?;
        let ApiMultipart(mp) = ApiMultipart::from_request(req, &st).await?;
        let (upload, texts) = read_multipart(mp, &["ticket"], &super::TICKET_FILES).await?;
        let raw = texts.get("ticket").ok_or_else(|| {
            ApiError::invalid(
                "ticket",
                "the multipart body needs a `ticket` part with the ticket JSON",
            )
        })?;
        let body: CreateTicketRequest =
            crate::server::extract::json_object(raw.as_bytes(), Some("ticket"))?;
        (body, upload)
    } else {
        let ApiJson(body) = ApiJson::<CreateTicketRequest>::from_request(req, &st).await?;
        (body, Upload { files: vec![] })
    };
    validate_ticket(&body)?;
    // What the key covers: the ticket's fields and its files' names — not the files'
    // bytes, so a CI re-run that zips its log again (other timestamps, same build) replays
    // the ticket it opened instead of being refused.
    let canonical = serde_json::to_vec(&body).map_err(ApiError::internal)?;
    let mut parts: Vec<&[u8]> = vec![b"POST /tickets", &canonical];
    for f in &upload.files {
        parts.push(f.filename.as_bytes());
    }
    let hash = request_hash(&parts);
    let url = st.public_url.clone();
    let reopen_within = st.settings.reopen_within;
    let (status, text, replayed) = st
        .write(auth, move |repo, caller| {
            may_open(caller)?;
            let scope = caller.ticket_scope()?;
            let user = &caller.user;
            if let Some(prev) = replay(repo, user.id, key.as_deref(), &hash)? {
                return Ok((StatusCode::from_u16(prev.status).unwrap_or(StatusCode::CREATED), prev.body, true));
            }
            let company = user.company_id.unwrap_or_default();
            let contract = repo.catalog(Some(company))?;
            let wanted = crate::wire::CatalogPath {
                macro_area: body.macro_area.clone(),
                area: body.area.clone(),
                section: body.section.clone(),
            };
            let section = find_section(&contract, &wanted).ok_or_else(|| {
                ApiError::new(
                    StatusCode::FORBIDDEN,
                    "section_not_in_contract",
                    format!(
                        "`{} › {} › {}` is not enabled in your contract; see the enabled sections with `lhs catalog` (GET /api/v1/catalog)",
                        body.macro_area, body.area, body.section
                    ),
                )
                .with_details(json!({ "field": "section" }))
            })?;
            let now = clock::now();
            let id = repo.insert_ticket(
                &NewTicket {
                    company_id: company,
                    creator_id: user.id,
                    section_id: section,
                    subject: body.subject.clone(),
                    description: body.description.clone(),
                    priority: body.priority.unwrap_or(Priority::Normale),
                    notify_email: body.notify_email.clone(),
                },
                &now,
            )?;
            for f in &upload.files {
                repo.insert_attachment(id, user.id, f, &now)?;
            }
            let t = load(repo, scope, id)?;
            mail::ticket_event(repo, &t, TicketEvent::Created, &t.customer_recipients(), &url, &now)?;
            let v = view(repo, &t, caller, reopen_within)?;
            let text = remember(repo, user.id, key.as_deref(), &hash, StatusCode::CREATED, &v, &now)?;
            Ok((StatusCode::CREATED, text, false))
        })
        .await?;
    Ok(json_response(status, text, replayed))
}

// ---------------------------------------------------------------------------------------------
// View and actions

#[utoipa::path(get, path = "/api/v1/tickets/{number}", tag = "tickets",
    params(("number" = i64, Path)),
    responses((status = 200, body = Ticket), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(number): ApiPath<i64>,
) -> ApiResult<axum::Json<Ticket>> {
    let reopen_within = st.settings.reopen_within;
    let t = st
        .read(auth, move |repo, c| {
            let t = load(repo, c.ticket_scope()?, number)?;
            view(repo, &t, c, reopen_within)
        })
        .await?;
    Ok(axum::Json(t))
}

/// Applies `action` to ticket `number` after the state machine allows it; `apply` does the
/// action's own writes.
async fn act(
    st: &AppState,
    auth: Auth,
    number: i64,
    action: Action,
    staff_only: bool,
    mut apply: impl FnMut(&dyn Repo, &mut TicketRow, &Caller, &str) -> ApiResult<()> + Send + 'static,
) -> ApiResult<Ticket> {
    let reopen_within = st.settings.reopen_within;
    st.write(auth, move |repo, caller| {
        if staff_only {
            caller.require_staff()?;
        }
        let scope = caller.ticket_scope()?;
        let mut t = load(repo, scope, number)?;
        let tr = transition(t.state, caller.ticket_actor(t.technician_id), action)
            .map_err(|r| refusal(number, t.state, action, r))?;
        let now = clock::now();
        t.state = tr.to;
        t.updated_at.clone_from(&now);
        apply(repo, &mut t, caller, &now)?;
        let t = load(repo, scope, number)?;
        view(repo, &t, caller, reopen_within)
    })
    .await
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
    if req.subject.is_none() && req.priority.is_none() && req.notify_email.is_none() {
        return Err(ApiError::invalid(
            "subject",
            "nothing to change: give `subject`, `priority` or `notify_email`",
        ));
    }
    if let Some(s) = &req.subject {
        check_text("subject", s, 200)?;
    }
    if let Some(Some(e)) = &req.notify_email {
        crate::domain::validate::email(e).map_err(|m| ApiError::invalid("notify_email", m))?;
    }
    let t = act(
        &st,
        auth,
        number,
        Action::Edit,
        false,
        move |repo, t, _, _| {
            if let Some(s) = &req.subject {
                t.subject.clone_from(s);
            }
            if let Some(p) = req.priority {
                t.priority = p;
            }
            if let Some(e) = &req.notify_email {
                t.notify_email.clone_from(e);
            }
            Ok(repo.edit_ticket(t)?)
        },
    )
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
    if let Some(c) = &req.comment {
        check_long_text("comment", c, 50_000)?;
    }
    let url = st.public_url.clone();
    let window = st.settings.reopen_within;
    let t = act(
        &st,
        auth,
        number,
        Action::Reopen,
        false,
        move |repo, t, caller, now| {
            // `act` has already moved the state on: the window counts from `closed_at`.
            let until = t
                .closed_at
                .as_deref()
                .filter(|_| !window.is_zero())
                .and_then(|c| clock::after(c, window));
            match until {
                Some(until) if until.as_str() >= now => {}
                until => {
                    let closed = t.closed_at.clone().unwrap_or_default();
                    let why = if until.is_none() {
                        "this server does not reopen tickets".to_owned()
                    } else {
                        format!(
                            "it was closed at {closed}, longer ago than the server's reopen window"
                        )
                    };
                    return Err(ApiError::conflict(
                        "reopen_window_passed",
                        format!(
                            "ticket {} cannot be reopened: {why}; open a new ticket",
                            t.id
                        ),
                    )
                    .with_details(json!({ "closed_at": closed, "reopen_until": until })));
                }
            }
            t.state = if t.technician_id.is_some() {
                TicketState::InCarico
            } else {
                TicketState::Inserito
            };
            t.closed_at = None;
            t.closed_by = None;
            repo.update_ticket(t)?;
            let me = &caller.user;
            if let Some(c) = &req.comment {
                repo.insert_comment(t.id, me.id, "comment", c, 0, now)?;
            }
            let mut to = Vec::new();
            if t.creator_id != me.id {
                to.extend(t.customer_recipients());
            }
            if let Some(tech) = t.technician_recipient()
                && t.technician_id != Some(me.id)
            {
                to.push(tech);
            }
            let author = me.full_name();
            Ok(mail::ticket_event(
                repo,
                t,
                TicketEvent::Reopened {
                    by: &author,
                    comment: req.comment.as_deref(),
                },
                &to,
                &url,
                now,
            )?)
        },
    )
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
    let url = st.public_url.clone();
    let t = act(
        &st,
        auth,
        number,
        Action::Close,
        false,
        move |repo, t, caller, now| {
            let by = if caller.is_staff() {
                "staff"
            } else {
                "customer"
            };
            close_ticket(repo, t.clone(), by, &url, now)?;
            Ok(())
        },
    )
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
    let url = st.public_url.clone();
    let t = act(
        &st,
        auth,
        number,
        Action::Take,
        true,
        move |repo, t, caller, now| {
            t.technician_id = Some(caller.user.id);
            t.technician_account = Some(caller.user.account.clone());
            repo.update_ticket(t)?;
            Ok(mail::ticket_event(
                repo,
                t,
                TicketEvent::Taken,
                &t.customer_recipients(),
                &url,
                now,
            )?)
        },
    )
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
    check_long_text("body", &req.body, 50_000)?;
    if !(0..=100_000).contains(&req.minutes) {
        return Err(ApiError::invalid(
            "minutes",
            "`minutes` must be from 0 to 100000",
        ));
    }
    let url = st.public_url.clone();
    let t = act(&st, auth, number, Action::Reply, true, move |repo, t, caller, now| {
        if req.minutes > 0 {
            let balance = repo.balance(t.company_id)?;
            if balance - req.minutes < 0 && !req.allow_overdraft {
                return Err(ApiError::conflict(
                    "insufficient_balance",
                    format!(
                        "customer {} has {balance} SMART minutes left, the reply needs {}; grant minutes first or reply with overdraft allowed",
                        t.company_code, req.minutes
                    ),
                )
                .with_details(json!({ "customer": t.company_code, "balance_minutes": balance, "requested_minutes": req.minutes })));
            }
            repo.add_movement(t.company_id, -req.minutes, "consumption", Some(t.id), Some(&format!("ticket {}", t.id)), Some(caller.user.id), now)?;
        }
        repo.insert_comment(t.id, caller.user.id, "reply", &req.body, req.minutes, now)?;
        t.minutes += req.minutes;
        if t.technician_id.is_none() {
            t.technician_id = Some(caller.user.id);
        }
        t.answered_at = Some(now.to_owned());
        repo.update_ticket(t)?;
        Ok(mail::ticket_event(repo, t, TicketEvent::Answered { body: &req.body }, &t.customer_recipients(), &url, now)?)
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
    check_long_text("body", &req.body, 50_000)?;
    let key = idempotency_key(&headers)?;
    let hash = request_hash(&[
        format!("POST /tickets/{number}/comments").as_bytes(),
        req.body.as_bytes(),
    ]);
    let url = st.public_url.clone();
    let reopen_within = st.settings.reopen_within;
    let (status, text, replayed) = st
        .write(auth, move |repo, caller| {
            let scope = caller.ticket_scope()?;
            let me = &caller.user;
            if let Some(prev) = replay(repo, me.id, key.as_deref(), &hash)? {
                return Ok((
                    StatusCode::from_u16(prev.status).unwrap_or(StatusCode::CREATED),
                    prev.body,
                    true,
                ));
            }
            let mut t = load(repo, scope, number)?;
            let tr = transition(
                t.state,
                caller.ticket_actor(t.technician_id),
                Action::Comment,
            )
            .map_err(|r| refusal(number, t.state, Action::Comment, r))?;
            let now = clock::now();
            repo.insert_comment(t.id, me.id, "comment", &req.body, 0, &now)?;
            t.state = tr.to;
            t.updated_at.clone_from(&now);
            repo.update_ticket(&t)?;
            let mut to = Vec::new();
            if t.creator_id != me.id {
                to.extend(t.customer_recipients());
            }
            if let Some(tech) = t.technician_recipient()
                && t.technician_id != Some(me.id)
                && !caller.is_staff()
            {
                to.push(tech);
            }
            let author = me.full_name();
            mail::ticket_event(
                repo,
                &t,
                TicketEvent::Comment {
                    author: &author,
                    body: &req.body,
                },
                &to,
                &url,
                &now,
            )?;
            let t = load(repo, scope, number)?;
            let v = view(repo, &t, caller, reopen_within)?;
            let text = remember(
                repo,
                me.id,
                key.as_deref(),
                &hash,
                StatusCode::CREATED,
                &v,
                &now,
            )?;
            Ok((StatusCode::CREATED, text, false))
        })
        .await?;
    Ok(json_response(status, text, replayed))
}

// ---------------------------------------------------------------------------------------------
// Attachments

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
    st.read(auth.clone(), |_, c| c.ticket_scope().map(|_| ()))
        .await?;
    let ApiMultipart(mp) = ApiMultipart::from_request(req, &st).await?;
    let (upload, _) = read_multipart(mp, &[], &super::TICKET_FILES).await?;
    if upload.files.is_empty() {
        return Err(ApiError::invalid("files", "no file in the upload"));
    }
    let t = act(
        &st,
        auth,
        number,
        Action::Attach,
        false,
        move |repo, t, caller, now| {
            for f in &upload.files {
                repo.insert_attachment(t.id, caller.user.id, f, now)?;
            }
            Ok(repo.update_ticket(t)?)
        },
    )
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
        .read(auth, move |repo, c| {
            let t = load(repo, c.ticket_scope()?, number)?;
            Ok(repo.attachments(t.id)?)
        })
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
        .read(auth, move |repo, c| {
            repo.attachment_data(c.ticket_scope()?, number, id)?
                .ok_or_else(|| {
                    ApiError::not_found(format!("attachment {id} of ticket {number} not found"))
                })
        })
        .await?;
    Ok(super::file_response(
        &meta.filename,
        &meta.content_type,
        data,
    ))
}
