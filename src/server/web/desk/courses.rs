//! "Corsi" at the desk: the courses to come with their seats, who enrolled in each, and a
//! new course (its start typed as the server's local day and time). `service::courses`, as
//! `lhs desk courses add|enrolments` and the API.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::TimeZone;
use serde::Deserialize;

use super::super::pager::{Links, Place};
use super::super::tickets::when;
use super::super::{Chrome, FieldError, Visitor, render};
use crate::server::AppState;
use crate::server::service::{self, courses};
use crate::wire::{Course, CourseQuery, Enrolment, NewCourseRequest};

const BASE: &str = "/desk/corsi";

pub struct Row {
    pub id: i64,
    pub title: String,
    pub starts: String,
    pub seats: i64,
    pub taken: i64,
}

#[derive(Debug, Default, Deserialize)]
pub struct NewCourse {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub day: String,
    #[serde(default)]
    pub time: String,
    #[serde(default)]
    pub seats: String,
}

#[derive(Template)]
#[template(path = "desk_courses.html", config = "assets/askama.toml")]
pub struct CoursesPage {
    pub chrome: Chrome,
    pub rows: Vec<Row>,
    pub links: Links,
    pub typed: NewCourse,
    pub zone: String,
    pub notice: Option<String>,
}
chrome!(CoursesPage);

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(flatten)]
    place: Place,
    aggiunto: Option<String>,
}

pub async fn list(State(st): State<AppState>, v: Visitor, Query(q): Query<ListQuery>) -> Response {
    let notice = q
        .aggiunto
        .as_deref()
        .map(|title| v.lang.ui().course_added.replace("{title}", title));
    page(&st, &v, &q.place, notice, vec![], NewCourse::default()).await
}

fn row(c: Course, lang: crate::server::i18n::Lang) -> Row {
    Row {
        starts: when(&c.starts_at, lang),
        taken: c.seats - c.seats_left,
        id: c.id,
        title: c.title,
        seats: c.seats,
    }
}

async fn page(
    st: &AppState,
    v: &Visitor,
    place: &Place,
    notice: Option<String>,
    errors: Vec<FieldError>,
    typed: NewCourse,
) -> Response {
    let q = CourseQuery {
        mine: None,
        limit: Some(50),
        cursor: place.cursor(),
    };
    let (list, who) = match super::read(st, v, move |r, c| courses::list(r, c, &q)).await {
        Ok(x) => x,
        Err(page) => return page,
    };
    let next = list.next_cursor.filter(|_| list.has_more);
    render(&CoursesPage {
        chrome: Chrome::new(v, BASE).errors(errors).signed_in(None, who),
        links: place.links(BASE, &[], next),
        rows: list.items.into_iter().map(|c| row(c, v.lang)).collect(),
        typed,
        zone: chrono::Local::now().format("%Z, UTC%:z").to_string(),
        notice,
    })
}

/// The start typed as the server's local day (`2027-01-15`, or `15/01/2027`) and time.
fn start_of(day: &str, time: &str) -> Option<String> {
    let d = chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(day.trim(), "%d/%m/%Y"))
        .ok()?;
    let t = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
    let local = chrono::Local
        .from_local_datetime(&d.and_time(t))
        .earliest()?;
    Some(local.to_rfc3339())
}

/// `POST /desk/corsi`: a new course; every field's refusal at once.
pub async fn create(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(f): Form<NewCourse>,
) -> Response {
    let auth = match super::super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let t = v.lang.ui();
    let req = NewCourseRequest {
        title: f.title.trim().to_owned(),
        description: Some(f.description.trim().to_owned()).filter(|d| !d.is_empty()),
        // Unreadable here, refused by the rules as a start without a zone.
        starts_at: start_of(&f.day, &f.time).unwrap_or_default(),
        // Not a number: refused by the rules as out of range.
        seats: f.seats.trim().parse::<i64>().unwrap_or(0),
    };
    // Every refusal of the rules at once, in the form's order and words.
    let errors: Vec<FieldError> = courses::refusals_of_new(&req)
        .iter()
        .map(|e| {
            let field = match e.field() {
                Some("description") => "description",
                Some("starts_at") => "day",
                Some("seats") => "seats",
                _ => "title",
            };
            FieldError {
                field,
                message: match field {
                    "title" if req.title.is_empty() => t.enter_course_title.into(),
                    "day" => t.enter_course_start.into(),
                    "seats" => t.enter_seats.into(),
                    _ => super::super::say(v.lang, e),
                },
            }
        })
        .collect();
    if !errors.is_empty() {
        return page(&st, &v, &Place::default(), None, errors, f).await;
    }
    let title = req.title.clone();
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            courses::add(r, c, &req)?;
            Ok(true)
        })
        .await;
    match done {
        Ok(true) => Redirect::to(&format!(
            "{BASE}?aggiunto={}",
            form_urlencoded::byte_serialize(title.as_bytes()).collect::<String>()
        ))
        .into_response(),
        Ok(false) => super::super::not_found(&v),
        Err(e @ service::Error::Invalid { .. }) => {
            let errors = vec![FieldError {
                field: "title",
                message: super::super::say(v.lang, &e),
            }];
            page(&st, &v, &Place::default(), None, errors, f).await
        }
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}

pub struct Enrolled {
    pub name: String,
    pub account: String,
    pub customer: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "desk_course.html", config = "assets/askama.toml")]
pub struct CoursePage {
    pub chrome: Chrome,
    pub course: Row,
    pub description: String,
    pub enrolled: Vec<Enrolled>,
}
chrome!(CoursePage);

/// `GET /desk/corsi/{id}`: the course and who enrolled.
pub async fn show(State(st): State<AppState>, v: Visitor, Path(id): Path<i64>) -> Response {
    let got = super::read(&st, &v, move |r, c| {
        Ok((courses::show(r, c, id)?, courses::enrolments(r, c, id)?))
    })
    .await;
    match got {
        Ok(((course, list), who)) => render(&CoursePage {
            chrome: Chrome::new(&v, format!("{BASE}/{id}")).signed_in(None, who),
            description: course.description.clone(),
            course: row(course, v.lang),
            enrolled: list
                .into_iter()
                .map(|e: Enrolment| Enrolled {
                    name: format!("{} {}", e.name, e.surname),
                    account: e.account,
                    customer: e.customer_code,
                    when: when(&e.enrolled_at, v.lang),
                })
                .collect(),
        }),
        Err(page) => page,
    }
}
