//! Users on PostgreSQL.

use postgres::Row;

use super::{PgTx, unique};
use crate::server::store::{NewUser, StoreError, StoreResult, Unique, UserRepo, UserRow};
use crate::wire::Role;

/// A user's columns, read by [`user_row`] (and first in the token lookup's row).
pub(super) const USER_COLS: &str = "u.id, u.account, u.role, u.staff_admin, u.company_id, \
     c.code, c.name, u.name, u.surname, u.email, u.password_hash, u.must_change_password, \
     u.active, u.permissions, u.created_at, u.updated_at, c.standing, c.standing_message, \
     u.language";
pub(super) const USER_FROM: &str = "FROM users u LEFT JOIN companies c ON c.id = u.company_id";

pub(super) fn user_row(r: &Row) -> UserRow {
    let role: String = r.get(2);
    let perms: String = r.get(13);
    UserRow {
        id: r.get(0),
        account: r.get(1),
        role: match role.as_str() {
            "staff" => Role::Staff,
            "admin" => Role::Admin,
            _ => Role::User,
        },
        staff_admin: r.get(3),
        company_id: r.get(4),
        company_code: r.get(5),
        company_name: r.get(6),
        name: r.get(7),
        surname: r.get(8),
        email: r.get(9),
        password_hash: r.get(10),
        must_change_password: r.get(11),
        active: r.get(12),
        permissions: serde_json::from_str(&perms).unwrap_or_default(),
        created_at: r.get(14),
        updated_at: r.get(15),
        company_standing: r.get(16),
        company_standing_message: r.get(17),
        language: r.get(18),
    }
}

fn perms_json(p: &crate::domain::permissions::Permissions) -> StoreResult<String> {
    serde_json::to_string(p).map_err(|e| StoreError::Internal(e.to_string()))
}

impl UserRepo for PgTx<'_> {
    fn insert_user(&self, u: &NewUser, now: &str) -> StoreResult<i64> {
        let perms = perms_json(&u.permissions)?;
        Ok(self
            .query_one(
                "INSERT INTO users (account, role, staff_admin, company_id, name, surname, email, \
                 password_hash, must_change_password, active, permissions, created_at, updated_at, \
                 language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) RETURNING id",
                &[
                    &u.account,
                    &u.role.as_str(),
                    &u.staff_admin,
                    &u.company_id,
                    &u.name,
                    &u.surname,
                    &u.email,
                    &u.password_hash,
                    &u.must_change_password,
                    &u.active,
                    &perms,
                    &now,
                    &u.language,
                ],
            )
            .map_err(|e| unique(e, Unique::Account))?
            .get(0))
    }

    fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRow>> {
        Ok(self
            .query_opt(
                &format!("SELECT {USER_COLS} {USER_FROM} WHERE u.id = $1"),
                &[&id],
            )?
            .as_ref()
            .map(user_row))
    }

    fn user_by_account(&self, company: Option<i64>, account: &str) -> StoreResult<Option<UserRow>> {
        Ok(self
            .query_opt(
                &format!(
                    "SELECT {USER_COLS} {USER_FROM} WHERE lower(u.account) = lower($1) \
                     AND ($2::BIGINT IS NULL OR u.company_id = $2)"
                ),
                &[&account, &company],
            )?
            .as_ref()
            .map(user_row))
    }

    fn list_users(&self, company: Option<i64>) -> StoreResult<Vec<UserRow>> {
        Ok(self
            .query(
                &format!(
                    "SELECT {USER_COLS} {USER_FROM} WHERE ($1::BIGINT IS NULL OR u.company_id = $1) \
                     ORDER BY c.code COLLATE \"C\", u.role COLLATE \"C\", \
                     u.surname COLLATE \"C\", u.name COLLATE \"C\", u.account COLLATE \"C\""
                ),
                &[&company],
            )?
            .iter()
            .map(user_row)
            .collect())
    }

    fn update_user(&self, u: &UserRow, now: &str) -> StoreResult<()> {
        let perms = perms_json(&u.permissions)?;
        self.execute(
            "UPDATE users SET name = $2, surname = $3, email = $4, password_hash = $5, \
             must_change_password = $6, active = $7, permissions = $8, updated_at = $9, \
             language = $10, staff_admin = $11 WHERE id = $1",
            &[
                &u.id,
                &u.name,
                &u.surname,
                &u.email,
                &u.password_hash,
                &u.must_change_password,
                &u.active,
                &perms,
                &now,
                &u.language,
                &u.staff_admin,
            ],
        )?;
        Ok(())
    }

    fn list_staff(&self) -> StoreResult<Vec<UserRow>> {
        Ok(self
            .query(
                &format!(
                    "SELECT {USER_COLS} {USER_FROM} WHERE u.role = 'staff' \
                     ORDER BY u.surname COLLATE \"C\", u.name COLLATE \"C\", \
                     u.account COLLATE \"C\""
                ),
                &[],
            )?
            .iter()
            .map(user_row)
            .collect())
    }

    fn count_staff(&self) -> StoreResult<i64> {
        Ok(self
            .query_one("SELECT count(*) FROM users WHERE role = 'staff'", &[])?
            .get(0))
    }
}
