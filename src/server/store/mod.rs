//! The persistence seam. Route code talks to a [`Repo`] inside one transaction obtained from a
//! [`Store`]; SQLite ([`sqlite::SqliteStore`]) is the embedded implementation, and a PostgreSQL
//! store can implement the same two traits without any route changing.
//!
//! Tenancy lives here: every ticket query takes a [`Scope`] and applies it in SQL, so a handler
//! cannot forget it. The store owns rows and queries, not rules: permissions, state transitions
//! and mail content are decided by the route layer and `domain`.

pub mod sqlite;

use std::sync::Arc;

use crate::domain::permissions::Permissions;
use crate::domain::ticket::{Priority, TicketState};
use crate::server::error::{ApiError, ApiResult};
use crate::wire::{Attachment, CatalogPath, Comment, OutboxMail, PackageMovement, Role};

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
pub struct CompanyRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub created_at: String,
}

#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: i64,
    pub account: String,
    pub role: Role,
    pub staff_admin: bool,
    pub company_id: Option<i64>,
    pub company_code: Option<String>,
    pub company_name: Option<String>,
    pub name: String,
    pub surname: String,
    pub email: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub active: bool,
    pub permissions: Permissions,
    pub created_at: String,
    pub updated_at: String,
}

impl UserRow {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.name, self.surname).trim().to_owned()
    }
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub account: String,
    pub role: Role,
    pub staff_admin: bool,
    pub company_id: Option<i64>,
    pub name: String,
    pub surname: String,
    pub email: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub active: bool,
    pub permissions: Permissions,
}

#[derive(Debug, Clone)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub name: String,
    pub created_at: String,
    pub expires_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
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
}

#[derive(Debug, Clone)]
pub struct NewTicket {
    pub company_id: i64,
    pub creator_id: i64,
    pub section_id: i64,
    pub subject: String,
    pub description: String,
    pub priority: Priority,
}

/// Filters of a ticket listing; `before` is the pagination cursor (a ticket number).
#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    pub states: Vec<TicketState>,
    /// Inclusive lower bound on `created_at` (timestamp text).
    pub created_from: Option<String>,
    /// Exclusive upper bound on `created_at`.
    pub created_until: Option<String>,
    /// An FTS5 expression built by `domain::ticket::fts_query`.
    pub fts: Option<String>,
    pub company: Option<i64>,
    pub technician: Option<i64>,
    pub creator: Option<i64>,
    pub before: Option<i64>,
    pub limit: i64,
}

#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub filename: String,
    pub content_type: String,
    pub sha256: String,
    pub data: Vec<u8>,
}

/// A mail to queue. A mail that carries a code has it in `secret` (with the code's expiry);
/// `body` then holds [`crate::server::mail::CODE_PLACEHOLDER`] where the code goes, so the
/// code is stored apart and erased once sent or expired.
#[derive(Debug, Clone)]
pub struct NewMail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub kind: &'static str,
    pub secret: Option<MailSecret>,
}

#[derive(Clone)]
pub struct MailSecret {
    pub value: String,
    pub expires_at: String,
}

impl std::fmt::Debug for MailSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MailSecret(redacted, expires {})", self.expires_at)
    }
}

#[derive(Debug, Clone)]
pub struct MailRow {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
    pub secret: Option<MailSecret>,
}

/// Why a mail cannot be queued again by `outbox retry`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryRefusal {
    NotFound,
    AlreadySent,
    /// Its code expired or was erased: the user must ask for a new one.
    CodeGone,
}

/// A single-use code (reset or invitation) that was just consumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    Reset,
    Invite,
}

impl CodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CodeKind::Reset => "reset",
            CodeKind::Invite => "invite",
        }
    }
}

#[derive(Debug, Clone)]
pub struct IdempotentResponse {
    pub request_hash: String,
    pub status: u16,
    pub body: String,
}

