//! Users on SQLite.

use rusqlite::{OptionalExtension, Row};

use super::{SqliteTx, unique};
use crate::server::store::{NewUser, StoreError, StoreResult, Unique, UserRepo, UserRow};
use crate::wire::Role;

pub(crate) fn parse_role(s: &str) -> Role {
    match s {
        "staff" => Role::Staff,
        "admin" => Role::Admin,
        _ => Role::User,
    }
}

/// A user's columns, read by [`user_row`] (and first in the token lookup's row).
pub(super) const USER_COLS: &str = "u.id, u.account, u.role, u.staff_admin, u.company_id, \
     c.code, c.name, u.name, u.surname, u.email, u.password_hash, u.must_change_password, \
     u.active, u.permissions, u.created_at, u.updated_at, c.standing, c.standing_message, \
     u.language";
pub(super) const USER_FROM: &str = "FROM users u LEFT JOIN companies c ON c.id = u.company_id";

pub(super) fn user_row(r: &Row) -> rusqlite::Result<UserRow> {
    let perms: String = r.get(13)?;
    Ok(UserRow {
        id: r.get(0)?,
        account: r.get(1)?,
        role: parse_role(&r.get::<_, String>(2)?),
        staff_admin: r.get(3)?,
        company_id: r.get(4)?,
        company_code: r.get(5)?,
        company_name: r.get(6)?,
        name: r.get(7)?,
        surname: r.get(8)?,
        email: r.get(9)?,
        password_hash: r.get(10)?,
        must_change_password: r.get(11)?,
        active: r.get(12)?,
        permissions: serde_json::from_str(&perms).unwrap_or_default(),
        created_at: r.get(14)?,
        updated_at: r.get(15)?,
        company_standing: r.get(16)?,
        company_standing_message: r.get(17)?,
        language: r.get(18)?,
    })
}

fn perms_json(p: &crate::domain::permissions::Permissions) -> StoreResult<String> {
    serde_json::to_string(p).map_err(|e| StoreError::Internal(e.to_string()))
}

impl UserRepo for SqliteTx<'_> {
    fn insert_user(&self, u: &NewUser, now: &str) -> StoreResult<i64> {
        self.c()
            .prepare_cached(
                "INSERT INTO users (account, role, staff_admin, company_id, name, surname, email, \
                 password_hash, must_change_password, active, permissions, created_at, updated_at, \
                 language) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)",
            )?
            .execute(rusqlite::params![
                u.account,
                u.role.as_str(),
                u.staff_admin,
                u.company_id,
                u.name,
                u.surname,
                u.email,
                u.password_hash,
                u.must_change_password,
                u.active,
                perms_json(&u.permissions)?,
                now,
                u.language
            ])
            .map_err(|e| unique(e, Unique::Account))?;
        Ok(self.c().last_insert_rowid())
    }

    fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRow>> {
        Ok(self
            .c()
            .prepare_cached(&format!("SELECT {USER_COLS} {USER_FROM} WHERE u.id = ?1"))?
            .query_row([id], user_row)
            .optional()?)
    }

    fn user_by_account(&self, company: Option<i64>, account: &str) -> StoreResult<Option<UserRow>> {
        Ok(self
            .c()
            .prepare_cached(&format!(
                "SELECT {USER_COLS} {USER_FROM} WHERE u.account = ?1 AND (?2 IS NULL OR u.company_id = ?2)"
            ))?
            .query_row(rusqlite::params![account, company], user_row)
            .optional()?)
    }

    fn list_users(&self, company: Option<i64>) -> StoreResult<Vec<UserRow>> {
        let mut st = self.c().prepare_cached(&format!(
            "SELECT {USER_COLS} {USER_FROM} WHERE (?1 IS NULL OR u.company_id = ?1) \
             ORDER BY c.code, u.role, u.surname, u.name, u.account"
        ))?;
        let rows = st.query_map([company], user_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn update_user(&self, u: &UserRow, now: &str) -> StoreResult<()> {
        self.c()
            .prepare_cached(
                "UPDATE users SET name = ?2, surname = ?3, email = ?4, password_hash = ?5, \
                 must_change_password = ?6, active = ?7, permissions = ?8, updated_at = ?9, \
                 language = ?10, staff_admin = ?11 WHERE id = ?1",
            )?
            .execute(rusqlite::params![
                u.id,
                u.name,
                u.surname,
                u.email,
                u.password_hash,
                u.must_change_password,
                u.active,
                perms_json(&u.permissions)?,
                now,
                u.language,
                u.staff_admin
            ])?;
        Ok(())
    }

    fn list_staff(&self) -> StoreResult<Vec<UserRow>> {
        let mut st = self.c().prepare_cached(&format!(
            "SELECT {USER_COLS} {USER_FROM} WHERE u.role = 'staff' \
             ORDER BY u.surname, u.name, u.account"
        ))?;
        let rows = st.query_map([], user_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn count_staff(&self) -> StoreResult<i64> {
        Ok(self
            .c()
            .prepare_cached("SELECT count(*) FROM users WHERE role = 'staff'")?
            .query_row([], |r| r.get(0))?)
    }
}
