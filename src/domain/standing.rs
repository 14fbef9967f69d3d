//! A customer's standing with the provider (the manual's banner "Accesso abilitato
//! temporaneamente. Vi invitiamo a regolare la vostra posizione."): `ok`; `temporary`, access
//! kept but every user of the company is reminded at each command; `suspended`, the company's
//! logins and tokens are refused until the help desk restores it. Staff are never affected.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Standing {
    Ok,
    Temporary,
    Suspended,
}

/// The manual's banner, shown when the help desk gives no message of its own.
pub const DEFAULT_BANNER: &str =
    "Accesso abilitato temporaneamente. Vi invitiamo a regolare la vostra posizione.";

impl Standing {
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Ok => "ok",
            Standing::Temporary => "temporary",
            Standing::Suspended => "suspended",
        }
    }

    /// The stored text; anything unknown reads as `ok`.
    pub fn parse(s: &str) -> Standing {
        match s {
            "temporary" => Standing::Temporary,
            "suspended" => Standing::Suspended,
            _ => Standing::Ok,
        }
    }
}
