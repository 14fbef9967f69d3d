//! Courses: the calendar, enrolment, the caller's courses; adding courses and reading their
//! enrolments for the help desk.

use reqwest::Method;

use super::{ApiClient, Retry, with_query};
use crate::error::CliResult;
use crate::wire::{Course, CoursePage, CourseQuery, Enrolment, NewCourseRequest};

impl ApiClient {
    /// A page of the calendar (courses to come), or of the caller's courses.
    pub async fn courses(
        &self,
        mine: bool,
        limit: usize,
        cursor: Option<&str>,
    ) -> CliResult<CoursePage> {
        let q = CourseQuery {
            mine: mine.then_some(true),
            limit: Some(i64::try_from(limit).unwrap_or(i64::MAX)),
            cursor: cursor.map(str::to_owned),
        };
        self.get(&with_query("/courses", &q)).await
    }

    pub async fn course(&self, id: i64) -> CliResult<Course> {
        self.get(&format!("/courses/{id}")).await
    }

    /// Enrols the caller (not retried blindly: a repeat answers `already_enrolled`).
    pub async fn enrol(&self, id: i64) -> CliResult<Course> {
        self.post(&format!("/courses/{id}/enrolments"), &serde_json::json!({}))
            .await
    }

    pub async fn add_course(&self, req: &NewCourseRequest) -> CliResult<Course> {
        self.post("/courses", req).await
    }

    /// Withdraws the caller's enrolment (never retried: a repeat answers `not_enrolled`).
    pub async fn withdraw(&self, id: i64) -> CliResult<Course> {
        let path = format!("/courses/{id}/enrolments/mine");
        self.send(Method::DELETE, &path, Retry::Never, &|| {
            self.request(Method::DELETE, &path)
        })
        .await
    }

    pub async fn enrolments(&self, id: i64) -> CliResult<Vec<Enrolment>> {
        self.get(&format!("/courses/{id}/enrolments")).await
    }
}
