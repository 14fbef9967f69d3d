//! Users: staff, customer Administrators and operative users, with their permission matrix.

use super::StoreResult;
use crate::domain::permissions::Permissions;
use crate::wire::Role;

#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: i64,
    pub account: String,
    pub role: Role,
    pub staff_admin: bool,
    pub company_id: Option<i64>,
    pub company_code: Option<String>,
    pub company_name: Option<String>,
    pub name: String,
    pub surname: String,
    pub email: String,
    /// Argon2id PHC string; empty while an invited account has not chosen a password.
    pub password_hash: String,
    pub must_change_password: bool,
    pub active: bool,
    pub permissions: Permissions,
    pub created_at: String,
    pub updated_at: String,
    /// The company's standing (`ok`, `temporary`, `suspended`) and its message; None for staff.
    pub company_standing: Option<String>,
    pub company_standing_message: Option<String>,
    /// Mail language: `it` or `en`.
    pub language: String,
}

impl UserRow {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.name, self.surname).trim().to_owned()
    }
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub account: String,
    pub role: Role,
    pub staff_admin: bool,
    pub company_id: Option<i64>,
    pub name: String,
    pub surname: String,
    pub email: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub active: bool,
    pub permissions: Permissions,
    /// Mail language: `it` or `en`.
    pub language: String,
}

pub trait UserRepo {
    /// Fails with `Duplicate(Account)` when the account is taken (case-insensitive, across
    /// companies).
    fn insert_user(&self, user: &NewUser, now: &str) -> StoreResult<i64>;
    fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRow>>;
    /// Case-insensitive; `company` limits the lookup to one company (None: any).
    fn user_by_account(&self, company: Option<i64>, account: &str) -> StoreResult<Option<UserRow>>;
    /// The users of one company (None: every company), by company, role and name.
    fn list_users(&self, company: Option<i64>) -> StoreResult<Vec<UserRow>>;
    /// The help desk's accounts, by name.
    fn list_staff(&self) -> StoreResult<Vec<UserRow>>;
    /// Writes names, e-mail, password hash and flag, active and staff-admin flags, permissions
    /// and language.
    fn update_user(&self, user: &UserRow, now: &str) -> StoreResult<()>;
    fn count_staff(&self) -> StoreResult<i64>;
}
