//! PostgreSQL, for several `lhs serve` behind one database: a pool of connections (the
//! synchronous `postgres` client, so both backends share one blocking store interface and run
//! on the blocking thread pool), statements prepared once per connection.
//!
//! Everything several instances must agree on lives here: sessions and tokens, idempotency
//! keys (a unique key; a concurrent repeat is retried and replays), throttles (counted under
//! an advisory lock per key), mail claims (`FOR UPDATE SKIP LOCKED` plus a lease), the
//! auto-close sweep (one instance at a time, by advisory lock), ticket transitions (the row is
//! locked in write transactions) and the package balance (locked per company while a reply
//! checks it). Serialization failures and deadlocks ask for a retry of the transaction.
//!
//! Migrations run at start under an advisory lock, so instances starting together migrate
//! once.

pub mod bulk;
mod catalog;
mod contents;
mod courses;
mod customers;
mod idempotency;
mod outbox;
mod package;
mod reports;
mod shop;
mod throttles;
mod tickets;
pub mod tls;
mod tokens;
mod updates;
mod users;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::time::Duration;

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, Row, Statement};

use super::pool::{Pool, Pooled};
use super::{Backend, Store, StoreError, StoreResult, Tx, Unique};

/// Migrations in order; the table `lhs_schema` records how many are applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/postgres/0001_init.sql"),
    include_str!("../migrations/postgres/0002_planner.sql"),
    include_str!("../migrations/postgres/0003_contents.sql"),
    include_str!("../migrations/postgres/0004_updates.sql"),
    include_str!("../migrations/postgres/0005_portal.sql"),
    include_str!("../migrations/postgres/0006_filters.sql"),
    include_str!("../migrations/postgres/0007_search_terms.sql"),
    include_str!("../migrations/postgres/0008_reports.sql"),
];

/// The schema version from which search vectors hold terms ([`crate::domain::search`]).
const SEARCH_TERMS_VERSION: usize = 7;

/// Rebuilds every ticket's search vector and every content's terms (run once, by the
/// migration that introduced terms; a fresh database has nothing to rebuild).
fn reindex_search(tx: &mut postgres::Transaction<'_>) -> anyhow::Result<()> {
    use crate::domain::search::terms;
    let tickets = tx.query(
        "SELECT t.id, t.subject || E'\\n' || t.description || E'\\n' || \
         coalesce((SELECT string_agg(body, E'\\n' ORDER BY id) FROM comments \
                   WHERE ticket_id = t.id), '') FROM tickets t",
        &[],
    )?;
    let update =
        tx.prepare("UPDATE tickets SET search = to_tsvector('simple', $2) WHERE id = $1")?;
    for r in &tickets {
        let text: String = r.get(1);
        tx.execute(&update, &[&r.get::<_, i64>(0), &terms(&text)])?;
    }
    let contents = tx.query(
        "SELECT id, title || E'\\n' || summary || E'\\n' || body FROM contents",
        &[],
    )?;
    let update = tx.prepare("UPDATE contents SET terms = $2 WHERE id = $1")?;
    for r in &contents {
        let text: String = r.get(1);
        tx.execute(&update, &[&r.get::<_, i64>(0), &terms(&text)])?;
    }
    Ok(())
}

/// Connections per instance unless told otherwise: twice the cores, at least 4. More only
/// park on a few cores (measured: 12 did worse than 4 on 2 cores).
pub fn default_connections() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    (2 * cores).max(4)
}

/// Advisory lock namespaces (the first key of the two-key form).
pub(crate) const LOCK_MIGRATE: i32 = 4240;
pub(crate) const LOCK_JOB: i32 = 4241;
pub(crate) const LOCK_BALANCE: i32 = 4242;
pub(crate) const LOCK_THROTTLE: i32 = 4243;

/// A connection with its prepared statements.
pub struct PgConn {
    client: Client,
    stmts: HashMap<String, Statement>,
}

impl PgConn {
    fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(s) = self.stmts.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        self.stmts.insert(sql.to_owned(), s.clone());
        Ok(s)
    }
}

pub struct PgStore {
    pool: Pool<PgConn>,
    connections: usize,
}

impl Drop for PgStore {
    /// A `postgres::Client` blocks on its own runtime when it closes, which panics on an async
    /// runtime's thread — where the last handle to the store usually goes away at shutdown.
    /// The connections are closed on a thread of their own.
    fn drop(&mut self) {
        let conns = self.pool.drain();
        if !conns.is_empty() {
            let _ = std::thread::spawn(move || drop(conns)).join();
        }
    }
}

