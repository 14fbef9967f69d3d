//! Persistence: one trait per resource (customers, users, tokens and codes, catalog and
//! contracts, package, tickets, outbox, idempotency keys, throttles), all available on a
//! transaction ([`Tx`]) handed out by a [`Store`]. Two backends implement them: SQLite
//! ([`sqlite`], embedded, the default) and PostgreSQL ([`postgres`], for several `lhs serve`
//! behind one database), chosen by the database URL ([`open`]).
//!
//! The store owns rows and queries, not rules: it never decides an HTTP status or a
//! permission. It returns [`StoreError`], which only `server::error` turns into a status, and
//! reports uniqueness conflicts as [`Unique`] for the service layer to explain. Tenancy lives
//! here all the same: every ticket query takes a [`tickets::Scope`] and applies it in SQL.
//!
//! Reads run in read transactions (on SQLite a pool of read-only connections that never wait
//! for the writer; on PostgreSQL statements on their own, each on its own snapshot, no
//! round trips for `BEGIN` and `COMMIT`); writes in write transactions.

pub mod bulk;
pub mod catalog;
pub mod contents;
pub mod courses;
pub mod customers;
pub mod idempotency;
pub mod outbox;
pub mod package;
mod pool;
pub mod postgres;
pub mod reports;
pub mod shop;
pub mod sqlite;
pub mod throttles;
pub mod tickets;
pub mod tokens;
pub mod updates;
pub mod users;

use std::fmt;
use std::sync::Arc;

pub use catalog::CatalogRepo;
pub use contents::{AudienceRow, ContentFilter, ContentRepo, ContentRow, NewContent, Viewer};
pub use courses::{CourseFilter, CourseRepo, CourseRow, EnrolmentRow, NewCourse};
pub use customers::{CompanyRow, CustomerRepo};
pub use idempotency::{IdempotencyRepo, IdempotentResponse};
pub use outbox::{MailRow, MailSecret, NewMail, OutboxRepo, RetryRefusal};
pub use package::PackageRepo;
pub use reports::ReportRepo;
pub use shop::{OfferRow, OrderFilter, OrderRow, ShopRepo};
pub use throttles::{Limit, ThrottleRepo};
pub use tickets::{
    NewAttachment, NewTicket, Recipient, Scope, TicketFilter, TicketRepo, TicketRow,
};
pub use tokens::{CodeKind, TokenRepo, TokenRow};
pub use updates::{NewUpdate, UpdateFileRow, UpdateFilter, UpdateRepo, UpdateRow};
pub use users::{NewUser, UserRepo, UserRow};

/// Which uniqueness rule a write broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unique {
    CustomerCode,
    Account,
    IdempotencyKey,
    Other,
}

/// What can go wrong in the store. The server maps it to HTTP; the store never does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// A uniqueness rule: the service layer explains which.
    Duplicate(Unique),
    /// Two writers collided (PostgreSQL serialization or deadlock): the whole transaction
    /// may simply be run again.
    Retry,
    /// The database cannot be reached, or every connection is busy.
    Unavailable(String),
    /// Anything else (a bug, a corrupt database): logged, answered 500.
    Internal(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Duplicate(u) => write!(f, "duplicate ({u:?})"),
            StoreError::Retry => f.write_str("transaction conflict, to be retried"),
            StoreError::Unavailable(m) => write!(f, "database unavailable: {m}"),
            StoreError::Internal(m) => write!(f, "database: {m}"),
        }
    }
}

impl std::error::Error for StoreError {}

pub type StoreResult<T> = Result<T, StoreError>;

/// Every data operation, as one transaction sees them.
pub trait Repo:
    ContentRepo
    + CourseRepo
    + CustomerRepo
    + UserRepo
    + TokenRepo
    + CatalogRepo
    + PackageRepo
    + TicketRepo
    + OutboxRepo
    + IdempotencyRepo
    + ThrottleRepo
    + UpdateRepo
    + ShopRepo
    + ReportRepo
{
}

impl<T> Repo for T where
    T: ContentRepo
        + CourseRepo
        + CustomerRepo
        + UserRepo
        + TokenRepo
        + CatalogRepo
        + PackageRepo
        + TicketRepo
        + OutboxRepo
        + IdempotencyRepo
        + ThrottleRepo
        + UpdateRepo
        + ShopRepo
        + ReportRepo
{
}

/// An open transaction: committed by [`Tx::commit`], rolled back when dropped without.
pub trait Tx: Repo {
    fn commit(self: Box<Self>) -> StoreResult<()>;
}

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database: hands out transactions. Blocking; async code goes through the server's
/// helpers, which run them on the blocking thread pool.
pub trait Store: Send + Sync + 'static {
    /// A read: it never waits for writers and sees only committed data (on SQLite one
    /// snapshot for the whole read; on PostgreSQL one per statement).
    fn read(&self) -> StoreResult<Box<dyn Tx + '_>>;
    /// A read-write transaction.
    fn write(&self) -> StoreResult<Box<dyn Tx + '_>>;
    /// After secrets were erased: makes sure no copy of them lingers in the database files.
    fn purge_erased(&self) -> StoreResult<()>;
    fn backend(&self) -> Backend;
    /// How many write transactions can usefully run at once (SQLite has one writer: more
    /// would only park threads on its lock).
    fn max_writers(&self) -> usize;
    /// Runs `f` while holding the lock of housekeeping job `job` (one instance at a time);
    /// `Ok(None)` when another instance holds it.
    fn exclusive(
        &self,
        job: &str,
        f: &mut dyn FnMut() -> StoreResult<()>,
    ) -> StoreResult<Option<()>>;
}

pub type SharedStore = Arc<dyn Store>;

