//! Courses (Corsi on-line): the calendar (`corsi=read`), enrolment (`corsi=enrol`, only with
//! the company's courses subscription, before the start and while seats are left), withdrawal
//! before the start, the caller's own courses; adding courses and reading their enrolments
//! for the help desk.

use super::error::{CompanyTask, Missing, Reach, StaffTask};
use super::{Error, Result};
use crate::domain::content::Access;
use crate::domain::course::{self, MAX_SEATS};
use crate::domain::validate::Invalid;
use crate::server::auth::Caller;
use crate::server::clock;
use crate::server::store::{CourseFilter, CourseRow, NewCourse, Repo, StoreError, Unique};
use crate::wire::{Course, CoursePage, CourseQuery, Enrolment, NewCourseRequest, Role};

/// The caller's access to courses; `at_least` not reached is refused naming the permission.
fn require(c: &Caller, at_least: Access) -> Result<()> {
    if course::access(c.user.role, &c.user.permissions) < at_least {
        return Err(Error::NeedsPermission {
            reach: if at_least == Access::Detail {
                Reach::Enrolling
            } else {
                Reach::Courses
            },
            permission: course::needed(at_least).to_owned(),
        });
    }
    Ok(())
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

/// The course as `user` sees it (enrolled or not).
fn load(repo: &dyn Repo, id: i64, user: Option<i64>) -> Result<Course> {
    repo.course(id, user)?
        .map(wire)
        .ok_or(Error::NotFound(Missing::Course(id)))
}

/// The courses to come (or, with `mine`, the caller's own, past ones too), a page at a time.
pub fn list(repo: &dyn Repo, caller: &Caller, q: &CourseQuery) -> Result<CoursePage> {
    let (limit, after) = super::page(q.limit, q.cursor.as_deref())?;
    let mine = q.mine.unwrap_or(false);
    require(caller, Access::List)?;
    let f = CourseFilter {
        user: Some(caller.user.id),
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
}

pub fn show(repo: &dyn Repo, caller: &Caller, id: i64) -> Result<Course> {
    require(caller, Access::List)?;
    load(repo, id, Some(caller.user.id))
}

/// Whether the caller may enrol in courses (`corsi=enrol`, a user of a customer): what
/// [`enrol`] asks before the subscription, the date and the seats.
pub fn may_enrol(c: &Caller) -> bool {
    c.user.role != Role::Staff && course::access(c.user.role, &c.user.permissions) >= Access::Detail
}

/// Enrols the caller.
pub fn enrol(repo: &dyn Repo, caller: &Caller, id: i64) -> Result<Course> {
    require(caller, Access::Detail)?;
    let company = caller
        .user
        .company_id
        .filter(|_| caller.user.role != Role::Staff)
        .ok_or(Error::CompanyUsersOnly(CompanyTask::EnrolCourses))?;
    if !repo.courses_subscription(company)? {
        return Err(Error::NoCoursesSubscription);
    }
    let row = repo
        .course_for_enrolment(id, caller.user.id)?
        .ok_or(Error::NotFound(Missing::Course(id)))?;
    if row.mine {
        return Err(Error::AlreadyEnrolled(id));
    }
    if row.starts_at <= clock::now() {
        return Err(Error::CourseStarted {
            id,
            withdrawing: false,
        });
    }
    if row.enrolled >= row.seats {
        return Err(Error::CourseFull(id));
    }
    match repo.enrol(id, caller.user.id, &clock::now()) {
        Err(StoreError::Duplicate(Unique::Other)) => return Err(Error::AlreadyEnrolled(id)),
        r => r?,
    }
    load(repo, id, Some(caller.user.id))
}

/// Withdraws the caller's enrolment while the course has not started.
pub fn withdraw(repo: &dyn Repo, caller: &Caller, id: i64) -> Result<Course> {
    require(caller, Access::Detail)?;
    if caller.user.role == Role::Staff {
        return Err(Error::CompanyUsersOnly(CompanyTask::EnrolCourses));
    }
    let row = repo
        .course_for_enrolment(id, caller.user.id)?
        .ok_or(Error::NotFound(Missing::Course(id)))?;
    if !row.mine {
        return Err(Error::NotEnrolled(id));
    }
    if row.starts_at <= clock::now() {
        return Err(Error::CourseStarted {
            id,
            withdrawing: true,
        });
    }
    repo.withdraw(id, caller.user.id)?;
    load(repo, id, Some(caller.user.id))
}

/// Staff: who is enrolled in a course.
pub fn enrolments(repo: &dyn Repo, caller: &Caller, id: i64) -> Result<Vec<Enrolment>> {
    caller.require_staff_to(StaffTask::ManageCourses)?;
    load(repo, id, None)?;
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
}

/// A new course's fields, as the rules check them; answers its start in UTC.
pub fn check_new(req: &NewCourseRequest) -> Result<String> {
    let (starts_at, mut refusals) = checked(req);
    match (starts_at, refusals.is_empty()) {
        (Some(s), true) => Ok(s),
        _ => Err(refusals.remove(0)),
    }
}

/// Every field's refusal of a new course at once (a form shows them all), in the form's order.
pub fn refusals_of_new(req: &NewCourseRequest) -> Vec<Error> {
    checked(req).1
}

/// The start in UTC when it is right, and the refusals of the fields.
fn checked(req: &NewCourseRequest) -> (Option<String>, Vec<Error>) {
    let mut found = Vec::new();
    if let Err(e) = super::text("title", &req.title, 200) {
        found.push(e);
    }
    let description = req.description.as_deref().unwrap_or_default();
    if !description.is_empty()
        && let Err(e) = super::long_text("description", description, 2_000)
    {
        found.push(e);
    }
    let starts_at = match chrono::DateTime::parse_from_rfc3339(&req.starts_at) {
        Err(_) => {
            found.push(Error::invalid(
                "starts_at",
                Invalid::DateTimeWithZone {
                    field: "starts_at".into(),
                },
            ));
            None
        }
        Ok(t) => {
            let s = clock::format(t.with_timezone(&chrono::Utc));
            if s <= clock::now() {
                found.push(Error::invalid(
                    "starts_at",
                    Invalid::InFuture {
                        field: "starts_at".into(),
                    },
                ));
            }
            Some(s)
        }
    };
    if !(1..=MAX_SEATS).contains(&req.seats) {
        found.push(Error::range("seats", 1, MAX_SEATS));
    }
    (starts_at, found)
}

/// Staff: adds a course to the calendar.
pub fn add(repo: &dyn Repo, caller: &Caller, req: &NewCourseRequest) -> Result<Course> {
    let starts_at = check_new(req)?;
    caller.require_staff_to(StaffTask::ManageCourses)?;
    let id = repo.insert_course(
        &NewCourse {
            title: req.title.clone(),
            description: req.description.clone().unwrap_or_default(),
            starts_at,
            seats: req.seats,
            author_id: caller.user.id,
        },
        &clock::now(),
    )?;
    load(repo, id, None)
}
