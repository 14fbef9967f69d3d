//! The Store: packages on sale, orders; the desk's catalogue of packages and its decisions.

use super::{ApiClient, segment};
use crate::error::CliResult;
use crate::wire::{
    BuyRequest, EditStorePackage, NewStorePackage, Order, OrderPage, OrderStatus, RejectRequest,
    StorePackage,
};

impl ApiClient {
    pub async fn store_packages(&self) -> CliResult<Vec<StorePackage>> {
        self.get("/store/packages").await
    }

    pub async fn add_store_package(&self, req: &NewStorePackage) -> CliResult<StorePackage> {
        self.post("/store/packages", req).await
    }

    pub async fn edit_store_package(
        &self,
        code: &str,
        req: &EditStorePackage,
    ) -> CliResult<StorePackage> {
        self.patch(&format!("/store/packages/{}", segment(code)), req)
            .await
    }

    /// Places an order (never retried: a repeat would be a second order).
    pub async fn buy(&self, package: &str) -> CliResult<Order> {
        self.post(
            "/store/orders",
            &BuyRequest {
                package: package.to_owned(),
            },
        )
        .await
    }

    pub async fn orders(
        &self,
        status: Option<OrderStatus>,
        limit: usize,
        cursor: Option<&str>,
    ) -> CliResult<OrderPage> {
        let q = crate::wire::OrderQuery {
            status,
            limit: Some(i64::try_from(limit).unwrap_or(i64::MAX)),
            cursor: cursor.map(str::to_owned),
        };
        self.get(&super::with_query("/store/orders", &q)).await
    }

    pub async fn confirm_order(&self, id: i64) -> CliResult<Order> {
        self.post(
            &format!("/store/orders/{id}/confirm"),
            &serde_json::json!({}),
        )
        .await
    }

    pub async fn reject_order(&self, id: i64, reason: &str) -> CliResult<Order> {
        self.post(
            &format!("/store/orders/{id}/reject"),
            &RejectRequest {
                reason: reason.to_owned(),
            },
        )
        .await
    }
}
