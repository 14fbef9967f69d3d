//! Password hashing, bounded server-wide: argon2id runs only on a few dedicated threads (one
//! per core by default), each reusing one preallocated work area, so a burst of logins,
//! resets or user creations costs a fixed amount of memory (workers × 19 MiB) instead of
//! 19 MiB per request in flight. Requests wait in a queue with a deadline; past it they are
//! answered 503 `server_busy` with `Retry-After`, and `/healthz` and ordinary requests never
//! queue behind password work.
//!
//! Hashes are standard PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$…`), verifiable by any
//! argon2 implementation; verification accepts the parameters stored in each hash.

use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand::RngCore;
use tokio::sync::{Semaphore, oneshot};

use crate::server::service::{Error, Result};
use crate::server::store::StoreError;

type Job = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

/// The hashing workers and their queue.
pub struct PasswordPool {
    jobs: mpsc::Sender<Job>,
    permits: Semaphore,
    wait: Duration,
}

impl std::fmt::Debug for PasswordPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordPool")
            .field("wait", &self.wait)
            .finish_non_exhaustive()
    }
}

/// How many workers by default: one per core.
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

impl PasswordPool {
    /// Starts `workers` hashing threads; a request waits at most `wait` for one of them.
    /// The threads end when the pool is dropped.
    pub fn new(workers: usize, wait: Duration) -> Arc<PasswordPool> {
        let workers = workers.max(1);
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..workers {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("lhs-argon2-{i}"))
                .spawn(move || {
                    // Allocated on first use, then reused for every hash on this thread.
                    let mut memory: Vec<Block> = Vec::new();
                    loop {
                        let job = {
                            let guard =
                                rx.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                            guard.recv()
                        };
                        match job {
                            Ok(job) => job(&mut memory),
                            Err(_) => return,
                        }
                    }
                })
                .expect("spawn a password hashing thread");
        }
        Arc::new(PasswordPool {
            jobs: tx,
            permits: Semaphore::new(workers),
            wait,
        })
    }

    async fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Vec<Block>) -> R + Send + 'static,
    ) -> Result<R> {
        let broken = |m: &str| Error::Store(StoreError::Internal(m.to_owned()));
        let permit = tokio::time::timeout(self.wait, self.permits.acquire())
            .await
            .map_err(|_| Error::Busy)?
            .map_err(|_| broken("password workers closed"))?;
        let (tx, rx) = oneshot::channel();
        self.jobs
            .send(Box::new(move |memory| {
                let _ = tx.send(f(memory));
            }))
            .map_err(|_| broken("password workers stopped"))?;
        let out = rx.await.map_err(|_| broken("a password worker failed"))?;
        drop(permit);
        Ok(out)
    }

    /// Hashes a new password (argon2id, default parameters, random salt).
    pub async fn hash(&self, password: String) -> Result<String> {
        self.run(move |memory| hash_with(memory, &password)).await
    }

    /// Checks `password` against a stored hash. With no usable hash (unknown account, or an
    /// account that has not chosen a password yet) it still spends the time of one hash, so
    /// timing does not tell which accounts exist.
    pub async fn verify(&self, hash: Option<String>, password: String) -> Result<bool> {
        self.run(move |memory| {
            let usable = hash.as_deref().filter(|h| !h.is_empty());
            usable
                .and_then(|h| verify_with(memory, h, &password))
                .unwrap_or_else(|| {
                    let _ = hash_with(memory, &password);
                    false
                })
        })
        .await
    }
}

fn params() -> Params {
    Params::default()
}

/// Grows the reusable work area to `blocks` if needed and returns it.
fn area(memory: &mut Vec<Block>, blocks: usize) -> &mut [Block] {
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    &mut memory[..blocks]
}

/// Hashes with a caller-provided work area.
pub fn hash_with(memory: &mut Vec<Block>, password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let params = params();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut out = [0u8; 32];
    argon
        .hash_password_into_with_memory(
            password.as_bytes(),
            &salt,
            &mut out,
            area(memory, params.block_count()),
        )
        .expect("argon2 with default parameters and a 16-byte salt cannot fail");
    let salt = SaltString::encode_b64(&salt).expect("16-byte salt encodes");
    PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).expect("default parameters encode"),
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).expect("32-byte output")),
    }
    .to_string()
}

/// Verifies with a caller-provided work area; None when `hash` is not a usable argon2 hash.
pub fn verify_with(memory: &mut Vec<Block>, hash: &str, password: &str) -> Option<bool> {
    let phc = PasswordHash::new(hash).ok()?;
    let algorithm = Algorithm::try_from(phc.algorithm).ok()?;
    let version = phc
        .version
        .map_or(Ok(Version::V0x13), Version::try_from)
        .ok()?;
    let params = Params::try_from(&phc).ok()?;
    let expected = phc.hash?;
    let mut salt = [0u8; 64];
    let salt = phc.salt?.decode_b64(&mut salt).ok()?;
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params.clone())
        .hash_password_into_with_memory(
            password.as_bytes(),
            salt,
            &mut out,
            area(memory, params.block_count()),
        )
        .ok()?;
    Some(Output::new(&out).ok()? == expected)
}

/// Hashes on the current thread with a fresh work area (start-up paths: bootstrap, dev seed).
pub fn hash_password(password: &str) -> String {
    hash_with(&mut Vec::new(), password)
}

/// Verifies on the current thread (tests and start-up paths).
pub fn verify_password(hash: &str, password: &str) -> bool {
    verify_with(&mut Vec::new(), hash, password).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{PasswordHasher, PasswordVerifier};

    #[test]
    fn hashes_are_standard_phc_strings() {
        let h = hash_password("secret123");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        // The reference implementation accepts ours…
        let parsed = PasswordHash::new(&h).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"secret123", &parsed)
                .is_ok()
        );
        // …and we accept its.
        let theirs = Argon2::default()
            .hash_password(
                b"other456",
                &SaltString::encode_b64(b"0123456789abcdef").unwrap(),
            )
            .unwrap()
            .to_string();
        assert!(verify_password(&theirs, "other456"));
        assert!(!verify_password(&theirs, "other457"));
        assert!(verify_password(&h, "secret123"));
        assert!(!verify_password(&h, "secret124"));
        assert!(!verify_password("garbage", "secret123"));
        assert!(!verify_password("", "secret123"));
    }

    #[tokio::test]
    async fn the_pool_hashes_and_verifies() {
        let pool = PasswordPool::new(2, Duration::from_secs(5));
        let h = pool.hash("abc12345".into()).await.unwrap();
        assert!(
            pool.verify(Some(h.clone()), "abc12345".into())
                .await
                .unwrap()
        );
        assert!(!pool.verify(Some(h), "abc12346".into()).await.unwrap());
        assert!(!pool.verify(None, "abc12345".into()).await.unwrap());
    }

    #[tokio::test]
    async fn a_full_queue_answers_busy() {
        let pool = PasswordPool::new(1, Duration::from_millis(1));
        let busy = (0..8).map(|_| pool.hash("abc12345".into()));
        let results = futures_util::future::join_all(busy).await;
        let refused = results.iter().filter(|r| r.is_err()).count();
        assert!(
            refused > 0,
            "a 1 ms deadline with 8 hashes on 1 worker must refuse some"
        );
        let e = results.into_iter().find_map(Result::err).unwrap();
        let e = crate::server::error::ApiError::from(e);
        assert_eq!(e.status.as_u16(), 503);
        assert_eq!(e.retry_after, Some(2));
    }
}
