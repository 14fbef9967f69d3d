//! Logging in, the caller (`/me`), passwords and personal API tokens.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The permission matrix: area (Italian key) → level.
pub type PermissionMap = BTreeMap<String, String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Help-desk technician of the provider.
    Staff,
    /// The customer's Administrator (logs in with the customer code).
    Admin,
    /// An operative user of a customer.
    User,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Admin => "admin",
            Role::User => "user",
        }
    }
}

#[derive(Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub account: String,
    pub password: String,
}

#[derive(Clone, Serialize, Deserialize, ToSchema)]
pub struct LoginResponse {
    /// Opaque session token; send it as `Authorization: Bearer …`.
    pub token: String,
    pub expires_at: String,
    /// When true every call but `/me`, `/auth/password` and `/auth/logout` answers 403
    /// `password_change_required` until the password is changed.
    pub must_change_password: bool,
    pub me: Me,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub account: String,
    pub role: Role,
    /// Staff only: may manage customers, catalog and contracts.
    pub staff_admin: bool,
    pub name: String,
    pub surname: String,
    pub email: String,
    pub customer_code: Option<String>,
    pub company_name: Option<String>,
    /// Operative users only; `null` for staff and Administrators.
    #[schema(value_type = Option<BTreeMap<String, String>>)]
    pub permissions: Option<PermissionMap>,
    pub must_change_password: bool,
    /// `session` or `api` (personal token).
    pub token_kind: String,
    pub token_expires_at: String,
    /// The company's standing (`ok`, `temporary`); null for staff.
    #[serde(default)]
    pub standing: Option<crate::domain::standing::Standing>,
    /// The banner to show while the standing is `temporary`.
    #[serde(default)]
    pub standing_message: Option<String>,
    /// The language of the user's mails and portal pages.
    #[serde(default)]
    pub language: crate::wire::Language,
}

/// What a user changes of their own account (`PATCH /me`); the rest is their
/// Administrator's.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeRequest {
    /// The language of the user's mails and portal pages.
    #[serde(default)]
    pub language: Option<crate::wire::Language>,
}

#[derive(Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    #[schema(schema_with = schemas::password)]
    pub new_password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForgotPasswordRequest {
    #[schema(schema_with = schemas::no_control)]
    pub account: String,
}

#[derive(Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    /// The single-use code received by e-mail: a reset code (`lhs_r_…`) or an invitation
    /// code (`lhs_i_…`).
    pub token: String,
    #[schema(schema_with = schemas::password)]
    pub new_password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTokenRequest {
    #[schema(schema_with = schemas::line_100)]
    pub name: String,
    /// Lifetime in seconds (1 s to 366 days); default 30 days.
    #[serde(default)]
    #[serde(deserialize_with = "whole::opt_u64")]
    #[schema(minimum = 1, maximum = 31_622_400)]
    pub expires_in_seconds: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub expires_at: String,
    /// Recorded to the minute.
    pub last_used_at: Option<String>,
    pub revoked: bool,
    pub expired: bool,
}

#[derive(Clone, Serialize, Deserialize, ToSchema)]
pub struct CreatedToken {
    #[serde(flatten)]
    pub info: ApiToken,
    /// The secret, shown only in this response.
    pub token: String,
}