/// A client on a migrated database. Blocking.
fn open_client(url: &str) -> anyhow::Result<Client> {
    let mut client = connect(url).map_err(anyhow::Error::new)?.client;
    migrate(&mut client)?;
    Ok(client)
}

/// The URL's TLS settings (see [`tls`]), read once for every connection of a store.
fn tls_of(url: &str) -> StoreResult<tls::Tls> {
    tls::from_url(url).map_err(|e| StoreError::Unavailable(format!("PostgreSQL URL: {e}")))
}

fn connect(url: &str) -> StoreResult<PgConn> {
    connect_with(&tls_of(url)?)
}

fn connect_with(tls: &tls::Tls) -> StoreResult<PgConn> {
    let mut config: postgres::Config = tls
        .url
        .parse()
        .map_err(|e| StoreError::Unavailable(format!("invalid PostgreSQL URL: {e}")))?;
    // As libpq does: a password kept out of the URL (and so out of argv) in PGPASSWORD.
    if config.get_password().is_none()
        && let Some(pw) = std::env::var_os("PGPASSWORD").filter(|p| !p.is_empty())
    {
        config.password(pw.as_encoded_bytes());
    }
    let client = config.connect(tls.connector.clone()).map_err(|e| {
        StoreError::Unavailable(format!(
            "cannot connect to PostgreSQL: {}",
            super::error_text(&e)
        ))
    })?;
    Ok(PgConn {
        client,
        stmts: HashMap::new(),
    })
}

impl PgStore {
    /// Connects, migrates (once across instances) and returns the store. Blocking: call it
    /// off the async runtime.
    pub fn open(url: &str, connections: usize) -> anyhow::Result<PgStore> {
        drop(open_client(url)?);
        let tls = tls_of(url)?;
        let pool = Pool::new(
            connections,
            Duration::from_secs(10),
            Box::new(move || connect_with(&tls)),
        );
        Ok(PgStore { pool, connections })
    }

    /// A write transaction (`BEGIN` … `COMMIT`), or a read: statements run on their own, each
    /// on a snapshot of what was committed when it started, which spares every read request
    /// two of its round trips (`BEGIN` and `COMMIT`). Reads never lock and never see
    /// uncommitted data; a read made of several statements (a page's numbers, then its rows)
    /// may see a commit that happened in between — as a second request would.
    fn begin(&self, write: bool) -> StoreResult<Box<dyn Tx + '_>> {
        let mut conn = self.pool.get()?;
        if write && let Err(e) = conn.client.batch_execute("BEGIN") {
            let e = pg_err(&e);
            if conn.client.is_closed() {
                conn.discard();
            }
            return Err(e);
        }
        Ok(Box::new(PgTx {
            conn: RefCell::new(Some(conn)),
            write,
            open: Cell::new(write),
        }))
    }
}

fn migrate(client: &mut Client) -> anyhow::Result<()> {
    client.batch_execute(&format!(
        "SELECT pg_advisory_lock({LOCK_MIGRATE}, 0);
         CREATE TABLE IF NOT EXISTS lhs_schema (version BIGINT NOT NULL);"
    ))?;
    let result = (|| -> anyhow::Result<()> {
        let applied: i64 = client
            .query_opt("SELECT version FROM lhs_schema", &[])?
            .map_or(0, |r| r.get(0));
        let applied = usize::try_from(applied).unwrap_or(usize::MAX);
        if applied > MIGRATIONS.len() {
            anyhow::bail!(
                "the database was written by a newer lhs (schema version {applied}, this build knows {})",
                MIGRATIONS.len()
            );
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
            let mut tx = client.transaction()?;
            tx.batch_execute(sql)?;
            if i + 1 == SEARCH_TERMS_VERSION {
                reindex_search(&mut tx)?;
            }
            tx.execute("DELETE FROM lhs_schema", &[])?;
            tx.execute(
                "INSERT INTO lhs_schema (version) VALUES ($1)",
                &[&i64::try_from(i + 1)?],
            )?;
            tx.commit()?;
        }
        Ok(())
    })();
    let _ = client.batch_execute(&format!("SELECT pg_advisory_unlock({LOCK_MIGRATE}, 0)"));
    result
}

/// A database error as the store reports it.
pub(crate) fn pg_err(e: &postgres::Error) -> StoreError {
    if let Some(code) = e.code() {
        if *code == SqlState::T_R_SERIALIZATION_FAILURE || *code == SqlState::T_R_DEADLOCK_DETECTED
        {
            return StoreError::Retry;
        }
        if *code == SqlState::UNIQUE_VIOLATION {
            return StoreError::Duplicate(Unique::Other);
        }
    }
    if e.is_closed() || e.as_db_error().is_none() {
        return StoreError::Unavailable(super::error_text(e));
    }
    StoreError::Internal(super::error_text(e))
}

