//! Customers (companies) as the desk manages them — create with their Administrator, list,
//! show, standing, subscriptions, the contract (which catalog sections are enabled) — and the
//! SMART package: its balance and movements, grants.

use super::catalog::{find_section, tree};
use super::error::Missing;
use super::{Env, Error, Result, codes};
use crate::domain::permissions::Permissions;
use crate::domain::standing::Standing;
use crate::domain::validate;
use crate::server::auth::Caller;
use crate::server::clock;
use crate::server::mail;
use crate::server::store::{CompanyRow, NewUser, Repo, StoreError, Unique};
use crate::wire::{
    CatalogMacroArea, CatalogPath, CreateCustomerRequest, Customer, GrantRequest, Package, Role,
};

/// The company with this code.
pub fn company(repo: &dyn Repo, code: &str) -> Result<CompanyRow> {
    repo.company_by_code(code)?
        .ok_or_else(|| Error::NotFound(Missing::Customer(code.to_owned())))
}

pub fn customer(repo: &dyn Repo, c: &CompanyRow) -> Result<Customer> {
    let users = repo.list_users(Some(c.id))?;
    let admin_email = users
        .iter()
        .find(|u| u.role == Role::Admin)
        .map(|u| u.email.clone())
        .unwrap_or_default();
    Ok(Customer {
        code: c.code.clone(),
        name: c.name.clone(),
        admin_email,
        balance_minutes: repo.balance(c.id)?,
        users: i64::try_from(users.iter().filter(|u| u.role == Role::User).count())
            .unwrap_or(i64::MAX),
        created_at: c.created_at.clone(),
        courses_subscription: c.courses_subscription,
        standing: Standing::parse(&c.standing),
        standing_message: c.standing_message.clone(),
    })
}

pub fn package_of(repo: &dyn Repo, c: &CompanyRow) -> Result<Package> {
    let balance = repo.balance(c.id)?;
    Ok(Package {
        customer_code: c.code.clone(),
        balance_minutes: balance,
        overdrawn: balance < 0,
        movements: repo.movements(c.id)?,
    })
}

/// Staff: every customer.
pub fn list(repo: &dyn Repo, caller: &Caller) -> Result<Vec<Customer>> {
    caller.require_staff()?;
    repo.list_companies()?
        .iter()
        .map(|c| customer(repo, c))
        .collect()
}

/// Staff: one customer.
pub fn show(repo: &dyn Repo, caller: &Caller, code: &str) -> Result<Customer> {
    caller.require_staff()?;
    customer(repo, &company(repo, code)?)
}

/// The new customer's fields, as the rules check them.
pub fn check_new(req: &CreateCustomerRequest) -> Result<()> {
    validate::customer_code(&req.code).map_err(|m| Error::invalid("code", m))?;
    super::text("name", &req.name, 200)?;
    super::line("admin_email", &req.admin_email)?;
    super::email("admin_email", &req.admin_email)
}

/// Staff admin: creates a customer and its Administrator, who logs in with the customer code
/// and is mailed an invitation code (staff never set passwords).
pub fn create(
    repo: &dyn Repo,
    caller: &Caller,
    env: &Env,
    req: &CreateCustomerRequest,
) -> Result<Customer> {
    check_new(req)?;
    caller.require_staff_admin()?;
    let code = &req.code;
    let now = clock::now();
    let id = repo
        .insert_company(code, &req.name, &now)
        .map_err(|e| match e {
            StoreError::Duplicate(_) => Error::CustomerExists(code.clone()),
            other => other.into(),
        })?;
    let uid = repo
        .insert_user(
            &NewUser {
                account: code.clone(),
                role: Role::Admin,
                staff_admin: false,
                company_id: Some(id),
                name: "Administrator".into(),
                surname: req.name.clone(),
                email: req.admin_email.clone(),
                password_hash: String::new(),
                must_change_password: false,
                active: true,
                permissions: Permissions::default(),
                language: "it".into(),
            },
            &now,
        )
        .map_err(|e| match e {
            StoreError::Duplicate(Unique::Account) => Error::CodeIsAnAccount(code.clone()),
            other => other.into(),
        })?;
    let admin = repo
        .user_by_id(uid)?
        .ok_or_else(|| Error::Store(StoreError::Internal("admin vanished".into())))?;
    mail::user_created(repo, &admin, &env.public_url, &now)?;
    codes::send_password_code(repo, &admin, &env.settings, &env.public_url)?;
    customer(repo, &company(repo, code)?)
}

