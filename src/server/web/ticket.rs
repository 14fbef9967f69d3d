//! "Dettagli ticket": every field of one ticket, its attachments (downloaded, never shown
//! inline), the comment thread newest first with a count, adding a comment, "Ok, risolto"
//! (closing, `tickets::close`), and "Riapri" within the reopen window. Each action is a
//! `service::tickets` use case; another company's ticket is not found, whatever the URL.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::tickets::when;
use super::{Chrome, FieldError, Visitor, render};
use crate::domain::ticket::Action;
use crate::server::AppState;

use crate::server::service::{self, tickets};
use crate::wire::{ReopenRequest, Ticket};

/// A comment as the thread shows it.
pub struct ShownComment {
    pub author: String,
    pub role: String,
    pub when: String,
    pub body: String,
    pub reply: bool,
    pub minutes: i64,
}

/// The ticket's comments as the thread shows them: newest first.
pub fn thread(tk: &Ticket, lang: crate::server::i18n::Lang) -> Vec<ShownComment> {
    tk.comments
        .iter()
        .rev()
        .map(|c| ShownComment {
            author: c.author_name.clone(),
            role: c.author_role.clone(),
            when: when(&c.created_at, lang),
            body: c.body.clone(),
            reply: c.kind == "reply",
            minutes: c.minutes,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "ticket.html", config = "assets/askama.toml")]
pub struct TicketPage {
    pub chrome: Chrome,
    pub notice: Option<&'static str>,
    pub tk: Ticket,
    pub created: String,
    pub closed: Option<String>,
    pub comments: Vec<ShownComment>,
    pub can_comment: bool,
    pub can_close: bool,
    pub can_reopen: bool,
    pub can_attach: bool,
    /// The comment typed, kept when it comes back refused.
    pub draft: String,
}

chrome!(TicketPage);

#[derive(Debug, Deserialize, Default)]
pub struct Done {
    aperto: Option<String>,
    allegati: Option<String>,
    commentato: Option<String>,
    riaperto: Option<String>,
    chiuso: Option<String>,
}

/// The page of ticket `number`, with `errors` and the `draft` of a refused comment.
async fn page(
    st: &AppState,
    v: &Visitor,
    number: i64,
    notice: Option<&'static str>,
    errors: Vec<FieldError>,
    draft: String,
) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(v, None);
    };
    let env = st.env();
    let got = st
        .service_read(auth, move |r, c| {
            Ok((
                tickets::show(r, c, &env, number)?,
                c.banner.clone(),
                c.user.account.clone(),
            ))
        })
        .await;
    let (tk, banner, who) = match got {
        Ok(x) => x,
        Err(e) => return super::signed_in_refusal(v, &e),
    };
    let lang = v.lang;
    let comments = thread(&tk, lang);
    render(&TicketPage {
        chrome: Chrome::new(v, format!("/ticket/{number}"))
            .errors(errors)
            .signed_in(banner, who),
        notice,
        created: when(&tk.summary.created_at, lang),
        closed: tk.summary.closed_at.as_deref().map(|c| when(c, lang)),
        comments,
        can_comment: tk.actions.contains(&Action::Comment),
        can_close: tk.actions.contains(&Action::Close),
        can_reopen: tk.actions.contains(&Action::Reopen),
        can_attach: tk.actions.contains(&Action::Attach),
        tk,
        draft,
    })
}

/// `GET /ticket/N/versione`: the ticket's version, as plain text, for the page's script to
/// notice a change (the desk's answer, another technician) within two seconds, on any
/// instance: it reads the shared database.
pub async fn version(State(st): State<AppState>, v: Visitor, Path(number): Path<i64>) -> Response {
    let Some(auth) = v.auth() else {
        return axum::http::StatusCode::UNAUTHORIZED.into_response();
    };
    match st
        .service_read(auth, move |r, c| tickets::version(r, c, number))
        .await
    {
        Ok(version) => (
            [(
                axum::http::header::CONTENT_TYPE,
                "text/plain; charset=utf-8",
            )],
            version,
        )
            .into_response(),
        Err(e) => (crate::server::error::status_of(&e), String::new()).into_response(),
    }
}

