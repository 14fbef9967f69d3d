//! SQLite, the embedded default: one writer connection (behind a mutex, `BEGIN IMMEDIATE`) and
//! a small pool of read-only connections. In WAL mode readers see a consistent snapshot and
//! never wait for the writer. Statements are prepared once per connection and cached.
//!
//! The database holds password hashes, token and code hashes and mail in the outbox, so its
//! files are private: the database, `-wal` and `-shm` are 0600 (tightened at open when they
//! are not), and a directory lhs creates for them is 0700.

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
mod tokens;
mod updates;
mod users;

use std::ops::Deref;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::pool::{Pool, Pooled};
use super::{Backend, Store, StoreError, StoreResult, Tx, Unique};

/// Migrations in order; `PRAGMA user_version` records how many are applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/sqlite/0001_init.sql"),
    include_str!("../migrations/sqlite/0002_secrets.sql"),
    include_str!("../migrations/sqlite/0003_scale.sql"),
    include_str!("../migrations/sqlite/0004_contents.sql"),
    include_str!("../migrations/sqlite/0005_updates.sql"),
    include_str!("../migrations/sqlite/0006_portal.sql"),
    include_str!("../migrations/sqlite/0007_filters.sql"),
    include_str!("../migrations/sqlite/0008_search_terms.sql"),
    include_str!("../migrations/sqlite/0009_reports.sql"),
];

/// Read-only connections kept for concurrent reads.
const READERS: usize = 4;

/// Creates the database's directory (0700) and file (0600) when missing, and tightens the
/// modes of an existing database and its `-wal`/`-shm` files that others could read.
/// SQLite gives the `-wal` and `-shm` files it creates the database file's mode.
fn private_files(path: &Path) -> anyhow::Result<()> {
    use anyhow::Context;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .with_context(|| format!("creating database directory {}", dir.display()))?;
        }
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)
            .with_context(|| format!("creating database {}", path.display()))?;
        let mut files = vec![path.to_path_buf()];
        for suffix in ["-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            files.push(p.into());
        }
        for f in files {
            let Ok(meta) = std::fs::metadata(&f) else {
                continue;
            };
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600))
                    .with_context(|| format!("making {} private (0600)", f.display()))?;
                tracing::warn!(
                    file = %f.display(),
                    was = format_args!("{mode:04o}"),
                    "database file was readable by others; its mode is now 0600"
                );
            }
        }
    }
    #[cfg(not(unix))]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating database directory {}", dir.display()))?;
    }
    Ok(())
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Deleted and overwritten content is zeroed, so an erased code leaves no trace in free
    // pages.
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    // A cached statement keeps its plan whatever values are bound. Without this, SQLite
    // re-plans a statement whenever a value it peeked at while planning changes (a LIMIT,
    // a LIKE pattern, a term a partial index might imply), which is every request here.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

pub struct SqliteStore {
    writer: Mutex<Connection>,
    readers: Pool<Connection>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    pub fn open(path: &Path) -> anyhow::Result<SqliteStore> {
        let conn = open_connection(path)?;
        let reader_path = path.to_path_buf();
        let readers = Pool::new(
            READERS,
            Duration::from_secs(10),
            Box::new(move || {
                let c = Connection::open_with_flags(
                    &reader_path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE
                        | OpenFlags::SQLITE_OPEN_NO_MUTEX
                        | OpenFlags::SQLITE_OPEN_URI,
                )
                .map_err(unavailable)?;
                configure(&c).map_err(unavailable)?;
                c.pragma_update(None, "query_only", "ON")
                    .map_err(unavailable)?;
                Ok(c)
            }),
        );
        Ok(SqliteStore {
            writer: Mutex::new(conn),
            readers,
        })
    }
}

/// The writer's connection: the files made private, WAL, migrations applied.
fn open_connection(path: &Path) -> anyhow::Result<Connection> {
    use anyhow::Context;
    private_files(path)?;
    let mut conn =
        Connection::open(path).with_context(|| format!("opening database {}", path.display()))?;
    configure(&conn)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    migrate(&mut conn).with_context(|| format!("migrating database {}", path.display()))?;
    Ok(conn)
}

/// The schema version from which search columns hold terms ([`crate::domain::search`]).
const SEARCH_TERMS_VERSION: usize = 8;

/// Fills the search index with terms for every ticket and content (run once, by the
/// migration that introduced terms; a fresh database has nothing to fill).
fn reindex_search(tx: &rusqlite::Transaction<'_>) -> anyhow::Result<()> {
    use crate::domain::search::terms;
    let mut insert = tx.prepare(
        "INSERT INTO ticket_search (rowid, subject, description, comments, scope) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut rows = tx.prepare(
        "SELECT t.id, t.subject, t.description, t.company_id, t.creator_id, \
         coalesce((SELECT group_concat(body, char(10)) FROM \
                   (SELECT body FROM comments WHERE ticket_id = t.id ORDER BY id)), '') \
         FROM tickets t ORDER BY t.id",
    )?;
    let mut q = rows.query([])?;
    while let Some(r) = q.next()? {
        let id: i64 = r.get(0)?;
        let subject: String = r.get(1)?;
        let description: String = r.get(2)?;
        let comments: String = r.get(5)?;
        let (subject, description, comments) =
            (terms(&subject), terms(&description), terms(&comments));
        tickets::remember_terms(tx, &[&subject, &description, &comments])?;
        insert.execute((
            id,
            subject,
            description,
            comments,
            tickets::scope_tokens(r.get(3)?, r.get(4)?),
        ))?;
    }
    let mut update = tx.prepare("UPDATE contents SET terms = ?2 WHERE id = ?1")?;
    let mut rows = tx.prepare("SELECT id, title, summary, body FROM contents")?;
    let mut q = rows.query([])?;
    while let Some(r) = q.next()? {
        let text = format!(
            "{}\n{}\n{}",
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?
        );
        update.execute((r.get::<_, i64>(0)?, terms(&text)))?;
    }
    Ok(())
}

fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let applied: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let applied = usize::try_from(applied).unwrap_or(usize::MAX);
    if applied > MIGRATIONS.len() {
        anyhow::bail!(
            "the database was written by a newer lhs (schema version {applied}, this build knows {})",
            MIGRATIONS.len()
        );
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if i + 1 == SEARCH_TERMS_VERSION {
            reindex_search(&tx)?;
        }
        tx.pragma_update(None, "user_version", i64::try_from(i + 1)?)?;
        tx.commit()?;
    }
    Ok(())
}

fn unavailable(e: rusqlite::Error) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(f.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) =>
            {
                StoreError::Unavailable(e.to_string())
            }
            _ => StoreError::Internal(e.to_string()),
        }
    }
}

/// A uniqueness violation becomes `Duplicate(which)`; anything else passes through.
pub(crate) fn unique(e: rusqlite::Error, which: Unique) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::ConstraintViolation => {
            StoreError::Duplicate(which)
        }
        _ => e.into(),
    }
}

enum Conn<'a> {
    Writer(MutexGuard<'a, Connection>),
    Reader(Pooled<'a, Connection>),
}

impl Deref for Conn<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Conn::Writer(g) => g,
            Conn::Reader(p) => p,
        }
    }
}

/// An open SQLite transaction; rolled back when dropped uncommitted.
pub struct SqliteTx<'a> {
    conn: Conn<'a>,
    open: bool,
}

impl SqliteTx<'_> {
    fn c(&self) -> &Connection {
        &self.conn
    }
}

impl Tx for SqliteTx<'_> {
    fn commit(mut self: Box<Self>) -> StoreResult<()> {
        self.conn.prepare_cached("COMMIT")?.execute([])?;
        self.open = false;
        Ok(())
    }
}

impl Drop for SqliteTx<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self
                .conn
                .prepare_cached("ROLLBACK")
                .and_then(|mut s| s.execute([]));
        }
    }
}

impl Store for SqliteStore {
    fn read(&self) -> StoreResult<Box<dyn Tx + '_>> {
        let conn = Conn::Reader(self.readers.get()?);
        conn.prepare_cached("BEGIN DEFERRED")?.execute([])?;
        Ok(Box::new(SqliteTx { conn, open: true }))
    }

    fn write(&self) -> StoreResult<Box<dyn Tx + '_>> {
        let conn = Conn::Writer(
            self.writer
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        conn.prepare_cached("BEGIN IMMEDIATE")?.execute([])?;
        Ok(Box::new(SqliteTx { conn, open: true }))
    }

    fn purge_erased(&self) -> StoreResult<()> {
        let conn = self
            .writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Copies the log into the database (where secure_delete zeroed the old content) and
        // truncates the log, which still held the pages as they were before the erasure.
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    fn max_writers(&self) -> usize {
        1
    }

    fn exclusive(
        &self,
        _job: &str,
        f: &mut dyn FnMut() -> StoreResult<()>,
    ) -> StoreResult<Option<()>> {
        // One process owns an SQLite database: nobody else runs the job.
        f().map(Some)
    }
}

/// `?1, ?2, …` placeholders are written inline; this makes a `(?, ?, ?)` list of `n`.
pub(crate) fn placeholders(n: usize) -> String {
    let mut s = String::from("(");
    for i in 0..n {
        s.push_str(if i == 0 { "?" } else { ", ?" });
    }
    s.push(')');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::store::write_blocking;

    #[test]
    fn migrations_apply_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        {
            let s = SqliteStore::open(&path).unwrap();
            write_blocking(&s, |r| {
                r.insert_company("C1", "One", "2024-01-01T00:00:00.000Z")
            })
            .unwrap();
        }
        let s = SqliteStore::open(&path).unwrap();
        let c = crate::server::store::read_blocking(&s, |r| r.company_by_code("c1")).unwrap();
        assert_eq!(c.unwrap().name, "One");
    }

    #[test]
    fn failed_transaction_rolls_back_and_readers_see_commits() {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStore::open(&dir.path().join("db.sqlite")).unwrap();
        let r: StoreResult<()> = write_blocking(&s, |r| {
            r.insert_company("C1", "One", "2024-01-01T00:00:00.000Z")?;
            Err(StoreError::Internal("boom".into()))
        });
        assert!(r.is_err());
        assert!(
            crate::server::store::read_blocking(&s, |r| r.company_by_code("C1"))
                .unwrap()
                .is_none()
        );
        // A reader in the middle of a write sees the state before it.
        let w = s.write().unwrap();
        w.insert_company("C2", "Two", "2024-01-01T00:00:00.000Z")
            .unwrap();
        let rd = s.read().unwrap();
        assert!(rd.company_by_code("C2").unwrap().is_none());
        w.commit().unwrap();
        drop(rd);
        assert!(s.read().unwrap().company_by_code("C2").unwrap().is_some());
        assert_eq!(
            s.write()
                .unwrap()
                .insert_company("c2", "Again", "2024-01-01T00:00:00.000Z"),
            Err(StoreError::Duplicate(Unique::CustomerCode))
        );
    }
}
