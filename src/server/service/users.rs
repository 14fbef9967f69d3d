//! Operative users, managed by their company's Administrator (staff may read and manage any):
//! list, create, show, edit, disable/enable, send a password code — and the views of a user the
//! users and auth routes share.
//!
//! Only a user chooses their own password. An account created without one gets a single-use
//! invitation code by mail; the Administrator may give an initial password instead (the
//! manual's flow), and any password set by someone else must be changed at the next login.
//! Staff never set passwords: they send a reset. Passwords arrive here already hashed (the
//! hashing pool runs outside the transaction); [`check_password`] is the policy.

use super::{Env, Error, Result, codes, customers};
use crate::domain::permissions::Permissions;
use crate::domain::validate;
use crate::server::auth::Caller;
use crate::server::clock;
use crate::server::mail;
use crate::server::service::error::Missing;
use crate::server::store::{NewUser, Repo, StoreError, UserRow};
use crate::wire::{CreateUserRequest, Me, PermissionMap, Role, UpdateUserRequest, User, UserQuery};

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
        language: crate::wire::Language::parse(&user.language).unwrap_or_default(),
    }
}

/// What the caller changes of their own account: their language (mails and pages). Any
/// signed-in user may, a password change pending or not.
pub fn update_me(
    repo: &dyn Repo,
    caller: &Caller,
    req: &crate::wire::UpdateMeRequest,
) -> Result<Me> {
    let mut u = reread(repo, caller.user.id)?;
    if let Some(l) = req.language
        && u.language != l.as_str()
    {
        l.as_str().clone_into(&mut u.language);
        repo.update_user(&u, &clock::now())?;
    }
    Ok(me(&u, &caller.token.kind, &caller.token.expires_at))
}

/// An operative user the caller manages (`company` None: any company).
pub fn managed(repo: &dyn Repo, company: Option<i64>, account: &str) -> Result<UserRow> {
    repo.user_by_account(company, account)?
        .filter(|u| u.role == Role::User)
        .ok_or_else(|| Error::NotFound(Missing::User(account.to_owned())))
}

fn reread(repo: &dyn Repo, id: i64) -> Result<UserRow> {
    repo.user_by_id(id)?
        .ok_or_else(|| Error::Store(StoreError::Internal("user vanished".into())))
}

/// The password policy (the field is named in the refusal).
pub fn check_password(field: &str, password: &str) -> Result<()> {
    validate::password(password).map_err(|m| Error::invalid(field, m))
}

fn apply_permissions(p: &mut Permissions, map: &PermissionMap) -> Result<()> {
    p.apply_map_exact(map.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|e| Error::invalid("permissions", e.to_string()))
}

fn check_names(name: &str, surname: &str, email: &str) -> Result<()> {
    super::text("name", name, 100)?;
    super::text("surname", surname, 100)?;
    super::email("email", email)
}

