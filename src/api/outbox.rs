//! The mail outbox (help desk).

use super::ApiClient;
use crate::error::CliResult;
use crate::wire::{OutboxMail, OutboxRetryRequest};

impl ApiClient {
    /// The newest `limit` mails, optionally only those with `status`
    /// (`pending`, `sent`, `failed`).
    pub async fn outbox(&self, status: Option<&str>, limit: i64) -> CliResult<Vec<OutboxMail>> {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("limit", &limit.to_string());
        if let Some(s) = status {
            q.append_pair("status", s);
        }
        self.get(&format!("/outbox?{}", q.finish())).await
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
