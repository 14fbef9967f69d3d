//! The Store: packages of SMART minutes on sale, and the orders customers place for them. An
//! order keeps the package's minutes and price of the day; the help desk confirms it (the
//! minutes are credited with a package movement pointing at the order) or rejects it.

use super::StoreResult;

#[derive(Debug, Clone)]
pub struct OfferRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub minutes: i64,
    pub price_cents: i64,
    pub active: bool,
}

#[derive(Debug, Clone)]
pub struct OrderRow {
    pub id: i64,
    pub company_id: i64,
    pub customer_code: String,
    pub buyer_id: i64,
    pub buyer_account: String,
    pub package_code: String,
    pub package_name: String,
    pub minutes: i64,
    pub price_cents: i64,
    /// `pending`, `confirmed` or `rejected`.
    pub status: String,
    pub reason: Option<String>,
    pub created_at: String,
    pub decided_at: Option<String>,
}

#[derive(Debug, Clone)]
pub struct OrderFilter {
    pub company: Option<i64>,
    pub status: Option<String>,
    /// Keyset cursor: only ids below.
    pub before: Option<i64>,
}

pub trait ShopRepo {
    /// Sorted by price; inactive ones only when asked.
    fn offers(&self, include_inactive: bool) -> StoreResult<Vec<OfferRow>>;
    /// Case-insensitive.
    fn offer_by_code(&self, code: &str) -> StoreResult<Option<OfferRow>>;
    /// Fails with `Duplicate(Other)` when the code is taken.
    fn insert_offer(&self, o: &OfferRow, now: &str) -> StoreResult<i64>;
    fn update_offer(&self, o: &OfferRow, now: &str) -> StoreResult<()>;
    fn insert_order(
        &self,
        company: i64,
        buyer: i64,
        offer: &OfferRow,
        now: &str,
    ) -> StoreResult<i64>;
    /// Newest first, up to `limit`.
    fn orders(&self, f: &OrderFilter, limit: i64) -> StoreResult<Vec<OrderRow>>;
    fn order(&self, id: i64) -> StoreResult<Option<OrderRow>>;
    /// Decides a pending order; false when it was no longer pending.
    fn decide_order(
        &self,
        id: i64,
        status: &str,
        reason: Option<&str>,
        by: i64,
        now: &str,
    ) -> StoreResult<bool>;
    /// Credits a confirmed order's minutes to the company's package.
    fn credit_order(&self, order: &OrderRow, by: i64, now: &str) -> StoreResult<()>;
}
