//! The mail outbox as the help desk sees it.

#[allow(clippy::wildcard_imports)]
use super::*;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OutboxMail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub kind: String,
    /// `pending`, `sent` or `failed` (gave up after retries).
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
}

/// Staff: queue failed mails again, by id.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutboxRetryRequest {
    /// Ids of failed mails.
    #[serde(deserialize_with = "whole::vec_i64")]
    #[schema(min_items = 1, max_items = 1000)]
    pub ids: Vec<i64>,
}

/// The query of `GET /outbox`, declared once (serde on both sides).
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OutboxQuery {
    /// `pending`, `sent` or `failed`.
    #[param(pattern = "^(pending|sent|failed)$")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// At most this many, newest first (1 to 1000, default 100).
    #[param(minimum = 1, maximum = 1000)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}
