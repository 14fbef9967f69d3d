//! Courses on PostgreSQL.

use postgres::Row;
use postgres::types::ToSql;

use super::PgTx;
use crate::server::store::{
    CourseFilter, CourseRepo, CourseRow, EnrolmentRow, NewCourse, StoreResult,
};

/// Columns of a course; `$1` is the user whose enrolment is marked (or NULL).
const COLS: &str = "c.id, c.title, c.description, c.starts_at, c.seats, \
     (SELECT count(*) FROM enrolments e WHERE e.course_id = c.id), \
     EXISTS (SELECT 1 FROM enrolments e WHERE e.course_id = c.id AND e.user_id = $1::BIGINT)";

fn course_row(r: &Row) -> CourseRow {
    CourseRow {
        id: r.get(0),
        title: r.get(1),
        description: r.get(2),
        starts_at: r.get(3),
        seats: r.get(4),
        enrolled: r.get(5),
        mine: r.get(6),
    }
}

impl CourseRepo for PgTx<'_> {
    fn insert_course(&self, c: &NewCourse, now: &str) -> StoreResult<i64> {
        Ok(self
            .query_one(
                "INSERT INTO courses (title, description, starts_at, seats, author_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                &[
                    &c.title,
                    &c.description,
                    &c.starts_at,
                    &c.seats,
                    &c.author_id,
                    &now,
                ],
            )?
            .get(0))
    }

    fn courses(&self, f: &CourseFilter, limit: i64) -> StoreResult<Vec<CourseRow>> {
        let mut sql = format!("SELECT {COLS} FROM courses c WHERE 1 = 1");
        let after;
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&f.user];
        if f.only_mine {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM enrolments e WHERE e.course_id = c.id AND e.user_id = $1::BIGINT)",
            );
        }
        if let Some(from) = &f.from {
            params.push(from);
            sql.push_str(&format!(" AND c.starts_at >= ${}", params.len()));
        }
        if let Some(a) = f.after {
            after = a;
            params.push(&after);
            sql.push_str(&format!(
                " AND (c.starts_at, c.id) > (SELECT starts_at, id FROM courses WHERE id = ${})",
                params.len()
            ));
        }
        params.push(&limit);
        sql.push_str(&format!(
            " ORDER BY c.starts_at, c.id LIMIT ${}",
            params.len()
        ));
        Ok(self.query(&sql, &params)?.iter().map(course_row).collect())
    }

    fn course(&self, id: i64, user: Option<i64>) -> StoreResult<Option<CourseRow>> {
        Ok(self
            .query_opt(
                &format!("SELECT {COLS} FROM courses c WHERE c.id = $2"),
                &[&user, &id],
            )?
            .as_ref()
            .map(course_row))
    }

    fn course_for_enrolment(&self, id: i64, user: i64) -> StoreResult<Option<CourseRow>> {
        // Enrolments in the same course queue here until this transaction ends.
        if self
            .query_opt("SELECT id FROM courses WHERE id = $1 FOR UPDATE", &[&id])?
            .is_none()
        {
            return Ok(None);
        }
        self.course(id, Some(user))
    }

    fn enrol(&self, course: i64, user: i64, now: &str) -> StoreResult<()> {
        self.execute(
            "INSERT INTO enrolments (course_id, user_id, enrolled_at) VALUES ($1, $2, $3)",
            &[&course, &user, &now],
        )?;
        Ok(())
    }

    fn withdraw(&self, course: i64, user: i64) -> StoreResult<bool> {
        Ok(self.execute(
            "DELETE FROM enrolments WHERE course_id = $1 AND user_id = $2",
            &[&course, &user],
        )? > 0)
    }

    fn enrolments(&self, course: i64) -> StoreResult<Vec<EnrolmentRow>> {
        Ok(self
            .query(
                "SELECT u.account, u.name, u.surname, co.code, e.enrolled_at FROM enrolments e \
                 JOIN users u ON u.id = e.user_id JOIN companies co ON co.id = u.company_id \
                 WHERE e.course_id = $1 ORDER BY co.code, e.enrolled_at, u.id",
                &[&course],
            )?
            .iter()
            .map(|r| EnrolmentRow {
                account: r.get(0),
                name: r.get(1),
                surname: r.get(2),
                customer_code: r.get(3),
                enrolled_at: r.get(4),
            })
            .collect())
    }

    fn courses_subscription(&self, company: i64) -> StoreResult<bool> {
        Ok(self
            .query_opt(
                "SELECT courses_subscription FROM companies WHERE id = $1",
                &[&company],
            )?
            .is_some_and(|r| r.get(0)))
    }

    fn set_courses_subscription(&self, company: i64, on: bool) -> StoreResult<()> {
        self.execute(
            "UPDATE companies SET courses_subscription = $2 WHERE id = $1",
            &[&company, &on],
        )?;
        Ok(())
    }
}