/// The data operations available inside one transaction.
pub trait Repo {
    // Companies.
    fn insert_company(&self, code: &str, name: &str, now: &str) -> ApiResult<i64>;
    fn company_by_code(&self, code: &str) -> ApiResult<Option<CompanyRow>>;
    fn list_companies(&self) -> ApiResult<Vec<CompanyRow>>;

    // Users. `company` limits the lookup to one company (None: staff, any company).
    fn insert_user(&self, user: &NewUser, now: &str) -> ApiResult<i64>;
    fn user_by_id(&self, id: i64) -> ApiResult<Option<UserRow>>;
    fn user_by_account(&self, company: Option<i64>, account: &str) -> ApiResult<Option<UserRow>>;
    fn list_users(&self, company: Option<i64>) -> ApiResult<Vec<UserRow>>;
    fn update_user(&self, user: &UserRow, now: &str) -> ApiResult<()>;
    fn count_staff(&self) -> ApiResult<i64>;

    // Tokens (sessions and personal API tokens) and password resets.
    fn insert_token(
        &self,
        user_id: i64,
        kind: &str,
        name: &str,
        hash: &str,
        now: &str,
        expires_at: &str,
    ) -> ApiResult<i64>;
    fn token_by_hash(&self, hash: &str) -> ApiResult<Option<TokenRow>>;
    fn touch_token(&self, id: i64, now: &str) -> ApiResult<()>;
    fn list_tokens(&self, user_id: i64, kind: &str) -> ApiResult<Vec<TokenRow>>;
    fn revoke_token(&self, user_id: i64, id: i64, now: &str) -> ApiResult<bool>;
    /// Revokes every live token of a user, but `except`.
    fn revoke_user_tokens(&self, user_id: i64, except: Option<i64>, now: &str) -> ApiResult<()>;
    /// Stores the hash of a new reset or invitation code; the user's earlier live codes stop
    /// working (only the newest mail's code is valid).
    fn insert_code(
        &self,
        user_id: i64,
        kind: CodeKind,
        hash: &str,
        now: &str,
        expires_at: &str,
    ) -> ApiResult<()>;
    /// Consumes a live code, returning its user; every other live code of the user is
    /// voided with it.
    fn use_code(&self, hash: &str, now: &str) -> ApiResult<Option<(i64, CodeKind)>>;
    /// Whether a code is live (unused, unexpired), without consuming it.
    fn code_is_live(&self, hash: &str, now: &str) -> ApiResult<bool>;

    // Catalog and contracts.
    fn ensure_catalog_path(&self, path: &CatalogPath) -> ApiResult<i64>;
    /// The whole catalog (None) or one company's contract, as (section id, path), sorted.
    fn catalog(&self, company: Option<i64>) -> ApiResult<Vec<(i64, CatalogPath)>>;
    fn set_contract(&self, company: i64, section_ids: &[i64]) -> ApiResult<()>;

    // SMART package.
    #[allow(clippy::too_many_arguments)]
    fn add_movement(
        &self,
        company: i64,
        minutes: i64,
        kind: &str,
        ticket_id: Option<i64>,
        note: Option<&str>,
        by: Option<i64>,
        now: &str,
    ) -> ApiResult<()>;
    fn balance(&self, company: i64) -> ApiResult<i64>;
    fn movements(&self, company: i64) -> ApiResult<Vec<PackageMovement>>;

