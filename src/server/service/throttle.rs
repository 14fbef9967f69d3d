//! Throttling of password guessing, through the store so that every instance sharing a
//! database counts the same attempts. An attempt is reserved before the password or code is
//! checked; a success gives it back.

use std::time::Duration;

use super::error::Attempts;
use super::{Error, Result};
use crate::server::AppState;
use crate::server::store::Limit;

pub const LOGIN_PER_ACCOUNT: Limit = Limit {
    max: 5,
    window: Duration::from_secs(15 * 60),
};
pub const LOGIN_PER_ADDRESS: Limit = Limit {
    max: 20,
    window: Duration::from_secs(15 * 60),
};
pub const FORGOT_PER_ACCOUNT: Limit = Limit {
    max: 3,
    window: Duration::from_secs(60 * 60),
};
pub const FORGOT_PER_ADDRESS: Limit = Limit {
    max: 10,
    window: Duration::from_secs(60 * 60),
};
/// Wrong reset or invitation codes from one address.
pub const RESET_PER_ADDRESS: Limit = Limit {
    max: 10,
    window: Duration::from_secs(15 * 60),
};

/// Events are kept this long (the longest window).
pub const KEEP: Duration = Duration::from_secs(60 * 60);

pub fn now_ms() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis(),
    )
    .unwrap_or(i64::MAX)
}

/// Reserves one attempt under every key, or refuses naming `what` and the wait.
pub async fn reserve(st: &AppState, keys: Vec<(String, Limit)>, what: Attempts) -> Result<()> {
    st.service_write_anon(move |r| {
        let refs: Vec<(&str, Limit)> = keys.iter().map(|(k, l)| (k.as_str(), *l)).collect();
        match r.reserve(&refs, now_ms())? {
            Ok(()) => Ok(()),
            Err(wait) => Err(Error::TooMany { what, wait }),
        }
    })
    .await
}
