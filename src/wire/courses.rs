//! Courses, enrolments and subscriptions.

#[allow(clippy::wildcard_imports)]
use super::*;

/// A course of the calendar.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Course {
    pub id: i64,
    pub title: String,
    pub description: String,
    /// RFC 3339 UTC.
    pub starts_at: String,
    pub seats: i64,
    pub seats_left: i64,
    /// Whether the caller is enrolled.
    pub enrolled: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CoursePage {
    pub items: Vec<Course>,
    pub has_more: bool,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCourseRequest {
    #[schema(schema_with = schemas::line_200)]
    pub title: String,
    #[serde(default)]
    #[schema(schema_with = schemas::summary_or_null)]
    pub description: Option<String>,
    /// RFC 3339 with a zone (`2026-12-01T09:00:00+01:00`), in the future.
    #[schema(format = DateTime)]
    pub starts_at: String,
    #[serde(deserialize_with = "whole::i64")]
    #[schema(minimum = 1, maximum = 10_000)]
    pub seats: i64,
}

/// One enrolment, as the help desk sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Enrolment {
    pub account: String,
    pub name: String,
    pub surname: String,
    pub customer_code: String,
    pub enrolled_at: String,
}

/// A customer's subscriptions.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Subscription {
    /// Courses: the company's users may enrol (with `corsi=enrol`).
    pub courses: bool,
}

/// The query of `GET /courses`, declared once (serde on both sides).
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CourseQuery {
    /// Only the courses the caller is enrolled in, past ones too (otherwise: the courses to
    /// come).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mine: Option<bool>,
    /// Items per page (1 to 200, default 50).
    #[param(minimum = 1, maximum = 200)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[0-9]{1,18}$")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}
