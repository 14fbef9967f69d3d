//! The portal server behind `lhs serve`: an axum HTTP JSON API under `/api/v1`, a store (SQLite
//! embedded, or PostgreSQL shared by several instances),
//! a mail outbox delivered by a background worker, and the sweep that closes answered tickets
//! left without customer activity.
//!
//! [`start`] binds, spawns everything and returns a handle; `lhs serve` and `lhs demo` both use
//! it, so the process and the in-process demo run the very same server.

pub mod app;
pub mod auth;
pub mod error;
pub mod extract;
pub mod i18n;
pub mod mail;
pub mod openapi;
pub mod passwords;
pub mod routes;
pub mod seed;
pub mod service;
pub mod state;
pub mod store;
pub mod sweep;
pub mod web;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use self::passwords::PasswordPool;
use self::store::SharedStore;

/// Resolved server settings (flags and defaults already applied).
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    /// `smtp://host:port`, `smtp://host:port?tls=required` (STARTTLS) or `smtps://host:port`;
    /// credentials may be given in the URL's user-info. None: mails stay in the outbox.
    pub smtp: Option<String>,
    pub mail_from: String,
    pub session_ttl: Duration,
    pub reset_ttl: Duration,
    /// Lifetime of the invitation code mailed to an account created without a password.
    pub invite_ttl: Duration,
    pub autoclose_after: Duration,
    /// How long a closed ticket can still be reopened.
    pub reopen_within: Duration,
    pub sweep_interval: Duration,
    pub mail_interval: Duration,
    /// Base URL put in e-mails; defaults to `http://<listen>`.
    pub public_url: Option<String>,
    /// Proxies whose `X-Forwarded-For` names the client (`--trust-proxy`).
    pub trust_proxy: Vec<ipnet::IpNet>,
    /// Threads that hash passwords (argon2id, 19 MiB each).
    pub password_workers: usize,
    /// How long a password operation may wait for a hashing thread before a 503.
    pub password_wait: Duration,
}

impl Settings {
    /// Checks what can only be wrong by configuration, so `lhs serve` refuses to start
    /// instead of failing later (every queued mail `failed` at its first attempt).
    pub fn check(&self) -> Result<(), String> {
        mail::check_sender(&self.mail_from)?;
        if let Some(url) = &self.smtp {
            mail::transport(url)?;
        }
        if let Some(url) = &self.public_url {
            let parsed = reqwest::Url::parse(url).map_err(|e| {
                format!("invalid --public-url `{url}`: {e}; use the portal's address, e.g. https://portal.example.com")
            })?;
            if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
                return Err(format!(
                    "invalid --public-url `{url}`: use an http:// or https:// address"
                ));
            }
            if parsed.query().is_some() || parsed.fragment().is_some() {
                return Err(format!(
                    "invalid --public-url `{url}`: a base URL has no query or fragment"
                ));
            }
        }
        Ok(())
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            smtp: None,
            mail_from: "lhs <noreply@localhost>".into(),
            session_ttl: Duration::from_secs(14 * 86_400),
            reset_ttl: Duration::from_secs(3600),
            invite_ttl: Duration::from_secs(7 * 86_400),
            autoclose_after: Duration::from_secs(7 * 86_400),
            reopen_within: Duration::from_secs(7 * 86_400),
            sweep_interval: Duration::from_secs(600),
            mail_interval: Duration::from_secs(5),
            public_url: None,
            trust_proxy: Vec::new(),
            password_workers: passwords::default_workers(),
            password_wait: Duration::from_secs(10),
        }
    }
}

pub use self::state::AppState;

/// A running server: its address and a way to stop it gracefully.
pub struct RunningServer {
    pub addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    handle: JoinHandle<std::io::Result<()>>,
    workers: Vec<JoinHandle<()>>,
}

impl RunningServer {
    /// Stops accepting connections, lets in-flight requests finish, stops the workers.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        let _ = self.shutdown.send(true);
        self.handle.await??;
        for w in self.workers {
            let _ = w.await;
        }
        Ok(())
    }

    /// Resolves when the server stops by itself (an accept error).
    pub async fn wait(&mut self) -> anyhow::Result<()> {
        (&mut self.handle).await??;
        Ok(())
    }
}

/// Binds `settings.listen` and serves until [`RunningServer::shutdown`].
pub async fn start(settings: Settings, store: SharedStore) -> anyhow::Result<RunningServer> {
    use anyhow::Context;
    settings.check().map_err(|e| anyhow::anyhow!(e))?;
    let listener = TcpListener::bind(settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let addr = listener.local_addr()?;
    let public_url: Arc<str> = settings
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"))
        .trim_end_matches('/')
        .into();
    let passwords = PasswordPool::new(settings.password_workers, settings.password_wait);
    let writers = Arc::new(tokio::sync::Semaphore::new(store.max_writers()));
    let state = AppState {
        writers,
        store,
        settings: Arc::new(settings),
        passwords,
        mail_wakeup: Arc::new(Notify::new()),
        public_url,
    };
    let (tx, rx) = watch::channel(false);
    let mut workers = vec![tokio::spawn(sweep::run_loop(state.clone(), rx.clone()))];
    if let Some(url) = state.settings.smtp.clone() {
        let transport = mail::transport(&url).map_err(|e| anyhow::anyhow!(e))?;
        workers.push(tokio::spawn(mail::worker(
            state.clone(),
            transport,
            rx.clone(),
        )));
    }
    let router = app::router(state);
    let mut stop = rx;
    let handle = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = stop.wait_for(|s| *s).await;
        })
        .await
    });
    Ok(RunningServer {
        addr,
        shutdown: tx,
        handle,
        workers,
    })
}

/// Timestamps as stored and sent: RFC 3339 UTC with milliseconds.
pub mod clock {
    use chrono::{DateTime, SecondsFormat, Utc};
    use std::time::Duration;

    pub fn format(t: DateTime<Utc>) -> String {
        t.to_rfc3339_opts(SecondsFormat::Millis, true)
    }
    pub fn now() -> String {
        format(Utc::now())
    }
    pub fn in_future(d: Duration) -> String {
        let d = chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
        format(
            Utc::now()
                .checked_add_signed(d)
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        )
    }
    /// `at` (a stored timestamp) plus `d`, or None when `at` does not parse.
    pub fn after(at: &str, d: Duration) -> Option<String> {
        let t = DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc);
        let d = chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
        Some(format(
            t.checked_add_signed(d).unwrap_or(DateTime::<Utc>::MAX_UTC),
        ))
    }
    pub fn in_past(d: Duration) -> String {
        let d = chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
        format(
            Utc::now()
                .checked_sub_signed(d)
                .unwrap_or(DateTime::<Utc>::MIN_UTC),
        )
    }
}
