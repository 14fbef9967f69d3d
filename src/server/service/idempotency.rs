//! Idempotent writes (`Idempotency-Key`): a repeat gets the first answer, a key reused for a
//! different request is refused, the answer is remembered for repeats.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::{Error, Result};
use crate::server::store::{IdempotentResponse, Repo, StoreError};

/// The status remembered with an answer: every idempotent write here creates something.
const CREATED: u16 = 201;

/// A request that may be a repeat: the caller's key and a hash of what the request means.
#[derive(Debug, Clone)]
pub struct Key {
    pub key: String,
    pub hash: String,
}

impl Key {
    /// With a key, what `parts` mean (each part length-prefixed, so no two requests mix).
    pub fn new(key: Option<String>, parts: &[&[u8]]) -> Option<Key> {
        let key = key?;
        let mut h = Sha256::new();
        for p in parts {
            h.update((p.len() as u64).to_be_bytes());
            h.update(p);
        }
        Some(Key {
            key,
            hash: hex::encode(h.finalize()),
        })
    }
}

/// The first answer to a repeated request, or a refusal of a reused key.
pub fn replay<T: DeserializeOwned>(
    repo: &dyn Repo,
    user: i64,
    key: Option<&Key>,
) -> Result<Option<T>> {
    let Some(k) = key else { return Ok(None) };
    match repo.idempotency_get(user, &k.key)? {
        Some(prev) if prev.request_hash == k.hash => serde_json::from_str(&prev.body)
            .map(Some)
            .map_err(|e| Error::Store(StoreError::Internal(format!("stored answer: {e}")))),
        Some(prev) => {
            // The ticket the key went to, when its first answer was one: the caller can
            // look at it instead of guessing.
            let ticket = serde_json::from_str::<serde_json::Value>(&prev.body)
                .ok()
                .and_then(|b| b["number"].as_i64());
            Err(Error::IdempotencyKeyReused { ticket })
        }
        None => Ok(None),
    }
}

/// With a key, stores `answer` for repeats. Another request storing the same key first (a
/// concurrent repeat) makes the store ask for a retry, which then replays.
pub fn remember(
    repo: &dyn Repo,
    user: i64,
    key: Option<&Key>,
    answer: &impl Serialize,
    now: &str,
) -> Result<()> {
    let Some(k) = key else { return Ok(()) };
    let body = serde_json::to_string(answer)
        .map_err(|e| Error::Store(StoreError::Internal(e.to_string())))?;
    repo.idempotency_put(
        user,
        &k.key,
        &IdempotentResponse {
            request_hash: k.hash.clone(),
            status: CREATED,
            body,
        },
        now,
    )
    .map_err(|e| match e {
        StoreError::Duplicate(_) => Error::Store(StoreError::Retry),
        other => Error::from(other),
    })
}
