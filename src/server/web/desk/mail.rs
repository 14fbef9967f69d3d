//! "Posta": the outbox as the desk sees it — queued, sent, and failed with the error — and
//! sending a failed mail again (one, or every failed one). `service::outbox`, as `lhs desk
//! outbox` and the API; a mail that carried a code which has since expired cannot be sent
//! again (the user must ask for a new code), and the page says so.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::super::tickets::when;
use super::super::{Chrome, Visitor, render};
use crate::server::AppState;
use crate::server::service::{self, outbox};
use crate::wire::OutboxQuery;

pub struct Shown {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub kind: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub failed: bool,
    pub attempts: i64,
    pub error: String,
    pub created: String,
    pub sent: String,
}

#[derive(Template)]
#[template(path = "desk_mail.html", config = "assets/askama.toml")]
pub struct MailPage {
    pub chrome: Chrome,
    /// The tab shown: "", `pending`, `sent`, `failed`.
    pub status: String,
    pub mails: Vec<Shown>,
    pub notice: Option<String>,
}
chrome!(MailPage);

#[derive(Debug, Deserialize, Default)]
pub struct MailQuery {
    #[serde(default)]
    stato: String,
    rinviate: Option<usize>,
}

pub async fn show(State(st): State<AppState>, v: Visitor, Query(q): Query<MailQuery>) -> Response {
    let t = v.lang.ui();
    let notice = q
        .rinviate
        .map(|n| t.mail_requeued.replace("{n}", &n.to_string()));
    page(&st, &v, q.stato, notice, None).await
}

async fn page(
    st: &AppState,
    v: &Visitor,
    status: String,
    notice: Option<String>,
    problem: Option<String>,
) -> Response {
    let status = match status.as_str() {
        "pending" | "sent" | "failed" => status,
        _ => String::new(),
    };
    let query = OutboxQuery {
        status: Some(status.clone()).filter(|s| !s.is_empty()),
        limit: Some(200),
    };
    let (mails, who) = match super::read(st, v, move |r, c| outbox::list(r, c, &query)).await {
        Ok(x) => x,
        Err(page) => return page,
    };
    let t = v.lang.ui();
    let here = if status.is_empty() {
        "/desk/posta".to_owned()
    } else {
        format!("/desk/posta?stato={status}")
    };
    render(&MailPage {
        chrome: Chrome::new(v, here).problem(problem).signed_in(None, who),
        mails: mails
            .into_iter()
            .map(|m| {
                let (label, class) = match m.status.as_str() {
                    "sent" => (t.mail_sent, "risposto"),
                    "failed" => (t.mail_failed, "chiuso"),
                    _ => (t.mail_pending, "inserito"),
                };
                Shown {
                    failed: m.status == "failed",
                    id: m.id,
                    to: m.to,
                    subject: m.subject,
                    kind: m.kind,
                    status: label,
                    status_class: class,
                    attempts: m.attempts,
                    error: m.last_error.unwrap_or_default(),
                    created: when(&m.created_at, v.lang),
                    sent: m.sent_at.map(|s| when(&s, v.lang)).unwrap_or_default(),
                }
            })
            .collect(),
        status,
        notice,
    })
}

#[derive(Debug, Deserialize)]
pub struct RetryForm {
    #[serde(default)]
    csrf: String,
    /// One mail's id; absent: every failed mail.
    #[serde(default)]
    id: Option<i64>,
    #[serde(default)]
    stato: String,
}

/// "Riprova": queues one failed mail again, or every failed one.
pub async fn retry(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(f): Form<RetryForm>,
) -> Response {
    let auth = match super::super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let ids = f.id.map(|id| vec![id]);
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(None);
            }
            Ok(Some(outbox::requeue(r, c, ids.as_deref())?.len()))
        })
        .await;
    match done {
        Ok(Some(n)) => Redirect::to(&format!("/desk/posta?rinviate={n}")).into_response(),
        Ok(None) => super::super::not_found(&v),
        Err(
            e @ (service::Error::MailSent(_)
            | service::Error::MailCodeExpired(_)
            | service::Error::NotFound(_)),
        ) => {
            let text = super::super::say(v.lang, &e);
            page(&st, &v, f.stato, None, Some(text)).await
        }
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}
