//! What every handler and worker receives ([`AppState`]), and how they run database work: one
//! transaction per request, on the blocking pool, with the caller authenticated inside it.
//! Reads go to read transactions (concurrent, never waiting for writers); writes to write
//! transactions, after which the mail worker is woken (a write may have queued mail).

use std::sync::Arc;

use tokio::sync::{Notify, Semaphore};

use crate::server::Settings;
use crate::server::auth::{Auth, Caller};
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::passwords::PasswordPool;
use crate::server::store::{Repo, SharedStore, read_blocking, write_blocking};

#[derive(Clone)]
pub struct AppState {
    pub store: SharedStore,
    pub settings: Arc<Settings>,
    /// Where every password is hashed and verified.
    pub passwords: Arc<PasswordPool>,
    /// Wakes the mail worker after a commit that may have queued mail.
    pub mail_wakeup: Arc<Notify>,
    pub public_url: Arc<str>,
    /// Admits write transactions up to what the store can run at once; the others wait
    /// here, asynchronously, instead of parking blocking threads on the store's lock.
    pub writers: Arc<Semaphore>,
}

impl AppState {
    /// What the services need to know of this server.
    pub fn env(&self) -> crate::server::service::Env {
        crate::server::service::Env {
            public_url: self.public_url.clone(),
            reopen_within: self.settings.reopen_within,
        }
    }

    /// Runs `f` in a read transaction with the authenticated caller. Token use is recorded
    /// (at most once a minute) in a separate write, after the answer.
    pub async fn read<R: Send + 'static>(
        &self,
        auth: Auth,
        mut f: impl FnMut(&dyn Repo, &Caller) -> ApiResult<R> + Send + 'static,
    ) -> ApiResult<R> {
        let store = self.store.clone();
        let (out, touch, banner) = blocking(move || {
            read_blocking(&*store, |r| {
                let (caller, touch) = auth.resolve(r, &clock::now())?;
                Ok((
                    f(r, &caller)?,
                    touch.then_some(caller.token.id),
                    caller.banner,
                ))
            })
        })
        .await?;
        crate::server::app::set_banner(banner);
        if let Some(id) = touch {
            let store = self.store.clone();
            tokio::task::spawn_blocking(move || {
                let _ = write_blocking(&*store, |r| r.touch_token(id, &clock::now()));
            });
        }
        Ok(out)
    }

    /// Runs `f` in a write transaction with the authenticated caller (token use is recorded
    /// in the same transaction). `f` may run more than once if the database asks for a retry.
    pub async fn write<R: Send + 'static>(
        &self,
        auth: Auth,
        mut f: impl FnMut(&dyn Repo, &Caller) -> ApiResult<R> + Send + 'static,
    ) -> ApiResult<R> {
        let store = self.store.clone();
        let _turn = self.writers.acquire().await.map_err(ApiError::internal)?;
        let (out, banner) = blocking(move || {
            write_blocking(&*store, |r| {
                let now = clock::now();
                let (caller, touch) = auth.resolve(r, &now)?;
                if touch {
                    r.touch_token(caller.token.id, &now)?;
                }
                Ok((f(r, &caller)?, caller.banner))
            })
        })
        .await?;
        crate::server::app::set_banner(banner);
        self.mail_wakeup.notify_one();
        Ok(out)
    }

    /// Runs `f` in a read transaction, unauthenticated.
    pub async fn read_anon<R: Send + 'static>(
        &self,
        f: impl FnMut(&dyn Repo) -> ApiResult<R> + Send + 'static,
    ) -> ApiResult<R> {
        let store = self.store.clone();
        blocking(move || read_blocking(&*store, f)).await
    }

    /// Runs `f` in a write transaction, unauthenticated.
    pub async fn write_anon<R: Send + 'static>(
        &self,
        f: impl FnMut(&dyn Repo) -> ApiResult<R> + Send + 'static,
    ) -> ApiResult<R> {
        let store = self.store.clone();
        let _turn = self.writers.acquire().await.map_err(ApiError::internal)?;
        let out = blocking(move || write_blocking(&*store, f)).await?;
        self.mail_wakeup.notify_one();
        Ok(out)
    }
}

async fn blocking<R: Send + 'static>(
    f: impl FnOnce() -> ApiResult<R> + Send + 'static,
) -> ApiResult<R> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(ApiError::internal)?
}
