//! The HTTP contract: request and response bodies of `/api/v1`, shared by the server (which
//! produces them) and the CLI's API client (which consumes them). Field names are snake_case
//! and stable; timestamps are RFC 3339 UTC strings.
//!
//! Only types live here, no behaviour beyond serde and OpenAPI schemas.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use crate::domain::ticket::{Action, Priority, TicketState};

/// Every error body: a stable machine code, a sentence for people, optional details.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// Stable identifier, e.g. `not_found`, `password_change_required`, `invalid_transition`.
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

/// JSON Schema calls `1.0` an integer: whole numbers written with a fraction part are accepted
/// where an integer is expected; anything with a real fraction is refused.
mod whole {
    use serde::{Deserialize, Deserializer, de::Error};

    fn whole(v: &serde_json::Number) -> Option<i64> {
        v.as_i64().or_else(|| {
            v.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
                .map(|f| {
                    #[allow(clippy::cast_possible_truncation)]
                    let n = f as i64;
                    n
                })
        })
    }

    fn one<'de, D: Deserializer<'de>>(n: serde_json::Number) -> Result<i64, D::Error> {
        whole(&n).ok_or_else(|| D::Error::custom("invalid type: number, expected a whole number"))
    }

    pub fn i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        one::<D>(serde_json::Number::deserialize(d)?)
    }

    pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        Option::<serde_json::Number>::deserialize(d)?
            .map(one::<D>)
            .transpose()
    }

    pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        match Option::<serde_json::Number>::deserialize(d)? {
            None => Ok(None),
            Some(n) => u64::try_from(one::<D>(n)?)
                .map(Some)
                .map_err(|_| D::Error::custom("invalid value: expected a positive number")),
        }
    }

    pub fn vec_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
        Vec::<serde_json::Number>::deserialize(d)?
            .into_iter()
            .map(one::<D>)
            .collect()
    }
}

/// Schemas of constrained strings, from the patterns of [`crate::domain::validate`], so the
/// OpenAPI document states exactly what the server accepts.
pub mod schemas {
    use utoipa::openapi::Object;
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};

    use crate::domain::permissions::Area;
    use crate::domain::validate::patterns;

    fn text(pattern: &str, max: Option<usize>, nullable: bool) -> Object {
        let ty = if nullable {
            SchemaType::from_iter([Type::String, Type::Null])
        } else {
            SchemaType::Type(Type::String)
        };
        ObjectBuilder::new()
            .schema_type(ty)
            .pattern(Some(pattern))
            .max_length(max)
            .build()
    }

    pub fn line_100() -> Object {
        text(patterns::ONE_LINE, Some(100), false)
    }
    pub fn line_100_or_null() -> Object {
        text(patterns::ONE_LINE, Some(100), true)
    }
    pub fn line_200() -> Object {
        text(patterns::ONE_LINE, Some(200), false)
    }
    pub fn line_500() -> Object {
        text(patterns::ONE_LINE, Some(500), false)
    }
    pub fn line_500_or_null() -> Object {
        text(patterns::ONE_LINE, Some(500), true)
    }
    pub fn line_200_or_null() -> Object {
        text(patterns::ONE_LINE, Some(200), true)
    }
    pub fn long_text_or_null() -> Object {
        text(patterns::MULTI_LINE, Some(50_000), true)
    }
    pub fn summary_or_null() -> Object {
        text(patterns::MULTI_LINE_OR_EMPTY, Some(2_000), true)
    }
    pub fn web_address_or_null() -> Object {
        text(patterns::WEB_ADDRESS, Some(2_000), true)
    }
    pub fn long_text() -> Object {
        text(patterns::MULTI_LINE, Some(50_000), false)
    }
    pub fn no_control() -> Object {
        text(patterns::NO_CONTROL, None, false)
    }
    pub fn password() -> Object {
        text(patterns::PASSWORD, None, false)
    }
    pub fn password_or_null() -> Object {
        text(patterns::PASSWORD, None, true)
    }
    pub fn email() -> Object {
        text(patterns::EMAIL, Some(254), false)
    }
    pub fn email_or_null() -> Object {
        text(patterns::EMAIL, Some(254), true)
    }
    pub fn account() -> Object {
        text(patterns::ACCOUNT, None, false)
    }
    /// 1 to 1000 customer codes.
    pub fn customer_codes() -> utoipa::openapi::schema::Array {
        utoipa::openapi::schema::ArrayBuilder::new()
            .items(customer_code())
            .min_items(Some(1))
            .max_items(Some(1000))
            .build()
    }
    pub fn customer_code() -> Object {
        text(patterns::CUSTOMER_CODE, None, false)
    }

    /// A partial permission matrix: Italian area keys or their English aliases, each with the
    /// levels that area accepts.
    pub fn permissions() -> Object {
        let mut b = ObjectBuilder::new()
            .schema_type(SchemaType::from_iter([Type::Object, Type::Null]))
            .description(Some(
                "area → level; unnamed areas keep their level (or the manual's default)",
            ));
        for area in Area::ALL {
            let levels: Vec<&str> = area.levels().iter().map(|l| l.as_str()).collect();
            for key in [area.key(), area.alias()] {
                b = b.property(
                    key,
                    ObjectBuilder::new()
                        .schema_type(SchemaType::Type(Type::String))
                        .enum_values(Some(levels.clone())),
                );
            }
        }
        let mut o = b.build();
        // No other keys: `additionalProperties: false`.
        o.additional_properties = Some(Box::new(
            utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
        ));
        o
    }
}

