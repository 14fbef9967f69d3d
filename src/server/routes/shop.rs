//! The Store over HTTP — `/store`: each handler decodes, calls one function of
//! [`service::shop`](crate::server::service::shop) and encodes.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ApiPath, ApiQuery};
use crate::server::AppState;
use crate::server::auth::Auth;
use crate::server::error::ApiResult;
use crate::server::service::shop;
use crate::wire::{
    BuyRequest, EditStorePackage, ErrorBody, NewStorePackage, Order, OrderPage, OrderQuery,
    RejectRequest, StorePackage,
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

#[utoipa::path(get, path = "/api/v1/store/packages", tag = "store",
    description = "The packages of SMART minutes on sale, cheapest first (the help desk also sees withdrawn ones).",
    responses((status = 200, body = Vec<StorePackage>)),
    security(("bearer" = [])))]
pub async fn packages(
    State(st): State<AppState>,
    auth: Auth,
) -> ApiResult<axum::Json<Vec<StorePackage>>> {
    let v = st.read(auth, move |r, c| Ok(shop::packages(r, c)?)).await?;
    Ok(axum::Json(v))
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
    let v = st
        .write(auth, move |r, c| Ok(shop::add_package(r, c, &req)?))
        .await?;
    Ok((StatusCode::CREATED, axum::Json(v)))
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
    let v = st
        .write(auth, move |r, c| Ok(shop::edit_package(r, c, &code, &req)?))
        .await?;
    Ok(axum::Json(v))
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
    let env = st.env();
    let v = st
        .write(auth, move |r, c| Ok(shop::buy(r, c, &env, &req)?))
        .await?;
    Ok((StatusCode::CREATED, axum::Json(v)))
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
    let v = st
        .read(auth, move |r, c| Ok(shop::orders(r, c, &q)?))
        .await?;
    Ok(axum::Json(v))
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
    let v = st
        .read(auth, move |r, c| Ok(shop::show_order(r, c, id)?))
        .await?;
    Ok(axum::Json(v))
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
    let env = st.env();
    let v = st
        .write(auth, move |r, c| Ok(shop::confirm(r, c, &env, id)?))
        .await?;
    Ok(axum::Json(v))
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
    let env = st.env();
    let v = st
        .write(auth, move |r, c| {
            Ok(shop::reject(r, c, &env, id, &req.reason)?)
        })
        .await?;
    Ok(axum::Json(v))
}
