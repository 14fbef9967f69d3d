//! Throttle counters on PostgreSQL: each key is counted under an advisory lock, so concurrent
//! requests on any instance reserve one at a time.

use super::{LOCK_THROTTLE, PgTx};
use crate::server::store::{Limit, StoreResult, ThrottleRepo};

impl ThrottleRepo for PgTx<'_> {
    fn reserve(&self, keys: &[(&str, Limit)], now_ms: i64) -> StoreResult<Result<(), u64>> {
        // Locks in key order, so two requests never wait for each other crosswise.
        let mut sorted: Vec<&(&str, Limit)> = keys.iter().collect();
        sorted.sort_by_key(|(k, _)| *k);
        for (key, _) in &sorted {
            self.query_one(
                "SELECT pg_advisory_xact_lock($1, hashtext($2))",
                &[&LOCK_THROTTLE, key],
            )?;
        }
        let mut wait = 0u64;
        for (key, limit) in keys {
            let window = i64::try_from(limit.window.as_millis()).unwrap_or(i64::MAX);
            let row = self.query_one(
                "SELECT count(*), min(at_ms) FROM throttle_events WHERE key = $1 AND at_ms > $2",
                &[key, &(now_ms - window)],
            )?;
            let count: i64 = row.get(0);
            let oldest: Option<i64> = row.get(1);
            if usize::try_from(count).unwrap_or(usize::MAX) >= limit.max {
                let left = oldest.map_or(0, |o| o + window - now_ms);
                wait = wait.max(u64::try_from((left + 999) / 1000).unwrap_or(1).max(1));
            }
        }
        if wait > 0 {
            return Ok(Err(wait));
        }
        for (key, _) in keys {
            self.execute(
                "INSERT INTO throttle_events (key, at_ms) VALUES ($1, $2)",
                &[key, &now_ms],
            )?;
        }
        Ok(Ok(()))
    }

    fn release(&self, key: &str) -> StoreResult<()> {
        self.execute(
            "DELETE FROM throttle_events WHERE id = \
             (SELECT id FROM throttle_events WHERE key = $1 ORDER BY at_ms DESC, id DESC LIMIT 1)",
            &[&key],
        )?;
        Ok(())
    }

    fn clear(&self, key: &str) -> StoreResult<()> {
        self.execute("DELETE FROM throttle_events WHERE key = $1", &[&key])?;
        Ok(())
    }

    fn prune_throttles(&self, before_ms: i64) -> StoreResult<usize> {
        Ok(usize::try_from(self.execute(
            "DELETE FROM throttle_events WHERE at_ms < $1",
            &[&before_ms],
        )?)
        .unwrap_or(usize::MAX))
    }
}
