//! Customers (the help desk's view), their standing and their creation.

#[allow(clippy::wildcard_imports)]
use super::*;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Customer {
    pub code: String,
    pub name: String,
    pub admin_email: String,
    pub balance_minutes: i64,
    pub users: i64,
    pub created_at: String,
    /// The company's users may enrol in courses.
    #[serde(default)]
    pub courses_subscription: bool,
    #[serde(default = "standing_ok")]
    pub standing: crate::domain::standing::Standing,
    #[serde(default)]
    pub standing_message: Option<String>,
}

fn standing_ok() -> crate::domain::standing::Standing {
    crate::domain::standing::Standing::Ok
}

/// The help desk sets a customer's standing.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StandingRequest {
    pub standing: crate::domain::standing::Standing,
    /// Shown to the company's users instead of the manual's banner (temporary), or in the
    /// refusal (suspended).
    #[serde(default)]
    #[schema(schema_with = schemas::line_500_or_null)]
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCustomerRequest {
    #[schema(schema_with = schemas::customer_code)]
    pub code: String,
    #[schema(schema_with = schemas::line_200)]
    pub name: String,
    /// The Administrator's address; it receives an invitation code to choose a password.
    #[schema(schema_with = schemas::email)]
    pub admin_email: String,
}