/// `Debug` for types that carry a password or a token: the secret fields print as
/// `(redacted)`, so a stray `{:?}` in a log never leaks one.
macro_rules! redacted_debug {
    ($ty:ident { $($field:ident),* } secret { $($secret:ident),* }) => {
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut d = f.debug_struct(stringify!($ty));
                $(d.field(stringify!($field), &self.$field);)*
                $(d.field(stringify!($secret), &"(redacted)");)*
                d.finish()
            }
        }
    };
}

redacted_debug!(LoginRequest { account } secret { password });
redacted_debug!(ChangePasswordRequest {} secret { current_password, new_password });
redacted_debug!(ResetPasswordRequest {} secret { token, new_password });
redacted_debug!(LoginResponse { expires_at, must_change_password, me } secret { token });
redacted_debug!(CreatedToken { info } secret { token });
redacted_debug!(CreateUserRequest { name, surname, email, account, permissions, active, language } secret { password });
redacted_debug!(UpdateUserRequest { name, surname, email, permissions, active, language } secret { password });

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

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CatalogMacroArea {
    pub name: String,
    /// The help desk's notice for requests in this macro area, shown by the new-ticket form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    pub areas: Vec<CatalogArea>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CatalogArea {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    pub sections: Vec<String>,
    /// Notices of sections, by section name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub section_notices: BTreeMap<String, String>,
}

/// Sets or clears the notice of a catalog node: a macro area, an area of it, or a section.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogNoticeRequest {
    #[schema(schema_with = schemas::line_200)]
    pub macro_area: String,
    #[serde(default)]
    #[schema(schema_with = schemas::line_200_or_null)]
    pub area: Option<String>,
    /// Needs `area`.
    #[serde(default)]
    #[schema(schema_with = schemas::line_200_or_null)]
    pub section: Option<String>,
    /// The text; null clears it.
    #[serde(default)]
    #[schema(schema_with = schemas::line_500_or_null)]
    pub notice: Option<String>,
}

