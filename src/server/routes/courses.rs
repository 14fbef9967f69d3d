//! Courses — `/courses`: the calendar (`corsi=read`), enrolment (`corsi=enrol`, only with the
//! company's courses subscription and while seats are left), the caller's own courses; adding
//! courses and reading their enrolments for the help desk.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiPath, ApiQuery, check_long_text, check_text};
use crate::domain::content::Access;
use crate::domain::course::{self, MAX_SEATS};
use crate::server::AppState;
use crate::server::auth::{Auth, Caller};
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::store::{CourseFilter, CourseRow, NewCourse, StoreError, Unique};
use crate::wire::{Course, CoursePage, Enrolment, ErrorBody, NewCourseRequest, Role};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, add))
        .routes(routes!(show))
        .routes(routes!(enrolments, enrol))
        .routes(routes!(withdraw))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CourseQuery {
    /// Only the courses the caller is enrolled in, past ones too (otherwise: the courses to
    /// come).
    pub mine: Option<bool>,
    /// Items per page (1 to 200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[0-9]{1,18}$")]
    pub cursor: Option<String>,
}

/// The caller's access to courses; `at_least` not reached is 403 naming the permission.
fn require(c: &Caller, at_least: Access) -> ApiResult<()> {
    if course::access(c.user.role, &c.user.permissions) < at_least {
        let what = if at_least == Access::Detail {
            "enrolling in courses"
        } else {
            "the courses area"
        };
        return Err(ApiError::forbidden(
            "permission_denied",
            format!(
                "{what} needs the permission {}; ask your company's Administrator",
                course::needed(at_least)
            ),
        ));
    }
    Ok(())
}

fn require_staff(c: &Caller) -> ApiResult<()> {
    Ok(c.require_staff_to(crate::server::service::error::StaffTask::ManageCourses)?)
}

fn wire(r: CourseRow) -> Course {
    Course {
        id: r.id,
        title: r.title,
        description: r.description,
        starts_at: r.starts_at,
        seats: r.seats,
        seats_left: (r.seats - r.enrolled).max(0),
        enrolled: r.mine,
    }
}

fn not_found(id: i64) -> ApiError {
    ApiError::not_found(format!("no course {id}"))
}

#[utoipa::path(get, path = "/api/v1/courses", tag = "courses",
    params(CourseQuery),
    responses((status = 200, body = CoursePage), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<CourseQuery>,
) -> ApiResult<axum::Json<CoursePage>> {
    let (limit, after) = super::page_params(q.limit, q.cursor.as_deref())?;
    let mine = q.mine.unwrap_or(false);
    let page = st
        .read(auth, move |repo, c| {
            require(c, Access::List)?;
            let f = CourseFilter {
                user: Some(c.user.id),
                only_mine: mine,
                from: (!mine).then(clock::now),
                after,
            };
            let (rows, has_more, next_cursor) =
                super::keyset(repo.courses(&f, limit + 1)?, limit, |r| r.id);
            Ok(CoursePage {
                items: rows.into_iter().map(wire).collect(),
                has_more,
                next_cursor,
            })
        })
        .await?;
    Ok(axum::Json(page))
}

