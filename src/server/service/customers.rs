//! Customers and their SMART package as the API shows them, shared by the customers, package,
//! catalog and users routes.

use crate::server::error::ApiResult;
use crate::server::service::{self, error::Missing};
use crate::server::store::{CompanyRow, Repo};
use crate::wire::{Customer, Package, Role};

/// The company with this code.
pub fn company(repo: &dyn Repo, code: &str) -> service::Result<CompanyRow> {
    repo.company_by_code(code)?
        .ok_or_else(|| service::Error::NotFound(Missing::Customer(code.to_owned())))
}

pub fn customer(repo: &dyn Repo, c: &CompanyRow) -> ApiResult<Customer> {
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
        standing: crate::domain::standing::Standing::parse(&c.standing),
        standing_message: c.standing_message.clone(),
    })
}

pub fn package_of(repo: &dyn Repo, c: &CompanyRow) -> ApiResult<Package> {
    let balance = repo.balance(c.id)?;
    Ok(Package {
        customer_code: c.code.clone(),
        balance_minutes: balance,
        overdrawn: balance < 0,
        movements: repo.movements(c.id)?,
    })
}
