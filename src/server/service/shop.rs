//! The Store: packages of SMART minutes on sale (every company user sees them), orders
//! (placing one needs `acquisti=on`; Administrators always may), and for the help desk the
//! packages' catalogue and the decision on each order — confirming credits the minutes to the
//! SMART package with a movement naming the order. The buyer is mailed at each step.

use super::error::{CompanyTask, Missing, Reach, StaffTask};
use super::{Env, Error, Result};
use crate::domain::permissions::{Area, Level};
use crate::domain::validate::Invalid;
use crate::server::auth::Caller;
use crate::server::clock;
use crate::server::mail;
use crate::server::store::{OfferRow, OrderFilter, OrderRow, Repo, StoreError, Unique};
use crate::wire::{
    BuyRequest, EditStorePackage, NewStorePackage, Order, OrderPage, OrderQuery, OrderStatus, Role,
    StorePackage,
};

fn check_code(code: &str) -> Result<()> {
    let ok = (2..=32).contains(&code.len())
        && code
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "code",
            Invalid::PackageCode(code.to_owned()),
        ))
    }
}

fn check_numbers(minutes: Option<i64>, price: Option<i64>) -> Result<()> {
    if minutes.is_some_and(|m| !(1..=1_000_000).contains(&m)) {
        return Err(Error::range("minutes", 1, 1_000_000));
    }
    if price.is_some_and(|p| !(0..=100_000_000).contains(&p)) {
        return Err(Error::range("price_cents", 0, 100_000_000));
    }
    Ok(())
}

fn package(o: OfferRow) -> StorePackage {
    StorePackage {
        code: o.code,
        name: o.name,
        minutes: o.minutes,
        price_cents: o.price_cents,
        active: o.active,
    }
}

fn order(o: OrderRow) -> Order {
    Order {
        id: o.id,
        customer_code: o.customer_code,
        buyer: o.buyer_account,
        package_code: o.package_code,
        package_name: o.package_name,
        minutes: o.minutes,
        price_cents: o.price_cents,
        status: match o.status.as_str() {
            "confirmed" => OrderStatus::Confirmed,
            "rejected" => OrderStatus::Rejected,
            _ => OrderStatus::Pending,
        },
        reason: o.reason,
        created_at: o.created_at,
        decided_at: o.decided_at,
    }
}

/// Whose orders the caller sees: staff every company's (None); an Administrator, or a user
/// with `acquisti=on`, their company's.
fn order_scope(c: &Caller) -> Result<Option<i64>> {
    match c.user.role {
        Role::Staff => Ok(None),
        Role::Admin => Ok(c.user.company_id),
        Role::User if c.user.permissions.get(Area::Acquisti) == Level::On => Ok(c.user.company_id),
        Role::User => Err(Error::NeedsPermission {
            reach: Reach::Buying,
            permission: "acquisti=on".into(),
        }),
    }
}

/// Whether the caller may buy for their company (an Administrator, or a user with
/// `acquisti=on`).
pub fn may_buy(c: &Caller) -> bool {
    c.user.role != Role::Staff && matches!(order_scope(c), Ok(Some(_)))
}

fn require_staff(c: &Caller) -> Result<()> {
    c.require_staff_to(StaffTask::ManageStore)
}

fn no_order(id: i64) -> Error {
    Error::NotFound(Missing::Order(id))
}

/// The packages on sale, cheapest first (the help desk also sees withdrawn ones).
pub fn packages(repo: &dyn Repo, caller: &Caller) -> Result<Vec<StorePackage>> {
    Ok(repo
        .offers(caller.is_staff())?
        .into_iter()
        .map(package)
        .collect())
}

/// A new package's fields, as the rules check them.
pub fn check_new(req: &NewStorePackage) -> Result<()> {
    refusals_of_new(req).into_iter().next().map_or(Ok(()), Err)
}

/// Every field's refusal of a new package at once (a form shows them all), the code first.
pub fn refusals_of_new(req: &NewStorePackage) -> Vec<Error> {
    [
        check_code(&req.code),
        super::text("name", &req.name, 200),
        check_numbers(Some(req.minutes), None),
        check_numbers(None, Some(req.price_cents)),
    ]
    .into_iter()
    .filter_map(Result::err)
    .collect()
}

/// Staff: puts a package on sale.
pub fn add_package(
    repo: &dyn Repo,
    caller: &Caller,
    req: &NewStorePackage,
) -> Result<StorePackage> {
    check_new(req)?;
    require_staff(caller)?;
    let mut o = OfferRow {
        id: 0,
        code: req.code.clone(),
        name: req.name.clone(),
        minutes: req.minutes,
        price_cents: req.price_cents,
        active: true,
    };
    o.id = match repo.insert_offer(&o, &clock::now()) {
        Err(StoreError::Duplicate(Unique::Other)) => {
            return Err(Error::PackageExists(req.code.clone()));
        }
        r => r?,
    };
    Ok(package(o))
}

