//! In-memory sliding-window counters that throttle password guessing: logins (per account and
//! per client address), password changes (per account), reset-code attempts (per address) and
//! reset requests (per account and address).
//!
//! An attempt is *reserved* before the password or code is checked, atomically for all its
//! keys under one lock, so however many requests arrive at once, at most `max` of them are
//! ever checked per window. A success gives its reservation back (see [`Throttle::release`]),
//! so only failures count against the limit. State is per process and resets at restart.

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
/// Wrong reset or invitation codes from one address.
pub const RESET_PER_ADDRESS: Limit = Limit {
    max: 10,
    window: Duration::from_secs(15 * 60),
};

#[derive(Default)]
pub struct Throttle {
    events: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Throttle {
    /// Reserves one attempt under every `(key, limit)` at once: either all are recorded, or
    /// none is and `Err(seconds to wait)` tells when the fullest key frees up.
    pub fn acquire(&self, keys: &[(&str, Limit)]) -> Result<(), u64> {
        let mut map = self
            .events
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        let mut wait = 0;
        for (key, limit) in keys {
            let Some(q) = map.get_mut(*key) else { continue };
            while q
                .front()
                .is_some_and(|t| now.duration_since(*t) >= limit.window)
            {
                q.pop_front();
            }
            if q.len() >= limit.max {
                let oldest = *q.front().expect("non-empty");
                let w = limit.window.saturating_sub(now.duration_since(oldest));
                wait = wait.max(w.as_secs().max(1));
            }
        }
        if wait > 0 {
            return Err(wait);
        }
        for (key, _) in keys {
            map.entry((*key).to_owned()).or_default().push_back(now);
        }
        // Keep memory bounded under a flood of distinct keys.
        if map.len() > 100_000 {
            map.retain(|_, q| {
                q.back()
                    .is_some_and(|t| t.elapsed() < Duration::from_secs(3600))
            });
        }
        Ok(())
    }

    /// Gives back one reserved attempt of `key` (the attempt succeeded, so it is no failure).
    pub fn release(&self, key: &str) {
        let mut map = self
            .events
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(q) = map.get_mut(key) {
            q.pop_back();
            if q.is_empty() {
                map.remove(key);
            }
        }
    }

    /// Forgets every attempt of `key` (a successful login clears the account's failures).
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

    const TWO: Limit = Limit {
        max: 2,
        window: Duration::from_secs(60),
    };

    #[test]
    fn reserves_up_to_the_limit_then_refuses() {
        let t = Throttle::default();
        assert!(t.acquire(&[("a", TWO)]).is_ok());
        assert!(t.acquire(&[("a", TWO)]).is_ok());
        let wait = t.acquire(&[("a", TWO)]).unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(t.acquire(&[("b", TWO)]).is_ok());
        t.release("a");
        assert!(t.acquire(&[("a", TWO)]).is_ok());
        t.clear("a");
        assert!(t.acquire(&[("a", TWO)]).is_ok());
    }

    #[test]
    fn a_refusal_on_one_key_records_nothing_on_the_others() {
        let t = Throttle::default();
        t.acquire(&[("ip", TWO)]).unwrap();
        t.acquire(&[("ip", TWO)]).unwrap();
        assert!(t.acquire(&[("acct", TWO), ("ip", TWO)]).is_err());
        // "acct" was not charged for the refused attempt.
        t.acquire(&[("acct", TWO)]).unwrap();
        t.acquire(&[("acct", TWO)]).unwrap();
        assert!(t.acquire(&[("acct", TWO)]).is_err());
    }

    #[test]
    fn concurrent_reservations_never_exceed_the_limit() {
        let t = std::sync::Arc::new(Throttle::default());
        let granted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let threads: Vec<_> = (0..64)
            .map(|_| {
                let (t, g) = (t.clone(), granted.clone());
                std::thread::spawn(move || {
                    if t.acquire(&[("x", LOGIN_PER_ACCOUNT)]).is_ok() {
                        g.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for th in threads {
            th.join().unwrap();
        }
        assert_eq!(granted.load(std::sync::atomic::Ordering::SeqCst), 5);
    }
}
