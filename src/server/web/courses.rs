//! Corsi on-line: the calendar of the courses to come (or the visitor's own, past ones too),
//! with the seats left, and enrolling or withdrawing with one button. `service::courses`
//! decides: `corsi=read` shows the calendar, `corsi=enrol` enrols, only with the company's
//! courses subscription, before the start and while seats are left.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::pager::{Links, Place};
use super::tickets::when;
use super::{Chrome, Visitor};
use crate::server::AppState;

use crate::server::service::{self, courses};
use crate::wire::CourseQuery;

const BASE: &str = "/corsi";

pub struct Row {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub when: String,
    pub seats: String,
    pub full: bool,
    pub enrolled: bool,
    /// The course has not started: enrolling or withdrawing is still possible.
    pub upcoming: bool,
}

#[derive(Template)]
#[template(path = "courses.html", config = "assets/askama.toml")]
pub struct CoursesPage {
    pub chrome: Chrome,
    pub mine: bool,
    pub rows: Vec<Row>,
    /// Whether the visitor may enrol (`corsi=enrol`, a user of a customer).
    pub may_enrol: bool,
    pub notice: Option<String>,
    pub links: Links,
}
chrome!(CoursesPage);

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    /// `1`: only the visitor's own courses.
    #[serde(default)]
    miei: Option<String>,
    #[serde(flatten)]
    place: Place,
    iscritto: Option<i64>,
    ritirato: Option<i64>,
}

pub async fn list(State(st): State<AppState>, v: Visitor, Query(lq): Query<ListQuery>) -> Response {
    page(&st, &v, lq, None).await
}

async fn page(st: &AppState, v: &Visitor, lq: ListQuery, problem: Option<String>) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(v, None);
    };
    let mine = lq.miei.as_deref() == Some("1");
    let query = CourseQuery {
        mine: Some(mine),
        limit: Some(50),
        cursor: lq.place.cursor(),
    };
    let done = lq.iscritto.or(lq.ritirato);
    let got = st
        .service_read(auth, move |r, c| {
            let page = courses::list(r, c, &query)?;
            // The course just enrolled in or withdrawn from, for the notice.
            let done = done.and_then(|id| courses::show(r, c, id).ok());
            let may_enrol = courses::may_enrol(c);
            Ok((
                page,
                done,
                may_enrol,
                c.banner.clone(),
                c.user.account.clone(),
            ))
        })
        .await;
    let (found, done, may_enrol, banner, who) = match got {
        Ok(x) => x,
        Err(e) => return super::signed_in_refusal(v, &e),
    };
    let t = v.lang.ui();
    let notice = done.map(|c| {
        let words = if lq.iscritto.is_some() {
            t.enrolled_notice
        } else {
            t.withdrawn_notice
        };
        words.replace("{title}", &c.title)
    });
    let now = chrono::Utc::now();
    let rows = found
        .items
        .into_iter()
        .map(|c| Row {
            upcoming: chrono::DateTime::parse_from_rfc3339(&c.starts_at).is_ok_and(|s| s > now),
            when: when(&c.starts_at, v.lang),
            seats: t
                .seats_of
                .replace("{left}", &c.seats_left.to_string())
                .replace("{seats}", &c.seats.to_string()),
            full: c.seats_left == 0,
            enrolled: c.enrolled,
            id: c.id,
            title: c.title,
            description: c.description,
        })
        .collect();
    let next = found.next_cursor.filter(|_| found.has_more);
    let filters = [("miei", if mine { "1" } else { "" })];
    let links = lq.place.links(BASE, &filters, next);
    let here = lq.place.here(BASE, &filters);
    super::render(&CoursesPage {
        chrome: Chrome::new(v, here).problem(problem).signed_in(banner, who),
        mine,
        rows,
        may_enrol,
        notice,
        links,
    })
}

#[derive(Debug, Deserialize)]
pub struct Act {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    back: String,
}

/// "Iscriviti".
pub async fn enrol(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<Act>,
) -> Response {
    act(st, v, &headers, id, f, true).await
}

/// "Ritira l'iscrizione".
pub async fn withdraw(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<Act>,
) -> Response {
    act(st, v, &headers, id, f, false).await
}

async fn act(
    st: AppState,
    v: Visitor,
    headers: &HeaderMap,
    id: i64,
    f: Act,
    enrol: bool,
) -> Response {
    let auth = match super::posted(&v, headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let back = super::local_path(&f.back, BASE).unwrap_or_else(|| BASE.into());
    let done = st
        .service_write(auth, move |r, c| {
            if enrol {
                courses::enrol(r, c, id)
            } else {
                courses::withdraw(r, c, id)
            }
        })
        .await;
    let lq: ListQuery = back
        .split_once('?')
        .and_then(|(_, q)| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default();
    match done {
        Ok(_) => {
            let word = if enrol { "iscritto" } else { "ritirato" };
            let sep = if back.contains('?') { '&' } else { '?' };
            Redirect::to(&format!("{back}{sep}{word}={id}")).into_response()
        }
        // Full, started, not subscribed, already enrolled: said on the calendar itself.
        Err(
            e @ (service::Error::CourseFull(_)
            | service::Error::CourseStarted { .. }
            | service::Error::NoCoursesSubscription
            | service::Error::AlreadyEnrolled(_)
            | service::Error::NotEnrolled(_)),
        ) => {
            let text = super::say(v.lang, &e);
            page(&st, &v, lq, Some(text)).await
        }
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}
