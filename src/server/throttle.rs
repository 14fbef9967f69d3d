//! In-memory sliding-window counters that throttle failed logins (per account and per client
//! address) and password-reset requests. State is per process and resets at restart, which is
//! enough to make online guessing impractical.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A limit: at most `max` events per `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: usize,
    pub window: Duration,
}

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

#[derive(Default)]
pub struct Throttle {
    events: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Throttle {
    /// `Err(seconds to wait)` when `key` already has `limit.max` events in the window.
    pub fn check(&self, key: &str, limit: Limit) -> Result<(), u64> {
        let mut map = self
            .events
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        let Some(q) = map.get_mut(key) else {
            return Ok(());
        };
        while q
            .front()
            .is_some_and(|t| now.duration_since(*t) >= limit.window)
        {
            q.pop_front();
        }
        if q.len() >= limit.max {
            let oldest = *q.front().expect("non-empty");
            let wait = limit.window.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs().max(1));
        }
        Ok(())
    }

    pub fn record(&self, key: &str) {
        let mut map = self
            .events
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(key.to_owned())
            .or_default()
            .push_back(Instant::now());
        // Keep memory bounded under a flood of distinct keys.
        if map.len() > 100_000 {
            map.retain(|_, q| {
                q.back()
                    .is_some_and(|t| t.elapsed() < Duration::from_secs(3600))
            });
        }
    }

    pub fn clear(&self, key: &str) {
        self.events
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit() {
        let t = Throttle::default();
        let l = Limit {
            max: 2,
            window: Duration::from_secs(60),
        };
        assert!(t.check("a", l).is_ok());
        t.record("a");
        t.record("a");
        let wait = t.check("a", l).unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(t.check("b", l).is_ok());
        t.clear("a");
        assert!(t.check("a", l).is_ok());
    }
}
