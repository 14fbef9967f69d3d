//! Tickets with their comments and attachments, and the listing and search behind
//! `GET /tickets`. Every lookup takes the caller's [`Scope`], applied in SQL, so another
//! company's ticket simply does not exist for the caller.
//!
//! Listings are newest first (by number) and paged by keyset: a page costs the same however
//! many tickets match, and the exact total is counted only when asked.

use super::StoreResult;
use crate::domain::ticket::{Priority, TicketState};
use crate::wire::{Attachment, Comment};

/// Which tickets a caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Staff: every company.
    All,
    /// `assistenza=all`: every ticket of the company.
    Company(i64),
    /// `assistenza=own|read`: the tickets this user opened.
    Own { company: i64, user: i64 },
}

#[derive(Debug, Clone)]
pub struct TicketRow {
    pub id: i64,
    pub company_id: i64,
    pub company_code: String,
    pub company_name: String,
    pub creator_id: i64,
    pub creator_account: String,
    pub creator_name: String,
    pub creator_email: String,
    pub section_id: i64,
    pub macro_area: String,
    pub area: String,
    pub section: String,
    pub subject: String,
    pub description: String,
    pub priority: Priority,
    pub state: TicketState,
    pub technician_id: Option<i64>,
    pub technician_account: Option<String>,
    pub technician_email: Option<String>,
    pub minutes: i64,
    pub created_at: String,
    pub updated_at: String,
    pub answered_at: Option<String>,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    /// Another address that receives the ticket's mails (the form's "E-mail di notifica").
    pub notify_email: Option<String>,
    pub creator_language: String,
    pub technician_language: Option<String>,
}

/// Who a mail goes to, and in which language (`it` or `en`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub email: String,
    pub lang: String,
}

impl TicketRow {
    /// The customer's side of a ticket: its creator and the notification address, if any,
    /// both in the creator's language.
    pub fn customer_recipients(&self) -> Vec<Recipient> {
        let mut to = vec![Recipient {
            email: self.creator_email.clone(),
            lang: self.creator_language.clone(),
        }];
        if let Some(n) = &self.notify_email
            && !n.eq_ignore_ascii_case(&self.creator_email)
        {
            to.push(Recipient {
                email: n.clone(),
                lang: self.creator_language.clone(),
            });
        }
        to
    }

    /// The technician in charge, if any.
    pub fn technician_recipient(&self) -> Option<Recipient> {
        self.technician_email.as_ref().map(|e| Recipient {
            email: e.clone(),
            lang: self
                .technician_language
                .clone()
                .unwrap_or_else(|| "it".into()),
        })
    }
}

#[derive(Debug, Clone)]
pub struct NewTicket {
    pub company_id: i64,
    pub creator_id: i64,
    pub section_id: i64,
    pub subject: String,
    pub description: String,
    pub priority: Priority,
    pub notify_email: Option<String>,
}

/// Filters of a ticket listing.
#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    pub states: Vec<TicketState>,
    /// Inclusive lower bound on `created_at` (timestamp text).
    pub created_from: Option<String>,
    /// Exclusive upper bound on `created_at`.
    pub created_until: Option<String>,
    /// Words that must all match the terms of the subject, description or comments
    /// ([`crate::domain::search`]: Italian forms, prefixes, case and accents aside).
    pub words: Vec<crate::domain::search::QueryWord>,
    pub company: Option<i64>,
    pub technician: Option<i64>,
    pub creator: Option<i64>,
    pub priority: Option<Priority>,
    /// Only tickets in these sections (a catalog node's).
    pub sections: Option<Vec<i64>>,
    /// The cursor: only tickets numbered below this (above it when `oldest`).
    pub before: Option<i64>,
    /// Oldest first instead of newest first.
    pub oldest: bool,
}

impl TicketFilter {
    /// `ASC` or `DESC`, and the cursor's comparison, for the listing's order.
    pub fn order(&self) -> (&'static str, &'static str) {
        if self.oldest {
            ("ASC", ">")
        } else {
            ("DESC", "<")
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub filename: String,
    pub content_type: String,
    pub sha256: String,
    pub data: Vec<u8>,
}

pub trait TicketRepo {
    /// Inserts a ticket (state `inserito`) and returns its number.
    fn insert_ticket(&self, ticket: &NewTicket, now: &str) -> StoreResult<i64>;
    fn ticket(&self, scope: Scope, number: i64) -> StoreResult<Option<TicketRow>>;
    /// Up to `limit` tickets matching, newest first.
    fn list_tickets(
        &self,
        scope: Scope,
        filter: &TicketFilter,
        limit: i64,
    ) -> StoreResult<Vec<TicketRow>>;
    /// How many tickets match (ignoring the cursor): costs a full count.
    fn count_tickets(&self, scope: Scope, filter: &TicketFilter) -> StoreResult<i64>;
    /// Writes the mutable fields: state, technician, minutes, timestamps, closed_by.
    fn update_ticket(&self, ticket: &TicketRow) -> StoreResult<()>;
    /// Writes what `tickets edit` changes: subject, priority, notify_email and updated_at, and
    /// re-indexes the subject for search.
    fn edit_ticket(&self, ticket: &TicketRow) -> StoreResult<()>;
    fn insert_comment(
        &self,
        ticket_id: i64,
        author_id: i64,
        kind: &str,
        body: &str,
        minutes: i64,
        now: &str,
    ) -> StoreResult<i64>;
    fn comments(&self, ticket_id: i64) -> StoreResult<Vec<Comment>>;
    fn insert_attachment(
        &self,
        ticket_id: i64,
        uploader_id: i64,
        file: &NewAttachment,
        now: &str,
    ) -> StoreResult<i64>;
    fn attachments(&self, ticket_id: i64) -> StoreResult<Vec<Attachment>>;
    fn attachment_data(
        &self,
        scope: Scope,
        number: i64,
        id: i64,
    ) -> StoreResult<Option<(Attachment, Vec<u8>)>>;
    /// Up to `limit` `risposto` tickets answered at or before `cutoff`, oldest first.
    fn answered_before(&self, cutoff: &str, limit: i64) -> StoreResult<Vec<TicketRow>>;
}