#[utoipa::path(get, path = "/api/v1/courses/{id}", tag = "courses",
    params(("id" = i64, Path)),
    responses((status = 200, body = Course), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<axum::Json<Course>> {
    let c = st
        .read(auth, move |repo, c| {
            require(c, Access::List)?;
            repo.course(id, Some(c.user.id))?
                .map(wire)
                .ok_or_else(|| not_found(id))
        })
        .await?;
    Ok(axum::Json(c))
}

#[utoipa::path(post, path = "/api/v1/courses/{id}/enrolments", tag = "courses",
    description = "Enrols the caller: needs `corsi=enrol`, the company's courses subscription, a course still to come and a seat left.",
    params(("id" = i64, Path)),
    responses((status = 201, body = Course),
        (status = 403, description = "`permission_denied`, `no_courses_subscription`, or staff", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`already_enrolled`, `course_started` or `course_full`", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn enrol(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<(StatusCode, axum::Json<Course>)> {
    let c = st
        .write(auth, move |repo, c| {
            require(c, Access::Detail)?;
            let Some(company) = c.user.company_id.filter(|_| c.user.role != Role::Staff) else {
                return Err(ApiError::forbidden(
                    "company_users_only",
                    "only the users of a customer enrol in courses",
                ));
            };
            if !repo.courses_subscription(company)? {
                return Err(ApiError::forbidden(
                    "no_courses_subscription",
                    "your company has no courses subscription; ask the help desk to activate one",
                ));
            }
            let row = repo
                .course_for_enrolment(id, c.user.id)?
                .ok_or_else(|| not_found(id))?;
            if row.mine {
                return Err(ApiError::conflict(
                    "already_enrolled",
                    format!("you are already enrolled in course {id}"),
                ));
            }
            if row.starts_at <= clock::now() {
                return Err(ApiError::conflict(
                    "course_started",
                    format!("course {id} has already started"),
                ));
            }
            if row.enrolled >= row.seats {
                return Err(ApiError::conflict(
                    "course_full",
                    format!("course {id} has no seats left"),
                ));
            }
            match repo.enrol(id, c.user.id, &clock::now()) {
                Err(StoreError::Duplicate(Unique::Other)) => {
                    return Err(ApiError::conflict(
                        "already_enrolled",
                        format!("you are already enrolled in course {id}"),
                    ));
                }
                r => r?,
            }
            repo.course(id, Some(c.user.id))?
                .map(wire)
                .ok_or_else(|| not_found(id))
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(c)))
}

#[utoipa::path(delete, path = "/api/v1/courses/{id}/enrolments/mine", tag = "courses",
    description = "Withdraws the caller's enrolment while the course has not started, freeing the seat; answers the course.",
    params(("id" = i64, Path)),
    responses((status = 200, body = Course),
        (status = 403, description = "`permission_denied`, or staff", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`not_enrolled` or `course_started`", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn withdraw(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<axum::Json<Course>> {
    let c = st
        .write(auth, move |repo, c| {
            require(c, Access::Detail)?;
            if c.user.role == Role::Staff {
                return Err(ApiError::forbidden(
                    "company_users_only",
                    "only the users of a customer enrol in courses",
                ));
            }
            let row = repo
                .course_for_enrolment(id, c.user.id)?
                .ok_or_else(|| not_found(id))?;
            if !row.mine {
                return Err(ApiError::conflict(
                    "not_enrolled",
                    format!("you are not enrolled in course {id}"),
                ));
            }
            if row.starts_at <= clock::now() {
                return Err(ApiError::conflict(
                    "course_started",
                    format!("course {id} has already started: the enrolment stays"),
                ));
            }
            repo.withdraw(id, c.user.id)?;
            repo.course(id, Some(c.user.id))?
                .map(wire)
                .ok_or_else(|| not_found(id))
        })
        .await?;
    Ok(axum::Json(c))
}

#[utoipa::path(get, path = "/api/v1/courses/{id}/enrolments", tag = "desk",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Enrolment>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn enrolments(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<axum::Json<Vec<Enrolment>>> {
    let list = st
        .read(auth, move |repo, c| {
            require_staff(c)?;
            repo.course(id, None)?.ok_or_else(|| not_found(id))?;
            Ok(repo
                .enrolments(id)?
                .into_iter()
                .map(|e| Enrolment {
                    account: e.account,
                    name: e.name,
                    surname: e.surname,
                    customer_code: e.customer_code,
                    enrolled_at: e.enrolled_at,
                })
                .collect())
        })
        .await?;
    Ok(axum::Json(list))
}

#[utoipa::path(post, path = "/api/v1/courses", tag = "desk",
    request_body = NewCourseRequest,
    responses((status = 201, body = Course), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<NewCourseRequest>,
) -> ApiResult<(StatusCode, axum::Json<Course>)> {
    check_text("title", &req.title, 200)?;
    let description = req.description.clone().unwrap_or_default();
    if !description.is_empty() {
        check_long_text("description", &description, 2_000)?;
    }
    let starts = chrono::DateTime::parse_from_rfc3339(&req.starts_at)
        .map_err(|_| {
            ApiError::invalid(
                "starts_at",
                "`starts_at` must be an RFC 3339 date and time with a zone, e.g. 2026-12-01T09:00:00+01:00",
            )
        })?
        .with_timezone(&chrono::Utc);
    let starts_at = clock::format(starts);
    if starts_at <= clock::now() {
        return Err(ApiError::invalid(
            "starts_at",
            "`starts_at` must be in the future",
        ));
    }
    if !(1..=MAX_SEATS).contains(&req.seats) {
        return Err(ApiError::invalid(
            "seats",
            format!("`seats` must be from 1 to {MAX_SEATS}"),
        ));
    }
    let c = st
        .write(auth, move |repo, c| {
            require_staff(c)?;
            let id = repo.insert_course(
                &NewCourse {
                    title: req.title.clone(),
                    description: description.clone(),
                    starts_at: starts_at.clone(),
                    seats: req.seats,
                    author_id: c.user.id,
                },
                &clock::now(),
            )?;
            repo.course(id, None)?
                .map(wire)
                .ok_or_else(|| not_found(id))
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(c)))
}
