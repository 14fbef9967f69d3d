//! Courses over HTTP — `/courses`: each handler decodes, calls one function of
//! [`service::courses`](crate::server::service::courses) and encodes.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiPath, ApiQuery};
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::error::ApiResult;
use crate::server::service::courses;
use crate::wire::{Course, CoursePage, CourseQuery, Enrolment, ErrorBody, NewCourseRequest};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, add))
        .routes(routes!(show))
        .routes(routes!(enrolments, enrol))
        .routes(routes!(withdraw))
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
    let c = st
        .read(auth, move |r, c| Ok(courses::list(r, c, &q)?))
        .await?;
    Ok(axum::Json(c))
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
        .read(auth, move |r, c| Ok(courses::show(r, c, id)?))
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
        .write(auth, move |r, c| Ok(courses::enrol(r, c, id)?))
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
        .write(auth, move |r, c| Ok(courses::withdraw(r, c, id)?))
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
    let c = st
        .read(auth, move |r, c| Ok(courses::enrolments(r, c, id)?))
        .await?;
    Ok(axum::Json(c))
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
    let c = st
        .write(auth, move |r, c| Ok(courses::add(r, c, &req)?))
        .await?;
    Ok((StatusCode::CREATED, axum::Json(c)))
}