/// Staff: the customer's standing (`temporary` shows `message` as the banner; `suspended`
/// refuses their logins and tokens).
pub fn set_standing(
    repo: &dyn Repo,
    caller: &Caller,
    code: &str,
    standing: Standing,
    message: Option<&str>,
) -> Result<Customer> {
    if let Some(m) = message {
        super::text("message", m, 500)?;
    }
    caller.require_staff()?;
    let co = company(repo, code)?;
    repo.set_standing(co.id, standing.as_str(), message)?;
    customer(repo, &company(repo, code)?)
}

/// Staff: whether the customer's users may enrol in courses.
pub fn set_courses(repo: &dyn Repo, caller: &Caller, code: &str, on: bool) -> Result<Customer> {
    caller.require_staff()?;
    let co = company(repo, code)?;
    repo.set_courses_subscription(co.id, on)?;
    customer(repo, &company(repo, code)?)
}

/// Staff: the catalog sections the customer's contract enables.
pub fn contract(repo: &dyn Repo, caller: &Caller, code: &str) -> Result<Vec<CatalogMacroArea>> {
    caller.require_staff()?;
    let co = company(repo, code)?;
    Ok(tree(repo.catalog(Some(co.id))?))
}

/// Staff admin: replaces the sections of the customer's contract; every one must exist.
pub fn set_contract(
    repo: &dyn Repo,
    caller: &Caller,
    code: &str,
    sections: &[CatalogPath],
) -> Result<Vec<CatalogMacroArea>> {
    caller.require_staff_admin()?;
    let co = company(repo, code)?;
    let all = repo.catalog(None)?;
    let mut ids = Vec::new();
    let mut unknown = Vec::new();
    for p in sections {
        match find_section(&all, p) {
            Some(id) => ids.push(id),
            None => unknown.push(format!("{} › {} › {}", p.macro_area, p.area, p.section)),
        }
    }
    if !unknown.is_empty() {
        return Err(Error::NotInCatalog(unknown));
    }
    repo.set_contract(co.id, &ids)?;
    Ok(tree(repo.catalog(Some(co.id))?))
}

/// Staff: a customer's SMART balance in minutes, without its movements (the desk's ticket
/// page shows it beside every ticket).
pub fn balance(repo: &dyn Repo, caller: &Caller, code: &str) -> Result<i64> {
    caller.require_staff()?;
    Ok(repo.balance(company(repo, code)?.id)?)
}

/// Staff: a customer's SMART package.
pub fn package(repo: &dyn Repo, caller: &Caller, code: &str) -> Result<Package> {
    caller.require_staff()?;
    package_of(repo, &company(repo, code)?)
}

/// The caller's own company's SMART package.
pub fn own_package(repo: &dyn Repo, caller: &Caller) -> Result<Package> {
    let code = caller
        .user
        .company_code
        .as_deref()
        .ok_or(Error::StaffHaveNoPackage)?;
    package_of(repo, &company(repo, code)?)
}

/// Staff: adds minutes to the customer's SMART package (an overdraft is paid back first), or
/// takes some away as a correction, which needs its reason in the note.
pub fn grant(repo: &dyn Repo, caller: &Caller, code: &str, req: &GrantRequest) -> Result<Package> {
    if let Some(note) = &req.note {
        super::text("note", note, 500)?;
    }
    if req.minutes == 0 || !(-1_000_000..=1_000_000).contains(&req.minutes) {
        return Err(Error::range("minutes", -1_000_000, 1_000_000));
    }
    if req.minutes < 0 && req.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(Error::invalid(
            "note",
            validate::Invalid::CorrectionNeedsReason,
        ));
    }
    caller.require_staff()?;
    let co = company(repo, code)?;
    repo.add_movement(
        co.id,
        req.minutes,
        "grant",
        None,
        req.note.as_deref(),
        Some(caller.user.id),
        &clock::now(),
    )?;
    package_of(repo, &co)
}
