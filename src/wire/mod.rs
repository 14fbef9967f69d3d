//! The HTTP contract: request and response bodies of `/api/v1`, shared by the server (which
//! produces them) and the CLI's API client (which consumes them). Field names are snake_case
//! and stable; timestamps are RFC 3339 UTC strings.
//!
//! Only types live here, no behaviour beyond serde and OpenAPI schemas. One file per noun,
//! as in `api/` and `server/routes/`; everything is re-exported here, so `crate::wire::Ticket`
//! names a type wherever it lives. This file keeps what every noun shares: the error body,
//! the OpenAPI schema helpers and the redacted `Debug` of secret-bearing requests.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use crate::domain::ticket::{Action, Priority, TicketState};

mod auth;
mod catalog;
mod contents;
mod courses;
mod customers;
mod outbox;
mod package;
mod reports;
mod shop;
mod tickets;
mod updates;
mod users;

pub use auth::*;
pub use catalog::*;
pub use contents::*;
pub use courses::*;
pub use customers::*;
pub use outbox::*;
pub use package::*;
pub use reports::*;
pub use shop::*;
pub use tickets::*;
pub use updates::*;
pub use users::*;

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

    /// Minutes granted (1 to 1,000,000) or taken away (-1 to -1,000,000); never 0.
    pub fn grant_minutes() -> utoipa::openapi::schema::Schema {
        let range = |min: f64, max: f64| {
            ObjectBuilder::new()
                .schema_type(SchemaType::Type(Type::Integer))
                .minimum(Some(min))
                .maximum(Some(max))
                .build()
        };
        utoipa::openapi::schema::Schema::OneOf(
            utoipa::openapi::schema::OneOfBuilder::new()
                .item(range(1.0, 1_000_000.0))
                .item(range(-1_000_000.0, -1.0))
                .build(),
        )
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
