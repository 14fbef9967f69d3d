//! The Store — `/store`: packages of SMART minutes on sale (every company user sees them),
//! orders (placing one needs `acquisti=on`), and for the help desk the packages' catalogue and
//! the decision on each order: confirming credits the minutes to the SMART package with a
//! movement pointing at the order. The buyer is mailed at each step.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiPath, ApiQuery, check_text};
use crate::domain::permissions::{Area, Level};
use crate::server::AppState;
use crate::server::auth::{Auth, Caller};
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::mail;
use crate::server::store::{OfferRow, OrderFilter, OrderRow, Repo, StoreError, Unique};
use crate::wire::{
    BuyRequest, EditStorePackage, ErrorBody, NewStorePackage, Order, OrderPage, OrderStatus,
    RejectRequest, Role, StorePackage,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(packages, add_package))
        .routes(routes!(edit_package))
        .routes(routes!(orders, buy))
        .routes(routes!(show_order))
        .routes(routes!(confirm))
        .routes(routes!(reject))
}

const CODE_RULE: &str = "use 2 to 32 letters, digits or `-`, starting with a letter or digit";

fn check_code(code: &str) -> ApiResult<()> {
    let ok = (2..=32).contains(&code.len())
        && code
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "code",
            format!("invalid package code `{code}`: {CODE_RULE}"),
        ))
    }
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

/// Whose orders the caller sees: staff every company's; an Administrator, or a user with
/// `acquisti=on`, their company's.
fn order_scope(c: &Caller) -> ApiResult<Option<i64>> {
    match c.user.role {
        Role::Staff => Ok(None),
        Role::Admin => Ok(c.user.company_id),
        Role::User if c.user.permissions.get(Area::Acquisti) == Level::On => Ok(c.user.company_id),
        Role::User => Err(ApiError::forbidden(
            "permission_denied",
            "buying and the company's orders need the permission acquisti=on; ask your company's Administrator",
        )),
    }
}

fn require_staff(c: &Caller) -> ApiResult<()> {
    Ok(c.require_staff_to(crate::server::service::error::StaffTask::ManageStore)?)
}

fn no_package(code: &str) -> ApiError {
    ApiError::not_found(format!("no package `{code}` on sale; see `lhs store list`"))
}

fn no_order(id: i64) -> ApiError {
    ApiError::not_found(format!("no order {id}"))
}

#[utoipa::path(get, path = "/api/v1/store/packages", tag = "store",
    description = "The packages of SMART minutes on sale, cheapest first (the help desk also sees withdrawn ones).",
    responses((status = 200, body = Vec<StorePackage>)),
    security(("bearer" = [])))]
pub async fn packages(
    State(st): State<AppState>,
    auth: Auth,
) -> ApiResult<axum::Json<Vec<StorePackage>>> {
    let list = st
        .read(auth, |repo, c| {
            Ok(repo
                .offers(c.is_staff())?
                .into_iter()
                .map(package)
                .collect())
        })
        .await?;
    Ok(axum::Json(list))
}

#[utoipa::path(post, path = "/api/v1/store/packages", tag = "desk",
    request_body = NewStorePackage,
    responses((status = 201, body = StorePackage), (status = 403, body = ErrorBody), (status = 409, description = "`package_exists`", body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_package(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<NewStorePackage>,
) -> ApiResult<(StatusCode, axum::Json<StorePackage>)> {
    check_code(&req.code)?;
    check_text("name", &req.name, 200)?;
    check_numbers(Some(req.minutes), Some(req.price_cents))?;
    let p = st
        .write(auth, move |repo, c| {
            require_staff(c)?;
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
                    return Err(ApiError::conflict(
                        "package_exists",
                        format!("a package `{}` already exists; change it with `lhs desk store packages edit`", req.code),
                    ));
                }
                r => r?,
            };
            Ok(package(o))
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(p)))
}

fn check_numbers(minutes: Option<i64>, price: Option<i64>) -> ApiResult<()> {
    if minutes.is_some_and(|m| !(1..=1_000_000).contains(&m)) {
        return Err(ApiError::invalid(
            "minutes",
            "`minutes` must be from 1 to 1000000",
        ));
    }
    if price.is_some_and(|p| !(0..=100_000_000).contains(&p)) {
        return Err(ApiError::invalid(
            "price_cents",
            "`price_cents` must be from 0 to 100000000",
        ));
    }
    Ok(())
}

