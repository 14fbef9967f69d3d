//! Tickets: opening, the summary and the whole ticket, comments, attachments, pages, edits, reopening and the desk's reply.

#[allow(clippy::wildcard_imports)]
use super::*;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTicketRequest {
    #[schema(schema_with = schemas::line_200)]
    pub macro_area: String,
    #[schema(schema_with = schemas::line_200)]
    pub area: String,
    #[schema(schema_with = schemas::line_200)]
    pub section: String,
    #[schema(schema_with = schemas::line_200)]
    pub subject: String,
    #[schema(schema_with = schemas::long_text)]
    pub description: String,
    #[serde(default)]
    pub priority: Option<Priority>,
    /// Another address that receives this ticket's mails ("E-mail di notifica ticket").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = schemas::email_or_null)]
    pub notify_email: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TicketSummary {
    pub number: i64,
    pub customer_code: String,
    pub company_name: String,
    /// Account of the user who opened the ticket.
    pub user: String,
    pub user_name: String,
    /// Account of the technician in charge.
    pub technician: Option<String>,
    pub macro_area: String,
    pub area: String,
    pub section: String,
    pub subject: String,
    pub priority: Priority,
    pub state: TicketState,
    pub created_at: String,
    pub updated_at: String,
    pub closed_at: Option<String>,
    /// Minutes of SMART package consumed by replies.
    pub minutes: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Ticket {
    #[serde(flatten)]
    pub summary: TicketSummary,
    pub description: String,
    /// `customer`, `staff` or `system`; null while open.
    pub closed_by: Option<String>,
    /// Until when the closed ticket can still be reopened (the server's `--reopen-within`
    /// after `closed_at`); null while open or when reopening is off.
    #[serde(default)]
    pub reopen_until: Option<String>,
    /// Where notifications about the ticket also go, besides its author.
    #[serde(default)]
    pub notify_email: Option<String>,
    pub comments: Vec<Comment>,
    pub attachments: Vec<Attachment>,
    /// What the caller may do now.
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Comment {
    pub id: i64,
    pub author: String,
    pub author_name: String,
    /// `customer` or `staff`.
    pub author_role: String,
    /// `comment` or `reply` (a staff answer that moved the ticket to risposto).
    pub kind: String,
    pub body: String,
    pub minutes: i64,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Attachment {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TicketPage {
    pub items: Vec<TicketSummary>,
    /// Whether more tickets match after this page.
    pub has_more: bool,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// How many tickets match in all: only with `count=true` (it costs a full count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// `PATCH /tickets/{number}`: what to change while the ticket is `inserito` (JSON merge patch:
/// an absent field stays as it is; `notify_email: null` removes the notification address).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditTicketRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = schemas::line_200)]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub priority: Option<Priority>,
    #[serde(
        default,
        deserialize_with = "patch::field",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(schema_with = schemas::email_or_null)]
    pub notify_email: Option<Option<String>>,
}

/// `POST /tickets/{number}/reopen`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenRequest {
    /// Why the ticket is reopened, added as a comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = schemas::long_text_or_null)]
    pub comment: Option<String>,
}

/// JSON merge-patch fields: absent → `None`, `null` → `Some(None)`, a value → `Some(Some(v))`.
mod patch {
    use serde::{Deserialize, Deserializer};

    #[allow(
        clippy::option_option,
        reason = "absent and null mean different things"
    )]
    pub fn field<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<T>::deserialize(d).map(Some)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentRequest {
    #[schema(schema_with = schemas::long_text)]
    pub body: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyRequest {
    #[schema(schema_with = schemas::long_text)]
    pub body: String,
    /// Minutes spent, deducted from the customer's SMART package.
    #[serde(deserialize_with = "whole::i64")]
    #[schema(minimum = 0, maximum = 100_000)]
    pub minutes: i64,
    /// Allow the balance to go below zero (otherwise 409 `insufficient_balance`).
    #[serde(default)]
    pub allow_overdraft: bool,
}

/// The multipart form of an upload: 1 to 3 parts named `file`, each with a file name.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentUpload {
    #[schema(value_type = Vec<String>, format = Binary, min_items = 1, max_items = 3)]
    pub file: Vec<String>,
}
