//! Throttle counters on SQLite: the single writer serialises reservations.

use super::SqliteTx;
use crate::server::store::{Limit, StoreResult, ThrottleRepo};

impl ThrottleRepo for SqliteTx<'_> {
    fn reserve(&self, keys: &[(&str, Limit)], now_ms: i64) -> StoreResult<Result<(), u64>> {
        let mut wait = 0u64;
        for (key, limit) in keys {
            let window = i64::try_from(limit.window.as_millis()).unwrap_or(i64::MAX);
            let (count, oldest): (i64, Option<i64>) = self
                .c()
                .prepare_cached(
                    "SELECT count(*), min(at_ms) FROM throttle_events \
                     WHERE key = ?1 AND at_ms > ?2",
                )?
                .query_row((key, now_ms - window), |r| Ok((r.get(0)?, r.get(1)?)))?;
            if usize::try_from(count).unwrap_or(usize::MAX) >= limit.max {
                let left = oldest.map_or(0, |o| o + window - now_ms);
                wait = wait.max(u64::try_from((left + 999) / 1000).unwrap_or(1).max(1));
            }
        }
        if wait > 0 {
            return Ok(Err(wait));
        }
        let mut st = self
            .c()
            .prepare_cached("INSERT INTO throttle_events (key, at_ms) VALUES (?1, ?2)")?;
        for (key, _) in keys {
            st.execute((key, now_ms))?;
        }
        Ok(Ok(()))
    }

    fn release(&self, key: &str) -> StoreResult<()> {
        self.c()
            .prepare_cached(
                "DELETE FROM throttle_events WHERE id = \
                 (SELECT id FROM throttle_events WHERE key = ?1 ORDER BY at_ms DESC, id DESC LIMIT 1)",
            )?
            .execute([key])?;
        Ok(())
    }

    fn clear(&self, key: &str) -> StoreResult<()> {
        self.c()
            .prepare_cached("DELETE FROM throttle_events WHERE key = ?1")?
            .execute([key])?;
        Ok(())
    }

    fn prune_throttles(&self, before_ms: i64) -> StoreResult<usize> {
        Ok(self
            .c()
            .prepare_cached("DELETE FROM throttle_events WHERE at_ms < ?1")?
            .execute([before_ms])?)
    }
}