#[utoipa::path(patch, path = "/api/v1/store/packages/{code}", tag = "desk",
    description = "Changes a package on sale; orders already placed keep their minutes and price. `active: false` withdraws it from sale.",
    params(("code" = String, Path)),
    request_body = EditStorePackage,
    responses((status = 200, body = StorePackage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn edit_package(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<EditStorePackage>,
) -> ApiResult<axum::Json<StorePackage>> {
    if let Some(n) = &req.name {
        check_text("name", n, 200)?;
    }
    check_numbers(req.minutes, req.price_cents)?;
    let p = st
        .write(auth, move |repo, c| {
            require_staff(c)?;
            let mut o = repo
                .offer_by_code(&code)?
                .ok_or_else(|| no_package(&code))?;
            if let Some(n) = &req.name {
                o.name.clone_from(n);
            }
            o.minutes = req.minutes.unwrap_or(o.minutes);
            o.price_cents = req.price_cents.unwrap_or(o.price_cents);
            o.active = req.active.unwrap_or(o.active);
            repo.update_offer(&o, &clock::now())?;
            Ok(package(o))
        })
        .await?;
    Ok(axum::Json(p))
}

#[utoipa::path(post, path = "/api/v1/store/orders", tag = "store",
    description = "Orders a package for the caller's company: needs `acquisti=on` (Administrators always may). The order waits for the help desk; the buyer is mailed now and at the decision.",
    request_body = BuyRequest,
    responses((status = 201, body = Order), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn buy(
    State(st): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<BuyRequest>,
) -> ApiResult<(StatusCode, axum::Json<Order>)> {
    let url = st.public_url.clone();
    let o = st
        .write(auth, move |repo, c| {
            let Some(company) = order_scope(c)? else {
                return Err(ApiError::forbidden(
                    "company_users_only",
                    "the help desk does not buy packages; customers do",
                ));
            };
            let offer = repo
                .offer_by_code(&req.package)?
                .filter(|o| o.active)
                .ok_or_else(|| no_package(&req.package))?;
            let now = clock::now();
            let id = repo.insert_order(company, c.user.id, &offer, &now)?;
            let row = repo.order(id)?.ok_or_else(|| no_order(id))?;
            mail::order_event(repo, &row, &c.user, &url, &now)?;
            Ok(order(row))
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(o)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OrderQuery {
    /// Only orders in this status.
    pub status: Option<OrderStatus>,
    /// Items per page (1 to 200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[0-9]{1,18}$")]
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/store/orders", tag = "store",
    description = "Orders, newest first: the company's (Administrator, or `acquisti=on`), every company's for the help desk.",
    params(OrderQuery),
    responses((status = 200, body = OrderPage), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn orders(
    State(st): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<OrderQuery>,
) -> ApiResult<axum::Json<OrderPage>> {
    let (limit, before) = super::page_params(q.limit, q.cursor.as_deref())?;
    let page = st
        .read(auth, move |repo, c| {
            let f = OrderFilter {
                company: order_scope(c)?,
                status: q.status.map(|s| s.as_str().to_owned()),
                before,
            };
            let (rows, has_more, next_cursor) =
                super::keyset(repo.orders(&f, limit + 1)?, limit, |r| r.id);
            Ok(OrderPage {
                items: rows.into_iter().map(order).collect(),
                has_more,
                next_cursor,
            })
        })
        .await?;
    Ok(axum::Json(page))
}

/// An order the caller may see, or 404.
fn visible_order(repo: &dyn Repo, c: &Caller, id: i64) -> ApiResult<OrderRow> {
    let scope = order_scope(c)?;
    repo.order(id)?
        .filter(|o| scope.is_none_or(|company| o.company_id == company))
        .ok_or_else(|| no_order(id))
}

#[utoipa::path(get, path = "/api/v1/store/orders/{id}", tag = "store",
    params(("id" = i64, Path)),
    responses((status = 200, body = Order), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show_order(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<axum::Json<Order>> {
    let o = st
        .read(auth, move |repo, c| Ok(order(visible_order(repo, c, id)?)))
        .await?;
    Ok(axum::Json(o))
}

/// Decides a pending order (staff), mails the buyer; `credit` also adds the minutes.
fn decide(
    repo: &dyn Repo,
    c: &Caller,
    id: i64,
    status: OrderStatus,
    reason: Option<&str>,
    url: &str,
) -> ApiResult<Order> {
    require_staff(c)?;
    let before = repo.order(id)?.ok_or_else(|| no_order(id))?;
    let now = clock::now();
    if !repo.decide_order(id, status.as_str(), reason, c.user.id, &now)? {
        return Err(ApiError::conflict(
            "order_decided",
            format!("order {id} is already {}", before.status),
        )
        .with_details(json!({"status": before.status})));
    }
    let row = repo.order(id)?.ok_or_else(|| no_order(id))?;
    if status == OrderStatus::Confirmed {
        repo.credit_order(&row, c.user.id, &now)?;
    }
    if let Some(buyer) = repo.user_by_id(row.buyer_id)? {
        mail::order_event(repo, &row, &buyer, url, &now)?;
    }
    Ok(order(row))
}

#[utoipa::path(post, path = "/api/v1/store/orders/{id}/confirm", tag = "desk",
    description = "Confirms a pending order: its minutes are credited to the customer's SMART package (a grant whose movement names the order) and the buyer is mailed.",
    params(("id" = i64, Path)),
    responses((status = 200, body = Order), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, description = "`order_decided`", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn confirm(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<axum::Json<Order>> {
    let url = st.public_url.clone();
    let o = st
        .write(auth, move |repo, c| {
            decide(repo, c, id, OrderStatus::Confirmed, None, &url)
        })
        .await?;
    Ok(axum::Json(o))
}

#[utoipa::path(post, path = "/api/v1/store/orders/{id}/reject", tag = "desk",
    description = "Rejects a pending order with a reason, which the buyer is mailed.",
    params(("id" = i64, Path)),
    request_body = RejectRequest,
    responses((status = 200, body = Order), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, description = "`order_decided`", body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn reject(
    State(st): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<RejectRequest>,
) -> ApiResult<axum::Json<Order>> {
    check_text("reason", &req.reason, 500)?;
    let url = st.public_url.clone();
    let o = st
        .write(auth, move |repo, c| {
            decide(repo, c, id, OrderStatus::Rejected, Some(&req.reason), &url)
        })
        .await?;
    Ok(axum::Json(o))
}
