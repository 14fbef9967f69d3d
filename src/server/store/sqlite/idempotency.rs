//! Idempotency keys on SQLite.

use rusqlite::OptionalExtension;

use super::{SqliteTx, unique};
use crate::server::store::{IdempotencyRepo, IdempotentResponse, StoreResult, Unique};

impl IdempotencyRepo for SqliteTx<'_> {
    fn idempotency_get(&self, user_id: i64, key: &str) -> StoreResult<Option<IdempotentResponse>> {
        Ok(self
            .c()
            .prepare_cached(
                "SELECT request_hash, status, response FROM idempotency_keys \
                 WHERE user_id = ?1 AND key = ?2",
            )?
            .query_row((user_id, key), |r| {
                Ok(IdempotentResponse {
                    request_hash: r.get(0)?,
                    status: r.get(1)?,
                    body: r.get(2)?,
                })
            })
            .optional()?)
    }

    fn idempotency_put(
        &self,
        user_id: i64,
        key: &str,
        resp: &IdempotentResponse,
        now: &str,
    ) -> StoreResult<()> {
        self.c()
            .prepare_cached(
                "INSERT INTO idempotency_keys \
                 (user_id, key, request_hash, status, response, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute((
                user_id,
                key,
                &resp.request_hash,
                resp.status,
                &resp.body,
                now,
            ))
            .map_err(|e| unique(e, Unique::IdempotencyKey))?;
        Ok(())
    }

    fn idempotency_prune(&self, before: &str) -> StoreResult<usize> {
        Ok(self
            .c()
            .prepare_cached("DELETE FROM idempotency_keys WHERE created_at < ?1")?
            .execute([before])?)
    }
}
