//! Throttle counters in the database, so every instance sees the same ones: sliding windows of
//! events per key (an account, a client address).
//!
//! An attempt is reserved for all its keys at once, in the transaction that checks the
//! counts, so concurrent requests — on one instance or several — can never exceed a limit.

use std::time::Duration;

use super::StoreResult;

/// At most `max` events per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: usize,
    pub window: Duration,
}

pub trait ThrottleRepo {
    /// Records one event under every key, or none: `Ok(Err(seconds))` when a key is at its
    /// limit (the seconds until its oldest event leaves the window). Times in milliseconds
    /// since the Unix epoch.
    fn reserve(&self, keys: &[(&str, Limit)], now_ms: i64) -> StoreResult<Result<(), u64>>;
    /// Removes the newest event of `key` (an attempt that succeeded is no failure).
    fn release(&self, key: &str) -> StoreResult<()>;
    /// Removes every event of `key`.
    fn clear(&self, key: &str) -> StoreResult<()>;
    /// Removes events older than `before_ms`.
    fn prune_throttles(&self, before_ms: i64) -> StoreResult<usize>;
}
