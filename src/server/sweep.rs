//! Housekeeping in the background: the sweep that closes `risposto` tickets with no customer
//! activity for the configured time (`--autoclose-after`, default 7 days), as the portal's
//! "chiuso dal sistema", and the erasure of mailed codes that have expired.
//!
//! It never holds the database for long: tickets are closed in batches of [`BATCH`], each in
//! its own short transaction, with a pause between batches so requests interleave. Start-up
//! does not wait for it.

use std::time::Duration;

use tokio::sync::watch;

use crate::server::AppState;
use crate::server::clock;
use crate::server::error::ApiResult;
use crate::server::routes::tickets::close_in_repo;
use crate::server::store::run;

/// Tickets closed per transaction.
pub const BATCH: i64 = 500;

/// Runs one pass: closes every stale answered ticket, batch by batch; returns how many.
pub async fn sweep_once(state: &AppState) -> ApiResult<usize> {
    let cutoff = clock::in_past(state.settings.autoclose_after);
    let mut closed = 0;
    loop {
        let url = state.public_url.clone();
        let cut = cutoff.clone();
        let n = run(&state.store, move |repo| {
            let now = clock::now();
            let batch = repo.answered_before(&cut, BATCH)?;
            for t in &batch {
                close_in_repo(repo, t.clone(), "system", &url, &now)?;
            }
            Ok(batch.len())
        })
        .await?;
        if n == 0 {
            break;
        }
        closed += n;
        tracing::info!(
            batch = n,
            closed_so_far = closed,
            "auto-closed answered tickets without customer activity"
        );
        state.mail_wakeup.notify_one();
        if i64::try_from(n).unwrap_or(i64::MAX) < BATCH {
            break;
        }
        // Let waiting requests through between batches.
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let erased = run(&state.store, |repo| {
        repo.erase_expired_mail_secrets(&clock::now())
    })
    .await?;
    if erased > 0 {
        tracing::info!(erased, "erased expired codes from the outbox");
        crate::server::mail::purge(state).await;
    }
    Ok(closed)
}

pub async fn run_loop(state: AppState, mut stop: watch::Receiver<bool>) {
    loop {
        if let Err(e) = sweep_once(&state).await {
            tracing::warn!(error = %e.message, "housekeeping sweep failed");
        }
        tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            () = tokio::time::sleep(state.settings.sweep_interval) => {}
        }
    }
}