/// A database URL: `sqlite:PATH` (or a plain path), `postgres://user:pass@host/db`. `Debug`
/// hides the password.
#[derive(Clone, PartialEq, Eq)]
pub enum DbUrl {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

impl DbUrl {
    pub fn parse(s: &str) -> Result<DbUrl, String> {
        let s = s.trim();
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            let tls = postgres::tls::from_url(s).map_err(|e| format!("PostgreSQL URL: {e}"))?;
            tls.url.parse::<::postgres::Config>().map_err(|e| {
                format!(
                    "invalid PostgreSQL URL: {e}; use postgres://user:password@host:5432/database"
                )
            })?;
            Ok(DbUrl::Postgres(s.to_owned()))
        } else if let Some(path) = s
            .strip_prefix("sqlite://")
            .or_else(|| s.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err("invalid SQLite URL: no path (use sqlite:PATH)".into());
            }
            Ok(DbUrl::Sqlite(path.into()))
        } else if s.contains("://") {
            Err(format!(
                "unsupported database URL scheme in `{}`: use sqlite:PATH, a file path, or postgres://…",
                redact(s)
            ))
        } else if s.is_empty() {
            Err("empty database path".into())
        } else {
            Ok(DbUrl::Sqlite(s.into()))
        }
    }
}

/// `postgres://user:secret@host/db?password=x` → `postgres://user:***@host/db?password=***`.
pub fn redact(url: &str) -> String {
    let Some(scheme) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let (head, query) = match url.find('?') {
        Some(q) => (&url[..q], Some(&url[q + 1..])),
        None => (url, None),
    };
    let authority_end = head[scheme..].find('/').map_or(head.len(), |i| scheme + i);
    let mut out = match head[scheme..authority_end].rfind('@') {
        Some(at) => {
            let creds = &head[scheme..scheme + at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &head[..scheme], &head[scheme + at..]),
                None => head.to_owned(),
            }
        }
        None => head.to_owned(),
    };
    if let Some(q) = query {
        let params: Vec<String> = q
            .split('&')
            .map(|p| match p.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => p.to_owned(),
            })
            .collect();
        out.push('?');
        out.push_str(&params.join("&"));
    }
    out
}

impl fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbUrl::Sqlite(p) => write!(f, "sqlite:{}", p.display()),
            DbUrl::Postgres(u) => f.write_str(&redact(u)),
        }
    }
}

impl fmt::Display for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// Opens (creating or migrating as needed) the database `url` names, with up to
/// `connections` connections to PostgreSQL (SQLite has its own fixed set). Blocking.
pub fn open(url: &DbUrl, connections: usize) -> anyhow::Result<SharedStore> {
    Ok(match url {
        DbUrl::Sqlite(path) => Arc::new(sqlite::SqliteStore::open(path)?),
        DbUrl::Postgres(u) => Arc::new(postgres::PgStore::open(u, connections.max(1))?),
    })
}

/// An error with its causes, `outer: inner: …` (the `postgres` crate says only "db error"
/// at the top).
pub fn error_text(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s = format!("{s}: {c}");
        cur = c.source();
    }
    s
}

/// Errors that can say "the database asked to run the transaction again".
pub trait Retryable {
    fn is_retry(&self) -> bool;
}

impl Retryable for StoreError {
    fn is_retry(&self) -> bool {
        *self == StoreError::Retry
    }
}

/// Runs `f` in one write transaction on the current thread, committing when it returns Ok;
/// a transaction the database asks to retry (PostgreSQL serialization conflicts) is run again,
/// a few times.
pub fn write_blocking<R, E: From<StoreError> + Retryable>(
    store: &dyn Store,
    f: impl FnMut(&dyn Repo) -> Result<R, E>,
) -> Result<R, E> {
    in_tx(|| store.write(), f)
}

/// Like [`write_blocking`], in a read transaction.
pub fn read_blocking<R, E: From<StoreError> + Retryable>(
    store: &dyn Store,
    f: impl FnMut(&dyn Repo) -> Result<R, E>,
) -> Result<R, E> {
    in_tx(|| store.read(), f)
}

fn in_tx<'s, R, E: From<StoreError> + Retryable>(
    begin: impl Fn() -> StoreResult<Box<dyn Tx + 's>>,
    mut f: impl FnMut(&dyn Repo) -> Result<R, E>,
) -> Result<R, E> {
    retrying(|| {
        let tx = begin()?;
        let out = f(&*tx)?;
        tx.commit()?;
        Ok(out)
    })
}

fn retrying<R, E: Retryable>(mut attempt: impl FnMut() -> Result<R, E>) -> Result<R, E> {
    let mut left = 5;
    loop {
        match attempt() {
            Err(e) if e.is_retry() && left > 0 => {
                left -= 1;
                std::thread::sleep(std::time::Duration::from_millis(2 * (6 - left)));
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_never_show_a_password() {
        for (url, shown) in [
            (
                "postgres://lhs:s3cret@db:5432/lhs",
                "postgres://lhs:***@db:5432/lhs",
            ),
            (
                "postgres://lhs@db/lhs?password=s3cret&sslmode=disable",
                "postgres://lhs@db/lhs?password=***&sslmode=disable",
            ),
            (
                "postgres://lhs:p@ss@db/lhs?application_name=a@b",
                "postgres://lhs:***@db/lhs?application_name=a@b",
            ),
            ("postgres://db/lhs", "postgres://db/lhs"),
        ] {
            assert_eq!(redact(url), shown);
            assert_eq!(DbUrl::parse(url).unwrap().to_string(), shown);
        }
        assert_eq!(
            DbUrl::parse("sqlite:/tmp/p.db").unwrap(),
            DbUrl::Sqlite("/tmp/p.db".into())
        );
    }
}
