//! The Store: packages on sale and orders.

#[allow(clippy::wildcard_imports)]
use super::*;

/// A package of SMART minutes on sale.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StorePackage {
    pub code: String,
    pub name: String,
    pub minutes: i64,
    /// Price in euro cents.
    pub price_cents: i64,
    /// False once withdrawn from sale (only the help desk sees those).
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStorePackage {
    #[schema(pattern = r"^[A-Za-z0-9][A-Za-z0-9-]{1,31}$")]
    pub code: String,
    #[schema(schema_with = schemas::line_200)]
    pub name: String,
    #[serde(deserialize_with = "whole::i64")]
    #[schema(minimum = 1, maximum = 1_000_000)]
    pub minutes: i64,
    #[serde(deserialize_with = "whole::i64")]
    #[schema(minimum = 0, maximum = 100_000_000)]
    pub price_cents: i64,
}

/// A change to a package on sale: only what is given changes.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditStorePackage {
    #[serde(default)]
    #[schema(schema_with = schemas::line_200_or_null)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "whole::opt_i64")]
    #[schema(minimum = 1, maximum = 1_000_000)]
    pub minutes: Option<i64>,
    #[serde(default, deserialize_with = "whole::opt_i64")]
    #[schema(minimum = 0, maximum = 100_000_000)]
    pub price_cents: Option<i64>,
    #[serde(default)]
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BuyRequest {
    /// The code of a package on sale.
    #[schema(pattern = r"^[A-Za-z0-9][A-Za-z0-9-]{1,31}$")]
    pub package: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum OrderStatus {
    Pending,
    Confirmed,
    Rejected,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Rejected => "rejected",
        }
    }
}

/// An order for a package, with what was bought at the price of the day.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Order {
    pub id: i64,
    pub customer_code: String,
    /// The account that placed it.
    pub buyer: String,
    pub package_code: String,
    pub package_name: String,
    pub minutes: i64,
    pub price_cents: i64,
    pub status: OrderStatus,
    /// Why it was rejected.
    pub reason: Option<String>,
    pub created_at: String,
    pub decided_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OrderPage {
    pub items: Vec<Order>,
    pub has_more: bool,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    #[schema(schema_with = schemas::line_500)]
    pub reason: String,
}

/// The query of `GET /store/orders`, declared once (serde on both sides).
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OrderQuery {
    /// Only orders in this status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<OrderStatus>,
    /// Items per page (1 to 200, default 50).
    #[param(minimum = 1, maximum = 200)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[0-9]{1,18}$")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}
