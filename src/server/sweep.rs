//! The periodic sweep that closes `risposto` tickets with no customer activity for the
//! configured time (`--autoclose-after`, default 7 days), as the portal's "chiuso dal sistema".

use tokio::sync::watch;

use crate::server::AppState;
use crate::server::clock;
use crate::server::error::ApiResult;
use crate::server::routes::tickets::close_in_repo;
use crate::server::store::run;

/// Runs one pass: closes every stale answered ticket, returns how many.
pub async fn sweep_once(state: &AppState) -> ApiResult<usize> {
    let cutoff = clock::in_past(state.settings.autoclose_after);
    let url = state.public_url.clone();
    let closed = run(&state.store, move |repo| {
        let now = clock::now();
        let expired = repo.answered_before(&cutoff)?;
        for t in &expired {
            close_in_repo(repo, t.clone(), "system", &url, &now)?;
        }
        Ok(expired.len())
    })
    .await?;
    if closed > 0 {
        tracing::info!(
            closed,
            "auto-closed answered tickets without customer activity"
        );
        state.mail_wakeup.notify_one();
    }
    Ok(closed)
}

pub async fn run_loop(state: AppState, mut stop: watch::Receiver<bool>) {
    loop {
        if let Err(e) = sweep_once(&state).await {
            tracing::warn!(error = %e.message, "auto-close sweep failed");
        }
        tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            () = tokio::time::sleep(state.settings.sweep_interval) => {}
        }
    }
}
