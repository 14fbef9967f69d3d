//! A ticket at the help desk: everything the customer sees, with the customer's SMART
//! balance, and what the desk does — Prendi in carico, Rispondi with the minutes spent (an
//! overdraft is refused unless allowed, before anything is debited), the priority, closing
//! and reopening. Every form carries the ticket's version: when another technician or the
//! customer changed it meanwhile, nothing is done and the page says so.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::super::ticket::ShownComment;
use super::super::tickets::when;
use super::super::{Chrome, FieldError, Visitor, render_status};
use crate::domain::ticket::{Action, Priority};
use crate::server::AppState;
use crate::server::service::{self, customers, files, tickets};
use crate::wire::{EditTicketRequest, ReopenRequest, ReplyRequest, Ticket};

#[derive(Template)]
#[template(path = "desk_ticket.html", config = "assets/askama.toml")]
pub struct DeskTicketPage {
    pub chrome: Chrome,
    pub notice: Option<String>,
    pub tk: Ticket,
    pub created: String,
    pub comments: Vec<ShownComment>,
    /// The customer's SMART balance in minutes.
    pub balance: i64,
    /// The addresses the customer's side is mailed at.
    pub notified: String,
    pub can_take: bool,
    pub can_reply: bool,
    pub can_edit: bool,
    pub can_close: bool,
    pub can_attach: bool,
    pub can_reopen: bool,
    pub priorities: Vec<(&'static str, &'static str)>,
    /// What was typed in a refused reply.
    pub draft: String,
    pub minutes: String,
}
chrome!(DeskTicketPage);

#[derive(Debug, Deserialize, Default)]
pub struct Done {
    fatto: Option<String>,
}

struct Again {
    problem: Option<String>,
    errors: Vec<FieldError>,
    draft: String,
    minutes: String,
}

async fn page(
    st: &AppState,
    v: &Visitor,
    number: i64,
    notice: Option<String>,
    again: Again,
) -> Response {
    let env = st.env();
    let got = super::read(st, v, move |r, c| {
        let tk = tickets::show(r, c, &env, number)?;
        let balance = customers::balance(r, c, &tk.summary.customer_code)?;
        let notified = tickets::notified(r, c, number)?;
        Ok((tk, balance, notified))
    })
    .await;
    let ((tk, balance, notified), who) = match got {
        Ok(x) => x,
        Err(page) => return page,
    };
    let lang = v.lang;
    let t = lang.ui();
    let comments = super::super::ticket::thread(&tk, lang);
    // As every page: 409 for an action refused as a whole, 422 for fields to put right.
    let status = if again.problem.is_some() {
        axum::http::StatusCode::CONFLICT
    } else if again.errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        &DeskTicketPage {
            chrome: Chrome::new(v, format!("/desk/ticket/{number}"))
                .errors(again.errors)
                .problem(again.problem.clone())
                .signed_in(None, who),
            notice,
            created: when(&tk.summary.created_at, lang),
            comments,
            balance,
            notified: notified.join(", "),
            can_take: tk.actions.contains(&Action::Take),
            can_reply: tk.actions.contains(&Action::Reply),
            can_edit: tk.actions.contains(&Action::Edit),
            can_close: tk.actions.contains(&Action::Close),
            can_attach: tk.actions.contains(&Action::Attach),
            can_reopen: tk.actions.contains(&Action::Reopen),
            priorities: [Priority::Normale, Priority::Bloccante, Priority::Priority]
                .map(|p| (p.as_str(), t.priority(p)))
                .to_vec(),
            tk,
            draft: again.draft,
            minutes: again.minutes,
        },
        status,
    )
}

pub async fn show(
    State(st): State<AppState>,
    v: Visitor,
    Path(number): Path<i64>,
    Query(d): Query<Done>,
) -> Response {
    let t = v.lang.ui();
    let notice = d.fatto.map(|what| match what.as_str() {
        "preso" => t.desk_taken.to_owned(),
        "risposto" => t.desk_answered.to_owned(),
        "chiuso" => t.ticket_closed_here.to_owned(),
        "riaperto" => t.ticket_reopened.to_owned(),
        "allegati" => t.files_attached.to_owned(),
        _ => t.user_saved.to_owned(),
    });
    page(
        &st,
        &v,
        number,
        notice,
        Again {
            problem: None,
            errors: vec![],
            draft: String::new(),
            minutes: String::new(),
        },
    )
    .await
}

/// Every form of the page: its token, the ticket's version as shown, and its own fields.
#[derive(Debug, Deserialize)]
pub struct ActForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    versione: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    scoperto: Option<String>,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    comment: String,
}

