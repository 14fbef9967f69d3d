//! Users as the API shows them, and the lookups the users routes and the auth routes share.

use crate::server::error::{ApiError, ApiResult};
use crate::server::store::{Repo, UserRow};
use crate::wire::{Me, Role, User};

pub fn to_wire(u: &UserRow) -> User {
    User {
        language: crate::wire::Language::parse(&u.language).unwrap_or_default(),
        account: u.account.clone(),
        name: u.name.clone(),
        surname: u.surname.clone(),
        email: u.email.clone(),
        role: u.role,
        active: u.active,
        customer_code: u.company_code.clone(),
        permissions: u.permissions.to_map(),
        must_change_password: u.must_change_password,
        invitation_pending: u.password_hash.is_empty(),
        created_at: u.created_at.clone(),
        updated_at: u.updated_at.clone(),
    }
}

pub fn me(user: &UserRow, token_kind: &str, token_expires_at: &str) -> Me {
    Me {
        account: user.account.clone(),
        role: user.role,
        staff_admin: user.staff_admin,
        name: user.name.clone(),
        surname: user.surname.clone(),
        email: user.email.clone(),
        customer_code: user.company_code.clone(),
        company_name: user.company_name.clone(),
        permissions: (user.role == Role::User).then(|| user.permissions.to_map()),
        must_change_password: user.must_change_password,
        token_kind: token_kind.to_owned(),
        token_expires_at: token_expires_at.to_owned(),
        standing: user
            .company_standing
            .as_deref()
            .map(crate::domain::standing::Standing::parse),
        standing_message: crate::server::auth::standing_banner(user).ok().flatten(),
    }
}

/// An operative user the caller manages (`company` None: any company), or 404.
pub fn managed(repo: &dyn Repo, company: Option<i64>, account: &str) -> ApiResult<UserRow> {
    repo.user_by_account(company, account)?
        .filter(|u| u.role == Role::User)
        .ok_or_else(|| ApiError::not_found(format!("user `{account}` not found")))
}
