//! The help desk's own accounts (technicians), as a staff administrator manages them: list,
//! add (an invitation by mail, as for customers — staff never set passwords), set who is a
//! staff administrator, disable (every session ends at once) and enable.
//!
//! An administrator cannot disable themself or drop their own flag, so the desk always keeps
//! an active administrator who can undo any change.

use super::error::Missing;
use super::{Env, Error, Result, codes};
use crate::domain::permissions::Permissions;
use crate::domain::validate;
use crate::server::auth::Caller;
use crate::server::clock;
use crate::server::store::{NewUser, Repo, StoreError, UserRow};
use crate::wire::{CreateStaffRequest, Role, StaffMember, UpdateStaffRequest};

pub fn to_wire(u: &UserRow) -> StaffMember {
    StaffMember {
        account: u.account.clone(),
        name: u.name.clone(),
        surname: u.surname.clone(),
        email: u.email.clone(),
        staff_admin: u.staff_admin,
        active: u.active,
        invitation_pending: u.password_hash.is_empty(),
        language: crate::wire::Language::parse(&u.language).unwrap_or_default(),
        created_at: u.created_at.clone(),
        updated_at: u.updated_at.clone(),
    }
}

/// Staff: every technician, by name.
pub fn list(repo: &dyn Repo, caller: &Caller) -> Result<Vec<StaffMember>> {
    caller.require_staff()?;
    Ok(repo.list_staff()?.iter().map(to_wire).collect())
}

fn member(repo: &dyn Repo, account: &str) -> Result<UserRow> {
    repo.user_by_account(None, account)?
        .filter(|u| u.role == Role::Staff)
        .ok_or_else(|| Error::NotFound(Missing::Technician(account.to_owned())))
}

/// Staff: one technician.
pub fn show(repo: &dyn Repo, caller: &Caller, account: &str) -> Result<StaffMember> {
    caller.require_staff()?;
    Ok(to_wire(&member(repo, account)?))
}

/// Every field's refusal of a new technician at once (a form shows them all).
pub fn refusals_of_new(req: &CreateStaffRequest) -> Vec<Error> {
    let mut found = Vec::new();
    let mut keep = |r: Result<()>| {
        if let Err(e) = r {
            found.push(e);
        }
    };
    keep(validate::account(&req.account).map_err(|m| Error::invalid("account", m)));
    keep(super::text("name", &req.name, 100));
    keep(super::text("surname", &req.surname, 100));
    keep(super::email("email", &req.email));
    found
}

/// Whether the caller may add technicians and change their flags (a staff administrator):
/// what [`create`] and [`update`] require.
pub fn may_manage(caller: &Caller) -> bool {
    caller.require_staff_admin().is_ok()
}

/// Staff admin: adds a technician, who is mailed an invitation code to choose a password.
pub fn create(
    repo: &dyn Repo,
    caller: &Caller,
    env: &Env,
    req: &CreateStaffRequest,
) -> Result<StaffMember> {
    if let Some(first) = refusals_of_new(req).into_iter().next() {
        return Err(first);
    }
    caller.require_staff_admin()?;
    let now = clock::now();
    let id = repo
        .insert_user(
            &NewUser {
                account: req.account.clone(),
                role: Role::Staff,
                staff_admin: req.staff_admin.unwrap_or(false),
                company_id: None,
                name: req.name.clone(),
                surname: req.surname.clone(),
                email: req.email.clone(),
                password_hash: String::new(),
                must_change_password: false,
                active: true,
                permissions: Permissions::default(),
                language: req.language.unwrap_or_default().as_str().to_owned(),
            },
            &now,
        )
        .map_err(|e| match e {
            StoreError::Duplicate(_) => Error::AccountTaken(req.account.clone()),
            other => other.into(),
        })?;
    let u = repo
        .user_by_id(id)?
        .ok_or_else(|| Error::Store(StoreError::Internal("technician vanished".into())))?;
    codes::send_password_code(repo, &u, &env.settings, &env.public_url)?;
    Ok(to_wire(&u))
}

/// Staff admin: enables or disables a technician (disabling ends every session of theirs at
/// once) and sets whether they are a staff administrator. Not on one's own account.
pub fn update(
    repo: &dyn Repo,
    caller: &Caller,
    account: &str,
    req: &UpdateStaffRequest,
) -> Result<StaffMember> {
    caller.require_staff_admin()?;
    let mut u = member(repo, account)?;
    let changes = req.active.is_some_and(|a| a != u.active)
        || req.staff_admin.is_some_and(|a| a != u.staff_admin);
    if !changes {
        return Ok(to_wire(&u));
    }
    if u.id == caller.user.id {
        return Err(Error::OwnStaffAccount);
    }
    let now = clock::now();
    let revoke = u.active && req.active == Some(false);
    if let Some(a) = req.active {
        u.active = a;
    }
    if let Some(a) = req.staff_admin {
        u.staff_admin = a;
    }
    repo.update_user(&u, &now)?;
    if revoke {
        repo.revoke_user_tokens(u.id, None, &now)?;
    }
    Ok(to_wire(&member(repo, account)?))
}

/// Staff admin: mails a technician a new invitation (never chose a password) or a reset code.
/// Answers the address it went to.
pub fn send_reset(repo: &dyn Repo, caller: &Caller, env: &Env, account: &str) -> Result<String> {
    caller.require_staff_admin()?;
    let u = member(repo, account)?;
    if !u.active {
        return Err(Error::AccountDisabled(u.account));
    }
    codes::send_password_code(repo, &u, &env.settings, &env.public_url)?;
    Ok(u.email)
}
