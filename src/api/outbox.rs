//! The mail outbox (help desk).

use super::ApiClient;
use crate::error::CliResult;
use crate::wire::{OutboxMail, OutboxRetryRequest};

impl ApiClient {
    /// The newest `limit` mails, optionally only those with `status`
    /// (`pending`, `sent`, `failed`).
    pub async fn outbox(&self, status: Option<&str>, limit: i64) -> CliResult<Vec<OutboxMail>> {
        let q = crate::wire::OutboxQuery {
            status: status.map(str::to_owned),
            limit: Some(limit),
        };
        self.get(&super::with_query("/outbox", &q)).await
    }

    pub async fn retry_mail(&self, ids: Vec<i64>) -> CliResult<Vec<OutboxMail>> {
        self.post("/outbox/retry", &OutboxRetryRequest { ids })
            .await
    }

    pub async fn retry_failed_mail(&self) -> CliResult<Vec<OutboxMail>> {
        self.post("/outbox/retry-failed", &serde_json::json!({}))
            .await
    }
}
