//! The portal behind a profile, as the commands that work on both kinds see it: one interface
//! ([`TicketPortal`] for `lhs tickets`, [`AccountPortal`] for `whoami` and `passwd`,
//! [`LibraryPortal`] for `docs` and `faq`, [`CrmPortal`] for a vtenext portal's other modules
//! and `me`), two implementations — an lhs portal ([`lhs`], over the typed API client) and a
//! vtenext customer portal ([`vtenext`] and [`vtenext_crm`], over its SOAP service). A command
//! asks [`Context::portal`] and calls it; it never asks which kind it has.
//!
//! What only lhs portals do (edit, reopen, the desk, …) goes through `Context::client`, which
//! refuses a vtenext profile with the list of what works there; what a vtenext portal lacks
//! inside a shared command (a filter, a flag) its implementation refuses naming the flag.
//!
//! [`Context::portal`]: crate::context::Context::portal

pub mod lhs;
pub mod vtenext;
pub mod vtenext_crm;

use std::path::PathBuf;

use async_trait::async_trait;

use crate::commands::content::DownloadArgs;
use crate::commands::crm::{ListArgs, Module, RecordRef};
use crate::commands::tickets::{TicketRef, new};
use crate::commands::{docs, faq, me};
use crate::context::Context;
use crate::domain::ticket::TicketState;
use crate::error::CliResult;
use crate::wire::TicketQuery;

/// Where a ticket stands, for `lhs tickets wait`.
#[derive(Debug)]
pub struct WaitCheck {
    pub state: TicketState,
    /// What `--json` prints once the state is the one awaited.
    pub json: serde_json::Value,
    /// The help desk's last answer, shown when the ticket is answered (when the portal
    /// tells).
    pub answer: Option<String>,
}

/// The ticket commands, on either kind of portal. Each prints its own result (`--json`, the
/// table or the text, the confirmation on stderr), as the command's help describes.
#[async_trait]
pub trait TicketPortal: Send + Sync {
    /// `lhs tickets list`: the tickets matching `query`, up to `limit` (None: all).
    async fn list(
        &self,
        ctx: &Context,
        query: &TicketQuery,
        limit: Option<u32>,
        count: bool,
    ) -> CliResult<()>;
    /// `lhs tickets view`.
    async fn view(&self, ctx: &Context, ticket: TicketRef) -> CliResult<()>;
    /// `lhs tickets new`.
    async fn open(&self, ctx: &Context, args: new::Args) -> CliResult<()>;
    /// `lhs tickets comment`, with the caller's idempotency key if any.
    async fn comment(
        &self,
        ctx: &Context,
        ticket: TicketRef,
        body: &str,
        key: Option<String>,
    ) -> CliResult<()>;
    /// `lhs tickets attach`.
    async fn attach(&self, ctx: &Context, ticket: TicketRef, files: &[PathBuf]) -> CliResult<()>;
    /// `lhs tickets close`: a closed ticket is left as it is and said so (exit 0).
    async fn close(&self, ctx: &Context, ticket: TicketRef) -> CliResult<()>;
    /// The ticket's attachments: (id, file name).
    async fn attachments(&self, ticket: TicketRef) -> CliResult<Vec<(i64, String)>>;
    /// One attachment's bytes.
    async fn file(&self, ticket: TicketRef, id: i64) -> CliResult<Vec<u8>>;
    /// The address of the ticket's page (`--web`).
    fn ticket_page(&self, ticket: TicketRef) -> CliResult<String>;
    /// The address of the ticket list's page showing what `query` asks (`--web`), and the
    /// filters that page does not have.
    fn list_page(&self, query: &TicketQuery) -> CliResult<(String, Vec<&'static str>)>;
    /// Refuses a ticket reference this kind of portal has no use for, before a long wait.
    fn accepts(&self, ticket: TicketRef) -> CliResult<()>;
    /// Where the ticket stands now (`awaited`: the state a `wait` is for).
    async fn check(&self, ticket: TicketRef, awaited: TicketState) -> CliResult<WaitCheck>;
}

/// The account commands, on either kind of portal.
#[async_trait]
pub trait AccountPortal: Send + Sync {
    /// `lhs whoami`.
    async fn whoami(&self, ctx: &Context) -> CliResult<()>;
    /// `lhs passwd`: `current` checked by the portal, `new` subject to its rules.
    async fn change_password(&mut self, ctx: &Context, current: &str, new: &str) -> CliResult<()>;
}

/// The reading areas both kinds of portal have: documents and FAQ.
#[async_trait]
pub trait LibraryPortal: Send + Sync {
    /// `lhs docs list`.
    async fn docs_list(&self, ctx: &Context, args: &docs::list::Args) -> CliResult<()>;
    /// `lhs docs view`.
    async fn docs_view(&self, ctx: &Context, id: i64) -> CliResult<()>;
    /// `lhs docs download`.
    async fn docs_download(&self, ctx: &Context, args: &DownloadArgs) -> CliResult<()>;
    /// `lhs faq list`.
    async fn faq_list(&self, ctx: &Context, args: &faq::list::Args) -> CliResult<()>;
    /// `lhs faq view`.
    async fn faq_view(&self, ctx: &Context, id: i64) -> CliResult<()>;
    /// `lhs faq comment`.
    async fn faq_comment(&self, ctx: &Context, id: i64, text: &str) -> CliResult<()>;
}

/// A vtenext portal's modules (quotes, invoices, products, …) and the contact's own data. An
/// lhs portal has none of those modules (it refuses, naming the nearest command it has) but
/// has `me` of its own.
#[async_trait]
pub trait CrmPortal: Send + Sync {
    /// `lhs records` without a module: the modules the portal shows the contact.
    async fn modules(&self, ctx: &Context) -> CliResult<()>;
    /// `lhs quotes list` and the others: the records of `module`.
    async fn records(&self, ctx: &Context, module: &Module, args: &ListArgs) -> CliResult<()>;
    /// `lhs quotes view` and the others: one record (a project with its tasks, milestones and
    /// tickets).
    async fn record(&self, ctx: &Context, module: &Module, r: &RecordRef) -> CliResult<()>;
    /// `lhs company`.
    async fn company(&self, ctx: &Context) -> CliResult<()>;
    /// `lhs me`.
    async fn me(&self, ctx: &Context) -> CliResult<()>;
    /// `lhs me edit`.
    async fn edit_me(&self, ctx: &Context, edit: &me::edit::Args) -> CliResult<()>;
}

/// Everything a command may ask of the portal in effect.
pub trait Portal: TicketPortal + AccountPortal + LibraryPortal + CrmPortal {}

impl<T: TicketPortal + AccountPortal + LibraryPortal + CrmPortal> Portal for T {}