/// Staff: changes a package on sale (orders already placed keep their minutes and price);
/// `active: false` withdraws it.
pub fn edit_package(
    repo: &dyn Repo,
    caller: &Caller,
    code: &str,
    req: &EditStorePackage,
) -> Result<StorePackage> {
    if let Some(n) = &req.name {
        super::text("name", n, 200)?;
    }
    check_numbers(req.minutes, req.price_cents)?;
    require_staff(caller)?;
    let mut o = repo
        .offer_by_code(code)?
        .ok_or_else(|| Error::NotFound(Missing::Package(code.to_owned())))?;
    if let Some(n) = &req.name {
        o.name.clone_from(n);
    }
    o.minutes = req.minutes.unwrap_or(o.minutes);
    o.price_cents = req.price_cents.unwrap_or(o.price_cents);
    o.active = req.active.unwrap_or(o.active);
    repo.update_offer(&o, &clock::now())?;
    Ok(package(o))
}

/// Orders a package for the caller's company; it waits for the help desk.
pub fn buy(repo: &dyn Repo, caller: &Caller, env: &Env, req: &BuyRequest) -> Result<Order> {
    let company = order_scope(caller)?.ok_or(Error::CompanyUsersOnly(CompanyTask::BuyPackages))?;
    let offer = repo
        .offer_by_code(&req.package)?
        .filter(|o| o.active)
        .ok_or_else(|| Error::NotFound(Missing::Package(req.package.clone())))?;
    let now = clock::now();
    let id = repo.insert_order(company, caller.user.id, &offer, &now)?;
    let row = repo.order(id)?.ok_or_else(|| no_order(id))?;
    mail::order_event(repo, &row, &caller.user, &env.public_url, &now)?;
    Ok(order(row))
}

/// The orders the caller sees, newest first, a page at a time.
pub fn orders(repo: &dyn Repo, caller: &Caller, q: &OrderQuery) -> Result<OrderPage> {
    let (limit, before) = super::page(q.limit, q.cursor.as_deref())?;
    let f = OrderFilter {
        company: order_scope(caller)?,
        status: q.status.map(|s| s.as_str().to_owned()),
        before,
    };
    let (rows, has_more, next_cursor) = super::keyset(repo.orders(&f, limit + 1)?, limit, |r| r.id);
    Ok(OrderPage {
        items: rows.into_iter().map(order).collect(),
        has_more,
        next_cursor,
    })
}

/// An order the caller may see.
pub fn show_order(repo: &dyn Repo, caller: &Caller, id: i64) -> Result<Order> {
    let scope = order_scope(caller)?;
    repo.order(id)?
        .filter(|o| scope.is_none_or(|company| o.company_id == company))
        .map(order)
        .ok_or_else(|| no_order(id))
}

/// Staff: decides a pending order and mails the buyer; confirming credits the minutes.
fn decide(
    repo: &dyn Repo,
    caller: &Caller,
    env: &Env,
    id: i64,
    status: OrderStatus,
    reason: Option<&str>,
) -> Result<Order> {
    require_staff(caller)?;
    let before = repo.order(id)?.ok_or_else(|| no_order(id))?;
    let now = clock::now();
    if !repo.decide_order(id, status.as_str(), reason, caller.user.id, &now)? {
        return Err(Error::OrderDecided {
            id,
            status: before.status,
        });
    }
    let row = repo.order(id)?.ok_or_else(|| no_order(id))?;
    if status == OrderStatus::Confirmed {
        repo.credit_order(&row, caller.user.id, &now)?;
    }
    if let Some(buyer) = repo.user_by_id(row.buyer_id)? {
        mail::order_event(repo, &row, &buyer, &env.public_url, &now)?;
    }
    Ok(order(row))
}

/// Staff: confirms a pending order (its minutes go to the customer's SMART package).
pub fn confirm(repo: &dyn Repo, caller: &Caller, env: &Env, id: i64) -> Result<Order> {
    decide(repo, caller, env, id, OrderStatus::Confirmed, None)
}

/// Staff: rejects a pending order with a reason the buyer is mailed.
pub fn reject(repo: &dyn Repo, caller: &Caller, env: &Env, id: i64, reason: &str) -> Result<Order> {
    super::text("reason", reason, 500)?;
    decide(repo, caller, env, id, OrderStatus::Rejected, Some(reason))
}
