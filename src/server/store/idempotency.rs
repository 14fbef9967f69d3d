//! Idempotency keys: the first answer to a POST, replayed to its repeats.

use super::StoreResult;

#[derive(Debug, Clone)]
pub struct IdempotentResponse {
    pub request_hash: String,
    pub status: u16,
    pub body: String,
}

pub trait IdempotencyRepo {
    fn idempotency_get(&self, user_id: i64, key: &str) -> StoreResult<Option<IdempotentResponse>>;
    /// Fails with `Duplicate(IdempotencyKey)` when another request stored the key first.
    fn idempotency_put(
        &self,
        user_id: i64,
        key: &str,
        response: &IdempotentResponse,
        now: &str,
    ) -> StoreResult<()>;
    /// Forgets keys stored before `before` (they are kept a day).
    fn idempotency_prune(&self, before: &str) -> StoreResult<usize>;
}