/// A uniqueness violation becomes `Duplicate(which)`.
pub(crate) fn unique(e: StoreError, which: Unique) -> StoreError {
    match e {
        StoreError::Duplicate(_) => StoreError::Duplicate(which),
        other => other,
    }
}

/// An open PostgreSQL transaction; rolled back when dropped uncommitted.
pub struct PgTx<'a> {
    conn: RefCell<Option<Pooled<'a, PgConn>>>,
    write: bool,
    open: Cell<bool>,
}

pub(crate) type Params<'p> = [&'p (dyn ToSql + Sync)];

impl PgTx<'_> {
    fn with<R>(&self, f: impl FnOnce(&mut PgConn) -> Result<R, postgres::Error>) -> StoreResult<R> {
        let mut slot = self.conn.borrow_mut();
        let conn = slot
            .as_mut()
            .ok_or_else(|| StoreError::Internal("transaction already finished".into()))?;
        f(conn).map_err(|e| pg_err(&e))
    }

    pub(crate) fn query(&self, sql: &str, params: &Params<'_>) -> StoreResult<Vec<Row>> {
        self.with(|c| {
            let st = c.statement(sql)?;
            c.client.query(&st, params)
        })
    }

    /// Like [`query`](Self::query), planned for these very values each time (an unnamed
    /// statement): for a statement whose best plan depends on them, such as a search whose
    /// words are common or rare, where a cached generic plan walks a whole company (40 ms
    /// for a rare word where the GIN index answers in 4).
    pub(crate) fn query_planned(&self, sql: &str, params: &Params<'_>) -> StoreResult<Vec<Row>> {
        self.with(|c| c.client.query(sql, params))
    }

    pub(crate) fn query_opt(&self, sql: &str, params: &Params<'_>) -> StoreResult<Option<Row>> {
        self.with(|c| {
            let st = c.statement(sql)?;
            c.client.query_opt(&st, params)
        })
    }

    pub(crate) fn query_one(&self, sql: &str, params: &Params<'_>) -> StoreResult<Row> {
        self.with(|c| {
            let st = c.statement(sql)?;
            c.client.query_one(&st, params)
        })
    }

    pub(crate) fn execute(&self, sql: &str, params: &Params<'_>) -> StoreResult<u64> {
        self.with(|c| {
            let st = c.statement(sql)?;
            c.client.execute(&st, params)
        })
    }

    /// Whether this is a write transaction (rows read for an update are then locked).
    pub(crate) fn writing(&self) -> bool {
        self.write
    }
}

impl Tx for PgTx<'_> {
    fn commit(self: Box<Self>) -> StoreResult<()> {
        if self.open.get() {
            self.with(|c| c.client.batch_execute("COMMIT"))?;
            self.open.set(false);
        }
        Ok(())
    }
}

impl Drop for PgTx<'_> {
    fn drop(&mut self) {
        if let Some(mut conn) = self.conn.get_mut().take() {
            if self.open.get() && conn.client.batch_execute("ROLLBACK").is_err() {
                conn.discard();
                return;
            }
            if conn.client.is_closed() {
                conn.discard();
            }
        }
    }
}

impl Store for PgStore {
    fn read(&self) -> StoreResult<Box<dyn Tx + '_>> {
        self.begin(false)
    }

    fn write(&self) -> StoreResult<Box<dyn Tx + '_>> {
        self.begin(true)
    }

    fn purge_erased(&self) -> StoreResult<()> {
        // PostgreSQL reuses the space of updated rows through vacuum; nothing to force here.
        Ok(())
    }

    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn max_writers(&self) -> usize {
        self.connections
    }

    fn exclusive(
        &self,
        job: &str,
        f: &mut dyn FnMut() -> StoreResult<()>,
    ) -> StoreResult<Option<()>> {
        let mut conn = self.pool.get()?;
        let got: bool = conn
            .client
            .query_one(
                "SELECT pg_try_advisory_lock($1, hashtext($2))",
                &[&LOCK_JOB, &job],
            )
            .map_err(|e| pg_err(&e))?
            .get(0);
        if !got {
            return Ok(None);
        }
        let out = f();
        let _ = conn.client.execute(
            "SELECT pg_advisory_unlock($1, hashtext($2))",
            &[&LOCK_JOB, &job],
        );
        out.map(Some)
    }
}

/// `$n` placeholders for a dynamic query: `next()` gives the next one's number.
#[derive(Default)]
pub(crate) struct Placeholders {
    n: usize,
}

impl Placeholders {
    pub(crate) fn next(&mut self) -> String {
        self.n += 1;
        format!("${}", self.n)
    }
}
