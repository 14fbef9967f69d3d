//! The SMART package: balance, movements and grants.

#[allow(clippy::wildcard_imports)]
use super::*;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Package {
    pub customer_code: String,
    pub balance_minutes: i64,
    /// True when replies consumed more minutes than were granted.
    pub overdrawn: bool,
    pub movements: Vec<PackageMovement>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PackageMovement {
    pub at: String,
    /// Positive for grants, negative for consumption.
    pub minutes: i64,
    /// `grant` or `consumption`.
    pub kind: String,
    pub ticket: Option<i64>,
    /// The Store order this grant paid for.
    #[serde(default)]
    pub order: Option<i64>,
    pub note: Option<String>,
    pub by: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantRequest {
    /// Minutes to add (1 to 1,000,000), or to take away as a correction (-1 to -1,000,000,
    /// which needs a `note` saying why); never 0.
    #[serde(deserialize_with = "whole::i64")]
    #[schema(schema_with = schemas::grant_minutes)]
    pub minutes: i64,
    #[serde(default)]
    #[schema(schema_with = schemas::line_500_or_null)]
    pub note: Option<String>,
}
