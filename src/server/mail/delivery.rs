//! Delivering the outbox over SMTP: the transport from `--smtp`, the worker that sends due
//! mails with retries and backoff, and the purge of old ones. Nothing here knows what a mail
//! says.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::watch;

use crate::server::AppState;
use crate::server::clock;
use crate::server::store::{Repo, StoreError, StoreResult, write_blocking};

use super::CODE_PLACEHOLDER;

/// Attempts before a mail is marked `failed`.
pub const MAX_ATTEMPTS: i64 = 8;

pub type Transport = AsyncSmtpTransport<Tokio1Executor>;

/// Builds the SMTP transport from `smtp://`, `smtp://…?tls=required` or `smtps://` URLs. The
/// message never repeats the URL, which may hold credentials.
pub fn transport(url: &str) -> Result<Transport, String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| {
        format!("invalid --smtp URL: {e}; use smtp://host:port, smtp://host:port?tls=required or smtps://host:port")
    })?;
    if !matches!(parsed.scheme(), "smtp" | "smtps") {
        return Err(format!(
            "invalid --smtp URL: scheme `{}` is not smtp or smtps",
            parsed.scheme()
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("invalid --smtp URL: it names no host".into());
    }
    let t = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .map_err(|e| format!("invalid --smtp URL: {e}"))?
        .timeout(Some(Duration::from_secs(20)))
        .build();
    Ok(t)
}

/// Checks `--mail-from` at start: an address lettre accepts, e.g. `Assistenza <a@b.it>`.
pub fn check_sender(from: &str) -> Result<(), String> {
    from.parse::<lettre::message::Mailbox>()
        .map(|_| ())
        .map_err(|e| {
            format!("invalid --mail-from `{from}`: {e}; use an address such as 'Assistenza <assistenza@example.com>'")
        })
}

fn backoff(attempts: i64) -> Duration {
    let secs = 5u64.saturating_mul(1 << attempts.clamp(0, 10));
    Duration::from_secs(secs.min(3600))
}

/// Delivers due mails until `stop` turns true; woken early by `state.mail_wakeup`.
pub async fn worker(state: AppState, transport: Transport, mut stop: watch::Receiver<bool>) {
    let from = state.settings.mail_from.clone();
    loop {
        if let Err(e) = deliver_due(&state, &transport, &from).await {
            tracing::warn!(error = %e, "mail delivery pass failed");
        }
        tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            () = state.mail_wakeup.notified() => {}
            () = tokio::time::sleep(state.settings.mail_interval) => {}
        }
    }
}

/// How long a claimed mail is left to its worker before another may send it again.
const LEASE: Duration = Duration::from_secs(120);

/// Runs `f` in a write transaction on the blocking pool (without waking the worker itself).
async fn write<R: Send + 'static>(
    state: &AppState,
    f: impl FnMut(&dyn Repo) -> StoreResult<R> + Send + 'static,
) -> StoreResult<R> {
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || write_blocking(&*store, f))
        .await
        .map_err(|e| StoreError::Internal(e.to_string()))?
}

async fn deliver_due(state: &AppState, transport: &Transport, from: &str) -> StoreResult<()> {
    loop {
        // Claimed mails are leased to this worker: no other instance sends them meanwhile.
        let due = write(state, |r| {
            r.claim_due_mail(&clock::now(), &clock::in_future(LEASE), 20)
        })
        .await?;
        if due.is_empty() {
            return Ok(());
        }
        for m in due {
            let body = match &m.secret {
                Some(s) => Ok(m.body.replace(CODE_PLACEHOLDER, &s.value)),
                None if m.body.contains(CODE_PLACEHOLDER) => {
                    Err("its code expired before it could be delivered".to_owned())
                }
                None => Ok(m.body.clone()),
            };
            let result = match body.and_then(|b| build(from, &m.to, &m.subject, &b)) {
                Ok(msg) => transport
                    .send(msg)
                    .await
                    .map(|_| ())
                    .map_err(|e| (e.to_string(), e.is_permanent())),
                Err(e) => Err((e, true)),
            };
            let id = m.id;
            match result {
                Ok(()) => {
                    tracing::info!(mail = id, "mail sent");
                    write(state, move |r| r.mark_mail_sent(id, &clock::now())).await?;
                    if m.secret.is_some() {
                        purge(state).await;
                    }
                }
                Err((err, permanent)) => {
                    let give_up = permanent || m.attempts + 1 >= MAX_ATTEMPTS;
                    tracing::warn!(mail = id, attempts = m.attempts + 1, give_up, error = %err, "mail not sent");
                    let next = clock::in_future(backoff(m.attempts));
                    write(state, move |r| r.mark_mail_failed(id, &err, &next, give_up)).await?;
                }
            }
        }
    }
}

/// Removes every copy of erased codes from the database files (best effort, logged).
pub async fn purge(state: &AppState) {
    let store = state.store.clone();
    let done = tokio::task::spawn_blocking(move || store.purge_erased()).await;
    if let Ok(Err(e)) = done {
        tracing::warn!(error = %e, "could not purge erased codes from the database files");
    }
}

fn build(from: &str, to: &str, subject: &str, body: &str) -> Result<Message, String> {
    Message::builder()
        .from(
            from.parse()
                .map_err(|e| format!("invalid sender `{from}`: {e}"))?,
        )
        .to(to
            .parse()
            .map_err(|e| format!("invalid recipient `{to}`: {e}"))?)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .map_err(|e| e.to_string())
}