    // Tickets, comments, attachments.
    fn insert_ticket(&self, ticket: &NewTicket, now: &str) -> ApiResult<i64>;
    fn ticket(&self, scope: Scope, number: i64) -> ApiResult<Option<TicketRow>>;
    fn list_tickets(&self, scope: Scope, filter: &TicketFilter)
    -> ApiResult<(Vec<TicketRow>, i64)>;
    /// Writes the mutable fields: state, technician, minutes, timestamps, closed_by.
    fn update_ticket(&self, ticket: &TicketRow) -> ApiResult<()>;
    fn insert_comment(
        &self,
        ticket_id: i64,
        author_id: i64,
        kind: &str,
        body: &str,
        minutes: i64,
        now: &str,
    ) -> ApiResult<i64>;
    fn comments(&self, ticket_id: i64) -> ApiResult<Vec<Comment>>;
    fn insert_attachment(
        &self,
        ticket_id: i64,
        uploader_id: i64,
        file: &NewAttachment,
        now: &str,
    ) -> ApiResult<i64>;
    fn attachments(&self, ticket_id: i64) -> ApiResult<Vec<Attachment>>;
    fn attachment_data(
        &self,
        scope: Scope,
        number: i64,
        id: i64,
    ) -> ApiResult<Option<(Attachment, Vec<u8>)>>;
    /// Up to `limit` `risposto` tickets answered at or before `cutoff`, oldest first, for the
    /// auto-close sweep (which works in bounded batches).
    fn answered_before(&self, cutoff: &str, limit: i64) -> ApiResult<Vec<TicketRow>>;

    // Idempotency keys.
    fn idempotency_get(&self, user_id: i64, key: &str) -> ApiResult<Option<IdempotentResponse>>;
    fn idempotency_put(
        &self,
        user_id: i64,
        key: &str,
        response: &IdempotentResponse,
        now: &str,
    ) -> ApiResult<()>;

    // Mail outbox.
    fn enqueue_mail(&self, mail: &NewMail, now: &str) -> ApiResult<()>;
    fn list_outbox(&self, status: Option<&str>, limit: i64) -> ApiResult<Vec<OutboxMail>>;
    fn due_mail(&self, now: &str, limit: i64) -> ApiResult<Vec<MailRow>>;
    /// Marks a mail sent and erases its code.
    fn mark_mail_sent(&self, id: i64, now: &str) -> ApiResult<()>;
    /// Erases the codes of mails whose code has expired; pending ones among them are marked
    /// failed (their code can no longer be used). Returns how many codes were erased.
    fn erase_expired_mail_secrets(&self, now: &str) -> ApiResult<usize>;
    /// Queues a failed mail again (attempts reset), or says why it cannot be.
    fn requeue_mail(&self, id: i64, now: &str) -> ApiResult<Result<OutboxMail, RetryRefusal>>;
    /// Ids of every failed mail, oldest first.
    fn failed_mail_ids(&self) -> ApiResult<Vec<i64>>;
    fn mark_mail_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: &str,
        give_up: bool,
    ) -> ApiResult<()>;
}

/// A database: hands out transactions. Blocking; async callers go through [`run`].
pub trait Store: Send + Sync + 'static {
    /// Runs `f` in one transaction, committed when it returns Ok and rolled back otherwise.
    fn transaction(&self, f: &mut dyn FnMut(&dyn Repo) -> ApiResult<()>) -> ApiResult<()>;
    /// After secrets were erased: makes sure no copy of them is left in the database files
    /// (old page versions in a write-ahead log, freed pages).
    fn purge_erased(&self) -> ApiResult<()>;
}

pub type SharedStore = Arc<dyn Store>;

/// Runs `f` in one transaction on the current thread.
pub fn run_blocking<R>(
    store: &dyn Store,
    f: impl FnOnce(&dyn Repo) -> ApiResult<R>,
) -> ApiResult<R> {
    let mut f = Some(f);
    let mut out = None;
    store.transaction(&mut |repo| {
        let f = f.take().expect("transaction body runs once");
        out = Some(f(repo)?);
        Ok(())
    })?;
    Ok(out.expect("transaction body produced a value"))
}

/// Runs `f` in one transaction on the blocking thread pool.
pub async fn run<R: Send + 'static>(
    store: &SharedStore,
    f: impl FnOnce(&dyn Repo) -> ApiResult<R> + Send + 'static,
) -> ApiResult<R> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || run_blocking(&*store, f))
        .await
        .map_err(ApiError::internal)?
}
