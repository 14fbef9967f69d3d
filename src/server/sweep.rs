//! Housekeeping in the background: the sweep that closes `risposto` tickets with no customer
//! activity for the configured time (`--autoclose-after`, default 7 days), as the portal's
//! "chiuso dal sistema"; the erasure of mailed codes that have expired; and the pruning of old
//! throttle events and idempotency keys; and the removal of software-update files whose upload
//! never completed.
//!
//! It never holds the database for long: tickets are closed in batches of [`BATCH`], each in
//! its own short transaction, with a pause between batches so requests interleave. Start-up
//! does not wait for it. With several instances on one database, one sweeps at a time (the
//! store's job lock).

use std::time::Duration;

use tokio::sync::watch;

use crate::server::AppState;
use crate::server::clock;
use crate::server::service::{throttle, tickets, updates};
use crate::server::store::{StoreError, StoreResult, write_blocking};

/// Tickets closed per transaction.
pub const BATCH: i64 = 500;

/// Idempotency keys are kept this long.
const KEEP_KEYS: Duration = Duration::from_secs(24 * 3600);

/// Runs one pass; returns how many tickets it closed (None: another instance was sweeping).
pub async fn sweep_once(state: &AppState) -> StoreResult<Option<usize>> {
    let store = state.store.clone();
    let autoclose = state.settings.autoclose_after;
    let env = state.env();
    let wakeup = state.mail_wakeup.clone();
    let (closed, erased) = tokio::task::spawn_blocking(move || {
        let mut closed = 0;
        let mut erased = 0;
        let ran = store.exclusive("sweep", &mut || {
            let cutoff = clock::in_past(autoclose);
            loop {
                let n = write_blocking(&*store, |r| tickets::autoclose(r, &env, &cutoff, BATCH))?;
                if n == 0 {
                    break;
                }
                closed += n;
                tracing::info!(
                    batch = n,
                    closed_so_far = closed,
                    "auto-closed answered tickets without customer activity"
                );
                wakeup.notify_one();
                if i64::try_from(n).unwrap_or(i64::MAX) < BATCH {
                    break;
                }
                // Let waiting requests through between batches.
                std::thread::sleep(Duration::from_millis(5));
            }
            erased = write_blocking(&*store, |r| {
                let n = r.erase_expired_mail_secrets(&clock::now())?;
                r.prune_throttles(
                    throttle::now_ms()
                        - i64::try_from(throttle::KEEP.as_millis()).unwrap_or(i64::MAX),
                )?;
                r.idempotency_prune(&clock::in_past(KEEP_KEYS))?;
                updates::sweep_orphan_files(r)?;
                Ok::<_, StoreError>(n)
            })?;
            Ok(())
        })?;
        Ok::<_, StoreError>(ran.map(|()| (closed, erased)))
    })
    .await
    .map_err(|e| StoreError::Internal(e.to_string()))??
    .map_or((None, 0), |(c, e)| (Some(c), e));
    if erased > 0 {
        tracing::info!(erased, "erased expired codes from the outbox");
        crate::server::mail::purge(state).await;
    }
    Ok(closed)
}

pub async fn run_loop(state: AppState, mut stop: watch::Receiver<bool>) {
    loop {
        if let Err(e) = sweep_once(&state).await {
            tracing::warn!(error = %e, "housekeeping sweep failed");
        }
        tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            () = tokio::time::sleep(state.settings.sweep_interval) => {}
        }
    }
}
