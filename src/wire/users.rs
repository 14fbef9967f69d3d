//! The company's operative users and their mail language.

#[allow(clippy::wildcard_imports)]
use super::*;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct User {
    pub account: String,
    pub name: String,
    pub surname: String,
    pub email: String,
    pub role: Role,
    pub active: bool,
    pub customer_code: Option<String>,
    #[schema(value_type = BTreeMap<String, String>)]
    pub permissions: PermissionMap,
    /// True when the password was set by someone else and must be changed at next login.
    pub must_change_password: bool,
    /// True while the user has not chosen a password yet (an invitation code was mailed).
    #[serde(default)]
    pub invitation_pending: bool,
    /// The language of the user's mails.
    #[serde(default)]
    pub language: Language,
    pub created_at: String,
    pub updated_at: String,
}

/// The language of a user's mails: Italian (the default) or English.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    It,
    En,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::It => "it",
            Language::En => "en",
        }
    }

    /// `it`/`en`, also `italiano`/`english`, `ita`/`eng`, any case.
    pub fn parse(s: &str) -> Option<Language> {
        match s.trim().to_ascii_lowercase().as_str() {
            "it" | "ita" | "italiano" | "italian" => Some(Language::It),
            "en" | "eng" | "english" | "inglese" => Some(Language::En),
            _ => None,
        }
    }
}

#[derive(Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[schema(schema_with = schemas::line_100)]
    pub name: String,
    #[schema(schema_with = schemas::line_100)]
    pub surname: String,
    #[schema(schema_with = schemas::email)]
    pub email: String,
    #[schema(schema_with = schemas::account)]
    pub account: String,
    /// Omit to have the server mail the user a single-use invitation code to choose a
    /// password. Given, it is an initial password the user must change at the first login.
    /// No password is ever mailed.
    #[serde(default)]
    #[schema(schema_with = schemas::password_or_null)]
    pub password: Option<String>,
    /// Partial matrix; unnamed areas get the manual's defaults.
    #[serde(default)]
    #[schema(schema_with = schemas::permissions)]
    pub permissions: Option<PermissionMap>,
    /// Default true.
    #[serde(default)]
    pub active: Option<bool>,
    /// The language of the user's mails (default `it`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

#[derive(Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = schemas::line_100_or_null)]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = schemas::line_100_or_null)]
    pub surname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = schemas::email_or_null)]
    pub email: Option<String>,
    /// Partial matrix merged over the current one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = schemas::permissions)]
    pub permissions: Option<PermissionMap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// Administrator only: sets a password the user must change at the next login (every
    /// session of the user is signed out). Staff cannot set passwords (403).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = schemas::password_or_null)]
    pub password: Option<String>,
}

/// The filters of `GET /users`, declared once: the CLI writes them with serde, the server
/// reads them with serde.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UserQuery {
    /// Staff only: limit to one customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// Users whose account, name, surname or e-mail contains every word (any case).
    #[param(pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only enabled (`true`) or only disabled (`false`) users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// A help-desk account (a technician). Staff administrators also manage customers, the
/// catalog, contracts and the other technicians.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StaffMember {
    pub account: String,
    pub name: String,
    pub surname: String,
    pub email: String,
    pub staff_admin: bool,
    pub active: bool,
    /// True while the technician has not chosen a password yet (an invitation was mailed).
    pub invitation_pending: bool,
    pub language: Language,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateStaffRequest {
    #[schema(schema_with = schemas::account)]
    pub account: String,
    #[schema(schema_with = schemas::line_100)]
    pub name: String,
    #[schema(schema_with = schemas::line_100)]
    pub surname: String,
    /// The address the invitation (a single-use code to choose a password) goes to.
    #[schema(schema_with = schemas::email)]
    pub email: String,
    /// A staff administrator too (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_admin: Option<bool>,
    /// The language of the technician's mails and pages (default `it`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

/// What a staff administrator changes of a technician; an administrator cannot change their
/// own flags (so the desk always keeps an administrator who can).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateStaffRequest {
    /// False disables the account and ends every session of it at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_admin: Option<bool>,
}