/// One macro area → area → section triple.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogPath {
    #[schema(schema_with = schemas::line_200)]
    pub macro_area: String,
    #[schema(schema_with = schemas::line_200)]
    pub area: String,
    #[schema(schema_with = schemas::line_200)]
    pub section: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractRequest {
    /// The complete set of triples enabled for the company (replaces the current one).
    pub sections: Vec<CatalogPath>,
}

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
    /// Minutes to add (1 to 1,000,000).
    #[serde(deserialize_with = "whole::i64")]
    #[schema(minimum = 1, maximum = 1_000_000)]
    pub minutes: i64,
    #[serde(default)]
    #[schema(schema_with = schemas::line_500_or_null)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTicketRequest {
    #[schema(schema_with = schemas::line_200)]
    pub macro_area: String,
    #[schema(schema_with = schemas::line_200)]
    pub area: String,
    #[schema(schema_with = schemas::line_200)]
    pub section: String,
    #[schema(schema_with = schemas::line_200)]
    pub subject: String,
    #[schema(schema_with = schemas::long_text)]
    pub description: String,
    #[serde(default)]
    pub priority: Option<Priority>,
    /// Another address that receives this ticket's mails ("E-mail di notifica ticket").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = schemas::email_or_null)]
    pub notify_email: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TicketSummary {
    pub number: i64,
    pub customer_code: String,
    pub company_name: String,
    /// Account of the user who opened the ticket.
    pub user: String,
    pub user_name: String,
    /// Account of the technician in charge.
    pub technician: Option<String>,
    pub macro_area: String,
    pub area: String,
    pub section: String,
    pub subject: String,
    pub priority: Priority,
    pub state: TicketState,
    pub created_at: String,
    pub updated_at: String,
    pub closed_at: Option<String>,
    /// Minutes of SMART package consumed by replies.
    pub minutes: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Ticket {
    #[serde(flatten)]
    pub summary: TicketSummary,
    pub description: String,
    /// `customer`, `staff` or `system`; null while open.
    pub closed_by: Option<String>,
    /// Until when the closed ticket can still be reopened (the server's `--reopen-within`
    /// after `closed_at`); null while open or when reopening is off.
    #[serde(default)]
    pub reopen_until: Option<String>,
    /// Where notifications about the ticket also go, besides its author.
    #[serde(default)]
    pub notify_email: Option<String>,
    pub comments: Vec<Comment>,
    pub attachments: Vec<Attachment>,
    /// What the caller may do now.
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Comment {
    pub id: i64,
    pub author: String,
    pub author_name: String,
    /// `customer` or `staff`.
    pub author_role: String,
    /// `comment` or `reply` (a staff answer that moved the ticket to risposto).
    pub kind: String,
    pub body: String,
    pub minutes: i64,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Attachment {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TicketPage {
    pub items: Vec<TicketSummary>,
    /// Whether more tickets match after this page.
    pub has_more: bool,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// How many tickets match in all: only with `count=true` (it costs a full count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// `PATCH /tickets/{number}`: what to change while the ticket is `inserito` (JSON merge patch:
/// an absent field stays as it is; `notify_email: null` removes the notification address).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditTicketRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = schemas::line_200)]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub priority: Option<Priority>,
    #[serde(
        default,
        deserialize_with = "patch::field",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(schema_with = schemas::email_or_null)]
    pub notify_email: Option<Option<String>>,
}

/// `POST /tickets/{number}/reopen`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenRequest {
    /// Why the ticket is reopened, added as a comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = schemas::long_text_or_null)]
    pub comment: Option<String>,
}

/// JSON merge-patch fields: absent → `None`, `null` → `Some(None)`, a value → `Some(Some(v))`.
mod patch {
    use serde::{Deserialize, Deserializer};

    #[allow(
        clippy::option_option,
        reason = "absent and null mean different things"
    )]
    pub fn field<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<T>::deserialize(d).map(Some)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentRequest {
    #[schema(schema_with = schemas::long_text)]
    pub body: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyRequest {
    #[schema(schema_with = schemas::long_text)]
    pub body: String,
    /// Minutes spent, deducted from the customer's SMART package.
    #[serde(deserialize_with = "whole::i64")]
    #[schema(minimum = 0, maximum = 100_000)]
    pub minutes: i64,
    /// Allow the balance to go below zero (otherwise 409 `insufficient_balance`).
    #[serde(default)]
    pub allow_overdraft: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OutboxMail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub kind: String,
    /// `pending`, `sent` or `failed` (gave up after retries).
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
}

/// Staff: queue failed mails again, by id.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutboxRetryRequest {
    /// Ids of failed mails.
    #[serde(deserialize_with = "whole::vec_i64")]
    #[schema(min_items = 1, max_items = 1000)]
    pub ids: Vec<i64>,
}

/// The multipart form of an upload: 1 to 3 parts named `file`, each with a file name.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentUpload {
    #[schema(value_type = Vec<String>, format = Binary, min_items = 1, max_items = 3)]
    pub file: Vec<String>,
}

/// A request accepted for processing (e.g. a mail queued).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Accepted {
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub version: String,
}

// The reading areas ----------------------------------------------------------------------------

pub use crate::domain::content::ContentKind;

/// Who a published item is for: `all` customers, the named `customers`, or those whose
/// `contract` includes `macro_area` (and `area`, if given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum ContentAudience {
    /// A struct variant, so that serde refuses unknown fields here too.
    All {},
    Customers {
        /// Customer codes (1 to 1000).
        #[schema(schema_with = schemas::customer_codes)]
        customers: Vec<String>,
    },
    Contract {
        #[schema(schema_with = schemas::line_200)]
        macro_area: String,
        #[serde(default)]
        #[schema(schema_with = schemas::line_200_or_null)]
        area: Option<String>,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ContentFile {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
}

/// One item of a list: what `read` shows.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ContentSummary {
    pub id: i64,
    pub kind: ContentKind,
    pub title: String,
    pub summary: String,
    /// Videos: the length in seconds.
    pub duration_seconds: Option<i64>,
    pub file_count: i64,
    pub published_at: String,
    pub updated_at: String,
    /// False once the help desk unpublished it (only the help desk sees those).
    pub published: bool,
}

