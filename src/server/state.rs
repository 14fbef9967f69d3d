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
use crate::server::service::error as service;
use crate::server::store::{
    Repo, Retryable, SharedStore, StoreError, read_blocking, write_blocking,
};

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

/// What a transaction's closure may fail with: the API's errors or the services'.
pub trait TxError: From<StoreError> + From<service::Error> + Retryable + Send + 'static {}
impl TxError for ApiError {}
impl TxError for service::Error {}

impl AppState {
    /// What the services need to know of this server.
    pub fn env(&self) -> crate::server::service::Env {
        crate::server::service::Env {
            public_url: self.public_url.clone(),
            reopen_within: self.settings.reopen_within,
            settings: self.settings.clone(),
        }
    }

    /// Runs `f` in a read transaction with the authenticated caller. Token use is recorded
    /// (at most once a minute) in a separate write, after the answer.
    pub async fn read<R: Send + 'static>(
        &self,
        auth: Auth,
        f: impl FnMut(&dyn Repo, &Caller) -> ApiResult<R> + Send + 'static,
    ) -> ApiResult<R> {
        self.read_as(auth, f).await
    }

    /// Runs `f` in a write transaction with the authenticated caller (token use is recorded
    /// in the same transaction). `f` may run more than once if the database asks for a retry.
    pub async fn write<R: Send + 'static>(
        &self,
        auth: Auth,
        f: impl FnMut(&dyn Repo, &Caller) -> ApiResult<R> + Send + 'static,
    ) -> ApiResult<R> {
        self.write_as(auth, f).await
    }

    /// Runs `f` in a read transaction, unauthenticated.
    pub async fn read_anon<R: Send + 'static>(
        &self,
        f: impl FnMut(&dyn Repo) -> ApiResult<R> + Send + 'static,
    ) -> ApiResult<R> {
        self.read_anon_as(f).await
    }

    /// Runs `f` in a write transaction, unauthenticated.
    pub async fn write_anon<R: Send + 'static>(
        &self,
        f: impl FnMut(&dyn Repo) -> ApiResult<R> + Send + 'static,
    ) -> ApiResult<R> {
        self.write_anon_as(f).await
    }

    /// [`AppState::read`] for a service's own steps (failing with its errors).
    pub async fn service_read<R: Send + 'static>(
        &self,
        auth: Auth,
        f: impl FnMut(&dyn Repo, &Caller) -> service::Result<R> + Send + 'static,
    ) -> service::Result<R> {
        self.read_as(auth, f).await
    }

    /// [`AppState::write`] for a service's own steps.
    pub async fn service_write<R: Send + 'static>(
        &self,
        auth: Auth,
        f: impl FnMut(&dyn Repo, &Caller) -> service::Result<R> + Send + 'static,
    ) -> service::Result<R> {
        self.write_as(auth, f).await
    }

    /// [`AppState::read_anon`] for a service's own steps.
    pub async fn service_read_anon<R: Send + 'static>(
        &self,
        f: impl FnMut(&dyn Repo) -> service::Result<R> + Send + 'static,
    ) -> service::Result<R> {
        self.read_anon_as(f).await
    }

    /// [`AppState::write_anon`] for a service's own steps.
    pub async fn service_write_anon<R: Send + 'static>(
        &self,
        f: impl FnMut(&dyn Repo) -> service::Result<R> + Send + 'static,
    ) -> service::Result<R> {
        self.write_anon_as(f).await
    }

    async fn read_as<R: Send + 'static, E: TxError>(
        &self,
        auth: Auth,
        mut f: impl FnMut(&dyn Repo, &Caller) -> Result<R, E> + Send + 'static,
    ) -> Result<R, E> {
        let store = self.store.clone();
        let (out, touch, banner) = blocking(move || {
            read_blocking(&*store, |r| {
                let (caller, touch) = auth.resolve(r, &clock::now())?;
                Ok::<_, E>((
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

    async fn write_as<R: Send + 'static, E: TxError>(
        &self,
        auth: Auth,
        mut f: impl FnMut(&dyn Repo, &Caller) -> Result<R, E> + Send + 'static,
    ) -> Result<R, E> {
        let store = self.store.clone();
        let _turn = self.turn().await?;
        let (out, banner) = blocking(move || {
            write_blocking(&*store, |r| {
                let now = clock::now();
                let (caller, touch) = auth.resolve(r, &now)?;
                if touch {
                    r.touch_token(caller.token.id, &now)?;
                }
                Ok::<_, E>((f(r, &caller)?, caller.banner))
            })
        })
        .await?;
        crate::server::app::set_banner(banner);
        self.mail_wakeup.notify_one();
        Ok(out)
    }

    async fn read_anon_as<R: Send + 'static, E: TxError>(
        &self,
        f: impl FnMut(&dyn Repo) -> Result<R, E> + Send + 'static,
    ) -> Result<R, E> {
        let store = self.store.clone();
        blocking(move || read_blocking(&*store, f)).await
    }

    async fn write_anon_as<R: Send + 'static, E: TxError>(
        &self,
        f: impl FnMut(&dyn Repo) -> Result<R, E> + Send + 'static,
    ) -> Result<R, E> {
        let store = self.store.clone();
        let _turn = self.turn().await?;
        let out = blocking(move || write_blocking(&*store, f)).await?;
        self.mail_wakeup.notify_one();
        Ok(out)
    }

    /// A writer's turn (see [`AppState::writers`]).
    async fn turn(&self) -> Result<tokio::sync::SemaphorePermit<'_>, StoreError> {
        self.writers
            .acquire()
            .await
            .map_err(|e| StoreError::Internal(e.to_string()))
    }
}

async fn blocking<R: Send + 'static, E: TxError>(
    f: impl FnOnce() -> Result<R, E> + Send + 'static,
) -> Result<R, E> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| E::from(StoreError::Internal(e.to_string())))?
}