pub async fn show(
    State(st): State<AppState>,
    v: Visitor,
    Path(number): Path<i64>,
    Query(d): Query<Done>,
) -> Response {
    let t = v.lang.ui();
    let notice = if d.aperto.is_some() {
        Some(t.ticket_opened)
    } else if d.allegati.is_some() {
        Some(t.files_attached)
    } else if d.commentato.is_some() {
        Some(t.comment_added)
    } else if d.riaperto.is_some() {
        Some(t.ticket_reopened)
    } else if d.chiuso.is_some() {
        Some(t.ticket_closed_here)
    } else {
        None
    };
    page(&st, &v, number, notice, vec![], String::new()).await
}

#[derive(Debug, Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
}

pub async fn comment(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(number): Path<i64>,
    Form(f): Form<CommentForm>,
) -> Response {
    let auth = match super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    if f.body.trim().is_empty() {
        let e = vec![FieldError {
            field: "body",
            message: v.lang.ui().enter_comment.into(),
        }];
        return page(&st, &v, number, None, e, f.body).await;
    }
    let env = st.env();
    let req = tickets::Comment {
        body: f.body.clone(),
        key: None,
    };
    match st
        .service_write(auth, move |r, c| tickets::comment(r, c, &env, number, &req))
        .await
    {
        Ok(_) => Redirect::to(&format!("/ticket/{number}?commentato#comments")).into_response(),
        Err(e @ service::Error::Invalid { .. }) => {
            let message = super::say(v.lang, &e);
            let errors = vec![FieldError {
                field: "body",
                message,
            }];
            page(&st, &v, number, None, errors, f.body).await
        }
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

#[derive(Debug, Deserialize)]
pub struct ReopenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    comment: String,
}

pub async fn reopen(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(number): Path<i64>,
    Form(f): Form<ReopenForm>,
) -> Response {
    let auth = match super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let env = st.env();
    let req = ReopenRequest {
        comment: Some(f.comment).filter(|c| !c.trim().is_empty()),
    };
    match st
        .service_write(auth, move |r, c| tickets::reopen(r, c, &env, number, &req))
        .await
    {
        Ok(_) => Redirect::to(&format!("/ticket/{number}?riaperto")).into_response(),
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

/// An attachment's bytes, always as a download.
pub async fn download(
    State(st): State<AppState>,
    v: Visitor,
    Path((number, id)): Path<(i64, i64)>,
) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    match st
        .service_read(auth, move |r, c| tickets::attachment(r, c, number, id))
        .await
    {
        Ok((meta, data)) => {
            crate::server::routes::file_response(&meta.filename, &meta.content_type, data)
        }
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

/// "Aggiungi allegati" on an open ticket: up to three files, the API's rules.
pub async fn attach(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(number): Path<i64>,
    mp: axum::extract::Multipart,
) -> Response {
    let posted =
        super::upload::read(mp, &crate::server::service::files::TICKET_FILES, v.lang).await;
    let auth = match super::posted(&v, &headers, &posted.text("csrf")) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let refused = posted.file_error.or_else(|| {
        posted
            .files
            .is_empty()
            .then(|| v.lang.ui().choose_files.to_owned())
    });
    if let Some(message) = refused {
        let errors = vec![FieldError {
            field: "file",
            message,
        }];
        return page(&st, &v, number, None, errors, String::new()).await;
    }
    let env = st.env();
    let files = posted.files;
    match st
        .service_write(auth, move |r, c| {
            tickets::attach(r, c, &env, number, &files)
        })
        .await
    {
        Ok(_) => Redirect::to(&format!("/ticket/{number}?allegati#attachments")).into_response(),
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}
