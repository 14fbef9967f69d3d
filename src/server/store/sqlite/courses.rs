//! Courses on SQLite.

use rusqlite::types::Value as Sql;
use rusqlite::{OptionalExtension, Row};

use super::SqliteTx;
use crate::server::store::{
    CourseFilter, CourseRepo, CourseRow, EnrolmentRow, NewCourse, StoreResult,
};

/// Columns of a course; `?1` is the user whose enrolment is marked (or NULL).
const COLS: &str = "c.id, c.title, c.description, c.starts_at, c.seats, \
     (SELECT count(*) FROM enrolments e WHERE e.course_id = c.id), \
     EXISTS (SELECT 1 FROM enrolments e WHERE e.course_id = c.id AND e.user_id = ?1)";

fn course_row(r: &Row) -> rusqlite::Result<CourseRow> {
    Ok(CourseRow {
        id: r.get(0)?,
        title: r.get(1)?,
        description: r.get(2)?,
        starts_at: r.get(3)?,
        seats: r.get(4)?,
        enrolled: r.get(5)?,
        mine: r.get(6)?,
    })
}

impl CourseRepo for SqliteTx<'_> {
    fn insert_course(&self, c: &NewCourse, now: &str) -> StoreResult<i64> {
        self.c()
            .prepare_cached(
                "INSERT INTO courses (title, description, starts_at, seats, author_id, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(rusqlite::params![
                c.title,
                c.description,
                c.starts_at,
                c.seats,
                c.author_id,
                now
            ])?;
        Ok(self.c().last_insert_rowid())
    }

    fn courses(&self, f: &CourseFilter, limit: i64) -> StoreResult<Vec<CourseRow>> {
        let mut sql = format!("SELECT {COLS} FROM courses c WHERE 1 = 1");
        let mut params: Vec<Sql> = vec![f.user.map_or(Sql::Null, Sql::Integer)];
        if f.only_mine {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM enrolments e WHERE e.course_id = c.id AND e.user_id = ?1)",
            );
        }
        if let Some(from) = &f.from {
            params.push(Sql::Text(from.clone()));
            sql.push_str(&format!(" AND c.starts_at >= ?{}", params.len()));
        }
        if let Some(a) = f.after {
            params.push(Sql::Integer(a));
            sql.push_str(&format!(
                " AND (c.starts_at, c.id) > (SELECT starts_at, id FROM courses WHERE id = ?{})",
                params.len()
            ));
        }
        params.push(Sql::Integer(limit));
        sql.push_str(&format!(
            " ORDER BY c.starts_at, c.id LIMIT ?{}",
            params.len()
        ));
        Ok(self
            .c()
            .prepare_cached(&sql)?
            .query_map(rusqlite::params_from_iter(params), course_row)?
            .collect::<Result<_, _>>()?)
    }

    fn course(&self, id: i64, user: Option<i64>) -> StoreResult<Option<CourseRow>> {
        Ok(self
            .c()
            .prepare_cached(&format!("SELECT {COLS} FROM courses c WHERE c.id = ?2"))?
            .query_row(rusqlite::params![user, id], course_row)
            .optional()?)
    }

    fn course_for_enrolment(&self, id: i64, user: i64) -> StoreResult<Option<CourseRow>> {
        // One writer at a time: the write transaction already holds the course.
        self.course(id, Some(user))
    }

    fn enrol(&self, course: i64, user: i64, now: &str) -> StoreResult<()> {
        self.c()
            .prepare_cached(
                "INSERT INTO enrolments (course_id, user_id, enrolled_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(rusqlite::params![course, user, now])?;
        Ok(())
    }

    fn withdraw(&self, course: i64, user: i64) -> StoreResult<bool> {
        Ok(self
            .c()
            .prepare_cached("DELETE FROM enrolments WHERE course_id = ?1 AND user_id = ?2")?
            .execute(rusqlite::params![course, user])?
            > 0)
    }

    fn enrolments(&self, course: i64) -> StoreResult<Vec<EnrolmentRow>> {
        Ok(self
            .c()
            .prepare_cached(
                "SELECT u.account, u.name, u.surname, co.code, e.enrolled_at FROM enrolments e \
                 JOIN users u ON u.id = e.user_id JOIN companies co ON co.id = u.company_id \
                 WHERE e.course_id = ?1 ORDER BY co.code, e.enrolled_at, u.id",
            )?
            .query_map([course], |r| {
                Ok(EnrolmentRow {
                    account: r.get(0)?,
                    name: r.get(1)?,
                    surname: r.get(2)?,
                    customer_code: r.get(3)?,
                    enrolled_at: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    fn courses_subscription(&self, company: i64) -> StoreResult<bool> {
        Ok(self
            .c()
            .prepare_cached("SELECT courses_subscription FROM companies WHERE id = ?1")?
            .query_row([company], |r| r.get(0))
            .optional()?
            .unwrap_or(false))
    }

    fn set_courses_subscription(&self, company: i64, on: bool) -> StoreResult<()> {
        self.c()
            .prepare_cached("UPDATE companies SET courses_subscription = ?2 WHERE id = ?1")?
            .execute(rusqlite::params![company, on])?;
        Ok(())
    }
}
