//! Courses (the manual's *Corsi on-line*): a calendar of dated courses with a number of seats,
//! and who enrolled. Companies enrol only with a courses subscription, a flag of the company
//! kept here too.

use super::StoreResult;

#[derive(Debug, Clone)]
pub struct NewCourse {
    pub title: String,
    pub description: String,
    pub starts_at: String,
    pub seats: i64,
    pub author_id: i64,
}

#[derive(Debug, Clone)]
pub struct CourseRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub starts_at: String,
    pub seats: i64,
    /// Seats taken.
    pub enrolled: i64,
    /// Whether the user asked about is enrolled.
    pub mine: bool,
}

#[derive(Debug, Clone)]
pub struct EnrolmentRow {
    pub account: String,
    pub name: String,
    pub surname: String,
    pub customer_code: String,
    pub enrolled_at: String,
}

#[derive(Debug, Clone)]
pub struct CourseFilter {
    /// Whose enrolments to mark (and, with `only_mine`, to keep).
    pub user: Option<i64>,
    pub only_mine: bool,
    /// Only courses starting at or after this time.
    pub from: Option<String>,
    /// Keyset cursor: only courses after this one in calendar order.
    pub after: Option<i64>,
}

pub trait CourseRepo {
    fn insert_course(&self, c: &NewCourse, now: &str) -> StoreResult<i64>;
    /// In calendar order (start time, then id), up to `limit`.
    fn courses(&self, f: &CourseFilter, limit: i64) -> StoreResult<Vec<CourseRow>>;
    fn course(&self, id: i64, user: Option<i64>) -> StoreResult<Option<CourseRow>>;
    /// Like [`CourseRepo::course`], holding the course until the transaction ends, so that
    /// two enrolments never take the same last seat.
    fn course_for_enrolment(&self, id: i64, user: i64) -> StoreResult<Option<CourseRow>>;
    fn enrol(&self, course: i64, user: i64, now: &str) -> StoreResult<()>;
    /// Removes `user`'s enrolment; false when there was none.
    fn withdraw(&self, course: i64, user: i64) -> StoreResult<bool>;
    fn enrolments(&self, course: i64) -> StoreResult<Vec<EnrolmentRow>>;
    fn courses_subscription(&self, company: i64) -> StoreResult<bool>;
    fn set_courses_subscription(&self, company: i64, on: bool) -> StoreResult<()>;
}
