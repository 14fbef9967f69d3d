//! Idempotency keys on PostgreSQL.

use super::{PgTx, unique};
use crate::server::store::{IdempotencyRepo, IdempotentResponse, StoreResult, Unique};

impl IdempotencyRepo for PgTx<'_> {
    fn idempotency_get(&self, user_id: i64, key: &str) -> StoreResult<Option<IdempotentResponse>> {
        Ok(self
            .query_opt(
                "SELECT request_hash, status, response FROM idempotency_keys \
                 WHERE user_id = $1 AND key = $2",
                &[&user_id, &key],
            )?
            .map(|r| IdempotentResponse {
                request_hash: r.get(0),
                status: u16::try_from(r.get::<_, i64>(1)).unwrap_or(200),
                body: r.get(2),
            }))
    }

    fn idempotency_put(
        &self,
        user_id: i64,
        key: &str,
        resp: &IdempotentResponse,
        now: &str,
    ) -> StoreResult<()> {
        self.execute(
            "INSERT INTO idempotency_keys \
             (user_id, key, request_hash, status, response, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &user_id,
                &key,
                &resp.request_hash,
                &i64::from(resp.status),
                &resp.body,
                &now,
            ],
        )
        .map_err(|e| unique(e, Unique::IdempotencyKey))?;
        Ok(())
    }

    fn idempotency_prune(&self, before: &str) -> StoreResult<usize> {
        Ok(usize::try_from(self.execute(
            "DELETE FROM idempotency_keys WHERE created_at < $1",
            &[&before],
        )?)
        .unwrap_or(usize::MAX))
    }
}