/// The operative users the caller manages that match `q`.
pub fn list(repo: &dyn Repo, caller: &Caller, q: &UserQuery) -> Result<Vec<User>> {
    let text = q.q.clone().unwrap_or_default();
    super::line("q", &text)?;
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let mut company = caller.require_user_manager()?;
    if let (None, Some(code)) = (company, &q.customer) {
        company = Some(customers::company(repo, code)?.id);
    }
    Ok(repo
        .list_users(company)?
        .iter()
        .filter(|u| u.role == Role::User)
        .filter(|u| q.active.is_none_or(|a| u.active == a))
        .filter(|u| {
            let hay = format!("{} {} {} {}", u.account, u.name, u.surname, u.email).to_lowercase();
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .map(to_wire)
        .collect())
}

/// The company whose Administrator the caller is: only they create operative users.
pub fn may_create(caller: &Caller) -> Result<i64> {
    caller
        .require_user_manager()?
        .ok_or(Error::AdminOnlyCreates)
}

/// The new user's fields as the rules check them (before any password work); answers the
/// permission matrix asked for, over the manual's defaults.
pub fn check_new(req: &CreateUserRequest) -> Result<Permissions> {
    if let Some(first) = refusals_of_new(req).into_iter().next() {
        return Err(first);
    }
    let mut perms = Permissions::default();
    if let Some(map) = &req.permissions {
        apply_permissions(&mut perms, map)?;
    }
    Ok(perms)
}

/// Every field's refusal of a new user at once (a form shows them all), the account first.
pub fn refusals_of_new(req: &CreateUserRequest) -> Vec<Error> {
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
    if let Some(map) = &req.permissions {
        keep(apply_permissions(&mut Permissions::default(), map));
    }
    if let Some(p) = &req.password {
        keep(check_password("password", p));
    }
    found
}

/// Creates an operative user of the caller's company. `password_hash` is the hash of the
/// initial password the Administrator gave (to be changed at the first login); without it the
/// user is mailed an invitation code. The user is mailed a summary either way.
pub fn create(
    repo: &dyn Repo,
    caller: &Caller,
    env: &Env,
    req: &CreateUserRequest,
    password_hash: Option<&str>,
) -> Result<User> {
    let company = may_create(caller)?;
    let permissions = check_new(req)?;
    let now = clock::now();
    let id = repo
        .insert_user(
            &NewUser {
                account: req.account.clone(),
                role: Role::User,
                staff_admin: false,
                company_id: Some(company),
                name: req.name.clone(),
                surname: req.surname.clone(),
                email: req.email.clone(),
                // Without a password the account has none (no login) until the invitation
                // is used.
                password_hash: password_hash.unwrap_or_default().to_owned(),
                must_change_password: password_hash.is_some(),
                active: req.active.unwrap_or(true),
                permissions,
                language: req.language.unwrap_or_default().as_str().to_owned(),
            },
            &now,
        )
        .map_err(|e| match e {
            StoreError::Duplicate(_) => Error::AccountTaken(req.account.clone()),
            other => other.into(),
        })?;
    let u = reread(repo, id)?;
    mail::user_created(repo, &u, &env.public_url, &now)?;
    if password_hash.is_none() {
        codes::send_password_code(repo, &u, &env.settings, &env.public_url)?;
    }
    Ok(to_wire(&u))
}

/// A user the caller manages.
pub fn show(repo: &dyn Repo, caller: &Caller, account: &str) -> Result<User> {
    Ok(to_wire(&managed(
        repo,
        caller.require_user_manager()?,
        account,
    )?))
}

/// Whether the caller may set `password` on a user it manages (checked before hashing it):
/// the Administrator may; staff send a reset instead.
pub fn may_set_password(caller: &Caller, password: &str) -> Result<()> {
    caller.require_user_manager()?;
    if caller.is_staff() {
        return Err(Error::StaffCannotSetPasswords);
    }
    check_password("password", password)
}

/// Edits a user; `password_hash`: a password the Administrator set (checked with
/// [`may_set_password`]), which the user must change at the next login. Disabling, or setting
/// a password, signs the user out everywhere.
pub fn update(
    repo: &dyn Repo,
    caller: &Caller,
    account: &str,
    req: &UpdateUserRequest,
    password_hash: Option<&str>,
) -> Result<User> {
    let mut u = managed(repo, caller.require_user_manager()?, account)?;
    if let Some(v) = &req.name {
        u.name.clone_from(v);
    }
    if let Some(v) = &req.surname {
        u.surname.clone_from(v);
    }
    if let Some(v) = &req.email {
        u.email.clone_from(v);
    }
    check_names(&u.name, &u.surname, &u.email)?;
    if let Some(map) = &req.permissions {
        apply_permissions(&mut u.permissions, map)?;
    }
    let now = clock::now();
    let mut revoke = false;
    if let Some(l) = req.language {
        u.language = l.as_str().to_owned();
    }
    if let Some(active) = req.active {
        revoke |= u.active && !active;
        u.active = active;
    }
    if let Some(h) = password_hash {
        // Set by someone else: the user must choose their own at the next login.
        h.clone_into(&mut u.password_hash);
        u.must_change_password = true;
        revoke = true;
    }
    repo.update_user(&u, &now)?;
    if revoke {
        repo.revoke_user_tokens(u.id, None, &now)?;
    }
    Ok(to_wire(&reread(repo, u.id)?))
}

/// Mails a user the caller manages a code to choose a new password (an invitation code if the
/// user never chose one). Answers the address it went to.
pub fn send_reset(repo: &dyn Repo, caller: &Caller, env: &Env, account: &str) -> Result<String> {
    let u = managed(repo, caller.require_user_manager()?, account)?;
    if !u.active {
        return Err(Error::AccountDisabled(u.account));
    }
    codes::send_password_code(repo, &u, &env.settings, &env.public_url)?;
    Ok(u.email)
}