/// `POST /desk/ticket/N/{prendi,rispondi,priorita,chiudi,riapri}`.
pub async fn act(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path((number, action)): Path<(i64, String)>,
    Form(f): Form<ActForm>,
) -> Response {
    let auth = match super::super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let t = v.lang.ui();
    let keep = |problem: Option<String>, errors: Vec<FieldError>| Again {
        problem,
        errors,
        draft: f.body.clone(),
        minutes: f.minutes.clone(),
    };
    // The page's own checks of a reply: words, and minutes that are a whole number (their
    // range is the service's, said beside the field too).
    let minutes = if action == "rispondi" {
        let mut errors = Vec::new();
        if f.body.trim().is_empty() {
            errors.push(FieldError {
                field: "body",
                message: t.enter_reply.into(),
            });
        }
        let m = f.minutes.trim();
        let minutes = if m.is_empty() {
            Some(0)
        } else {
            m.parse::<i64>().ok()
        };
        if minutes.is_none() {
            errors.push(FieldError {
                field: "minutes",
                message: t.enter_minutes.into(),
            });
        }
        if !errors.is_empty() {
            return page(&st, &v, number, None, keep(None, errors)).await;
        }
        minutes.unwrap_or(0)
    } else {
        0
    };
    let env = st.env();
    let version = f.versione.clone();
    let (body, overdraft, priority, comment) = (
        f.body.clone(),
        f.scoperto.is_some(),
        f.priority.parse::<Priority>().ok(),
        Some(f.comment.trim().to_owned()).filter(|c| !c.is_empty()),
    );
    let what = action.clone();
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            tickets::unchanged(r, c, number, &version)?;
            match what.as_str() {
                "prendi" => tickets::take(r, c, &env, number)?,
                "rispondi" => tickets::reply(
                    r,
                    c,
                    &env,
                    number,
                    &ReplyRequest {
                        body: body.clone(),
                        minutes,
                        allow_overdraft: overdraft,
                    },
                )?,
                "priorita" => tickets::edit(
                    r,
                    c,
                    &env,
                    number,
                    &EditTicketRequest {
                        subject: None,
                        priority,
                        notify_email: None,
                    },
                )?,
                "chiudi" => tickets::close(r, c, &env, number)?,
                "riapri" => tickets::reopen(
                    r,
                    c,
                    &env,
                    number,
                    &ReopenRequest {
                        comment: comment.clone(),
                    },
                )?,
                _ => return Ok(false),
            };
            Ok(true)
        })
        .await;
    let word = match action.as_str() {
        "prendi" => "preso",
        "rispondi" => "risposto",
        "chiudi" => "chiuso",
        "riapri" => "riaperto",
        _ => "salvato",
    };
    match done {
        Ok(true) => Redirect::to(&format!("/desk/ticket/{number}?fatto={word}")).into_response(),
        Ok(false) => super::super::not_found(&v),
        // A reply's own field refused by the rules: beside that field, as typed.
        Err(e @ service::Error::Invalid { .. })
            if action == "rispondi" && matches!(e.field(), Some("body" | "minutes")) =>
        {
            let field = if e.field() == Some("minutes") {
                "minutes"
            } else {
                "body"
            };
            let errors = vec![FieldError {
                field,
                message: super::super::say(v.lang, &e),
            }];
            page(&st, &v, number, None, keep(None, errors)).await
        }
        // Refusals the desk can act on, said on the ticket itself with what was typed.
        Err(
            e @ (service::Error::TicketChanged(_)
            | service::Error::InsufficientBalance { .. }
            | service::Error::Transition { .. }
            | service::Error::ReopenWindowPassed { .. }
            | service::Error::Invalid { .. }),
        ) => {
            let text = super::super::say(v.lang, &e);
            page(&st, &v, number, None, keep(Some(text), vec![])).await
        }
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}

/// `POST /desk/ticket/N/allegati`: files added by the desk, under the manual's rules (the
/// customer is told, as for an answer).
pub async fn attach(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(number): Path<i64>,
    mp: axum::extract::Multipart,
) -> Response {
    let posted = super::super::upload::read(mp, &files::TICKET_FILES, v.lang).await;
    let auth = match super::super::posted(&v, &headers, &posted.text("csrf")) {
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
        let again = Again {
            problem: None,
            errors: vec![FieldError {
                field: "file",
                message,
            }],
            draft: String::new(),
            minutes: String::new(),
        };
        return page(&st, &v, number, None, again).await;
    }
    let env = st.env();
    let uploaded = posted.files;
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            tickets::attach(r, c, &env, number, &uploaded)?;
            Ok(true)
        })
        .await;
    match done {
        Ok(true) => Redirect::to(&format!("/desk/ticket/{number}?fatto=allegati#attachments"))
            .into_response(),
        Ok(false) => super::super::not_found(&v),
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}