/// One item in full: what `detail` shows.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Content {
    #[serde(flatten)]
    pub summary: ContentSummary,
    pub body: String,
    /// Videos: where to watch it.
    pub video_url: Option<String>,
    pub files: Vec<ContentFile>,
    /// Help desk only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<ContentAudience>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ContentPage {
    pub items: Vec<ContentSummary>,
    pub has_more: bool,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// What the help desk publishes (as JSON, or as the `content` part of a multipart body with
/// `file` parts).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishContentRequest {
    #[schema(schema_with = schemas::line_200)]
    pub title: String,
    #[serde(default)]
    #[schema(schema_with = schemas::summary_or_null)]
    pub summary: Option<String>,
    #[schema(schema_with = schemas::long_text)]
    pub body: String,
    #[serde(default)]
    #[schema(schema_with = schemas::web_address_or_null)]
    pub video_url: Option<String>,
    #[serde(default, deserialize_with = "whole::opt_i64")]
    #[schema(minimum = 0, maximum = 1_000_000)]
    pub duration_seconds: Option<i64>,
    pub audience: ContentAudience,
}

/// A change: only what is given changes.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditContentRequest {
    #[serde(default)]
    #[schema(schema_with = schemas::line_200_or_null)]
    pub title: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schemas::summary_or_null)]
    pub summary: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schemas::long_text_or_null)]
    pub body: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schemas::web_address_or_null)]
    pub video_url: Option<String>,
    #[serde(default, deserialize_with = "whole::opt_i64")]
    #[schema(minimum = 0, maximum = 1_000_000)]
    pub duration_seconds: Option<i64>,
    #[serde(default)]
    pub audience: Option<ContentAudience>,
}

// Software updates ---------------------------------------------------------------------------

/// One file of a software update.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UpdateFile {
    pub id: i64,
    pub filename: String,
    pub size: i64,
    /// Hex SHA-256 of the file's bytes, to verify a download.
    pub sha256: String,
}

/// A version of a product with its release notes and files.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SoftwareUpdate {
    pub id: i64,
    /// The product: a macro area of the catalog.
    pub product: String,
    pub version: String,
    pub published_at: String,
    /// False once unpublished (only the help desk sees those).
    pub published: bool,
    pub notes: String,
    pub files: Vec<UpdateFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UpdatePage {
    pub items: Vec<SoftwareUpdate>,
    pub has_more: bool,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// The `update` part of a publication (a multipart body whose `file` parts follow it).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishUpdateRequest {
    /// A macro area of the catalog.
    #[schema(schema_with = schemas::line_200)]
    pub product: String,
    #[schema(pattern = r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,49}$")]
    pub version: String,
    #[schema(schema_with = schemas::long_text)]
    pub notes: String,
}

/// The multipart body of a publication: the `update` part first, then the files.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUpload {
    pub update: PublishUpdateRequest,
    /// One to ten files of any type, up to 4 GiB each.
    #[schema(value_type = Vec<String>, format = Binary, min_items = 1, max_items = 10)]
    pub file: Vec<String>,
}

// Courses -------------------------------------------------------------------------------------

/// A course of the calendar.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Course {
    pub id: i64,
    pub title: String,
    pub description: String,
    /// RFC 3339 UTC.
    pub starts_at: String,
    pub seats: i64,
    pub seats_left: i64,
    /// Whether the caller is enrolled.
    pub enrolled: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CoursePage {
    pub items: Vec<Course>,
    pub has_more: bool,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCourseRequest {
    #[schema(schema_with = schemas::line_200)]
    pub title: String,
    #[serde(default)]
    #[schema(schema_with = schemas::summary_or_null)]
    pub description: Option<String>,
    /// RFC 3339 with a zone (`2026-12-01T09:00:00+01:00`), in the future.
    #[schema(format = DateTime)]
    pub starts_at: String,
    #[serde(deserialize_with = "whole::i64")]
    #[schema(minimum = 1, maximum = 10_000)]
    pub seats: i64,
}

/// One enrolment, as the help desk sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Enrolment {
    pub account: String,
    pub name: String,
    pub surname: String,
    pub customer_code: String,
    pub enrolled_at: String,
}

/// A customer's subscriptions.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Subscription {
    /// Courses: the company's users may enrol (with `corsi=enrol`).
    pub courses: bool,
}

// The Store ---------------------------------------------------------------------------------

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
