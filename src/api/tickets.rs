//! Tickets: listing with filters and keyset pages, one ticket, creation (with files),
//! comments, attachments, state actions and the desk's reply.

use indicatif::ProgressBar;
use reqwest::Method;

use super::upload::{LocalFile, form};
use super::{ApiClient, Retry};
use crate::error::{CliError, CliResult, Kind};
use crate::wire::{
    Attachment, CommentRequest, CreateTicketRequest, EditTicketRequest, ReopenRequest,
    ReplyRequest, Ticket, TicketPage, TicketQuery,
};

/// A state change a ticket's actions allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketAction {
    /// "Ok, risolto" (customer) or closing from the desk.
    Close,
    /// The desk takes the ticket in charge.
    Take,
}

impl ApiClient {
    /// One page of tickets, newest first: up to `limit`, after `cursor`; with `count` the
    /// page also carries the total.
    pub async fn tickets(
        &self,
        query: &TicketQuery,
        limit: usize,
        cursor: Option<&str>,
        count: bool,
    ) -> CliResult<TicketPage> {
        let page = TicketQuery {
            limit: Some(i64::try_from(limit).unwrap_or(TicketQuery::MAX_LIMIT)),
            cursor: cursor.map(str::to_owned),
            count,
            ..query.clone()
        };
        self.get(&format!("/tickets?{}", page.encode())).await
    }

    pub async fn ticket(&self, number: i64) -> CliResult<Ticket> {
        self.get(&format!("/tickets/{number}")).await
    }

    /// Opens a ticket, with `files` attached if any; `key` makes a retry safe. `true` when the
    /// portal answered with the ticket an earlier run opened with the same key (nothing new
    /// was opened).
    pub async fn create_ticket(
        &self,
        req: &CreateTicketRequest,
        files: &[LocalFile],
        key: &str,
        bar: &ProgressBar,
    ) -> CliResult<(Ticket, bool)> {
        if files.is_empty() {
            return self
                .send_replayable(Method::POST, "/tickets", Retry::Safe, &|| {
                    self.request(Method::POST, "/tickets")
                        .header("Idempotency-Key", key)
                        .json(req)
                })
                .await;
        }
        let json = serde_json::to_string(req).map_err(|e| CliError::other(e.to_string()))?;
        self.send_replayable(Method::POST, "/tickets", Retry::Safe, &|| {
            self.request(Method::POST, "/tickets")
                .header("Idempotency-Key", key)
                .multipart(form(files, Some(&json), bar))
        })
        .await
    }

    pub async fn comment(&self, number: i64, body: &str, key: &str) -> CliResult<Ticket> {
        self.post_idempotent(
            &format!("/tickets/{number}/comments"),
            &CommentRequest {
                body: body.to_owned(),
            },
            key,
        )
        .await
    }

    /// Adds files to a ticket (never retried: the server has no key to recognise a repeat).
    pub async fn attach(
        &self,
        number: i64,
        files: &[LocalFile],
        bar: &ProgressBar,
    ) -> CliResult<Ticket> {
        let path = format!("/tickets/{number}/attachments");
        self.send(Method::POST, &path, Retry::Never, &|| {
            self.request(Method::POST, &path)
                .multipart(form(files, None, bar))
        })
        .await
    }

    pub async fn attachments(&self, number: i64) -> CliResult<Vec<Attachment>> {
        self.get(&format!("/tickets/{number}/attachments")).await
    }

    /// The bytes of one attachment.
    pub async fn download(&self, number: i64, id: i64) -> CliResult<bytes::Bytes> {
        let path = format!("/tickets/{number}/attachments/{id}");
        let resp = self
            .send_raw(&Method::GET, &path, Retry::Safe, &|| {
                self.request(Method::GET, &path)
            })
            .await?;
        let status = resp.status();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| CliError::new(Kind::Network, format!("download interrupted: {e}")))?;
        if !status.is_success() {
            return Err(self.api_error(status, &bytes));
        }
        Ok(bytes)
    }

    pub async fn ticket_action(&self, number: i64, action: TicketAction) -> CliResult<Ticket> {
        let verb = match action {
            TicketAction::Close => "close",
            TicketAction::Take => "take",
        };
        self.post(&format!("/tickets/{number}/{verb}"), &serde_json::json!({}))
            .await
    }

    /// Changes subject, priority or notification address while the ticket is inserito.
    pub async fn edit_ticket(&self, number: i64, req: &EditTicketRequest) -> CliResult<Ticket> {
        self.patch(&format!("/tickets/{number}"), req).await
    }

    /// Reopens a closed ticket within the server's window.
    pub async fn reopen(&self, number: i64, req: &ReopenRequest) -> CliResult<Ticket> {
        self.post(&format!("/tickets/{number}/reopen"), req).await
    }

    /// The desk's answer: moves the ticket to risposto and consumes package minutes.
    pub async fn reply(&self, number: i64, req: &ReplyRequest) -> CliResult<Ticket> {
        self.post(&format!("/tickets/{number}/reply"), req).await
    }
}
