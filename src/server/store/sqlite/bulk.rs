//! SQLite as a bulk source (one read transaction: a consistent snapshot) and target (one
//! write transaction, rolled back if anything fails).

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use rusqlite::types::{ToSqlOutput, ValueRef};

use super::open_connection;
use super::tickets::scope_tokens;
use crate::server::store::bulk::{Col, Row, Source, Table, Target, Value};

pub struct SqliteSource {
    conn: Connection,
}

impl SqliteSource {
    pub fn open(path: &Path) -> anyhow::Result<SqliteSource> {
        if !path.is_file() {
            anyhow::bail!(crate::server::store::bulk::CopyError::Missing(format!(
                "no SQLite database at {}",
                path.display()
            )));
        }
        let probe = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let version: i64 = probe.pragma_query_value(None, "user_version", |r| r.get(0))?;
        drop(probe);
        if version == 0 {
            anyhow::bail!(crate::server::store::bulk::CopyError::UnknownSchema(
                format!("{} is not an lhs portal database", path.display())
            ));
        }
        let conn = open_connection(path)?;
        conn.execute_batch("BEGIN DEFERRED")?;
        Ok(SqliteSource { conn })
    }
}

fn count(conn: &Connection, t: &Table) -> anyhow::Result<i64> {
    Ok(
        conn.query_row(&format!("SELECT count(*) FROM {}", t.name), [], |r| {
            r.get(0)
        })?,
    )
}

fn value(v: ValueRef<'_>, col: Col) -> anyhow::Result<Value> {
    Ok(match (v, col) {
        (ValueRef::Null, _) => Value::Null,
        (ValueRef::Integer(i), Col::Int) => Value::Int(i),
        (ValueRef::Integer(i), Col::Bool) => Value::Bool(i != 0),
        (ValueRef::Text(t), Col::Text) => Value::Text(String::from_utf8(t.to_vec())?),
        (ValueRef::Blob(b) | ValueRef::Text(b), Col::Bytes) => Value::Bytes(b.to_vec()),
        (other, _) => anyhow::bail!("unexpected {:?} value", other.data_type()),
    })
}

impl Source for SqliteSource {
    fn schema(&mut self) -> anyhow::Result<Vec<(String, Vec<String>)>> {
        let tables: Vec<String> = self
            .conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'ticket_search%' ORDER BY name",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for t in tables {
            let cols: Vec<String> = self
                .conn
                .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
                .query_map([&t], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            out.push((t, cols));
        }
        Ok(out)
    }

    fn count(&mut self, t: &Table) -> anyhow::Result<i64> {
        count(&self.conn, t)
    }

    fn scan(
        &mut self,
        t: &Table,
        each: &mut dyn FnMut(Vec<Row>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let extra = if t.is_tickets() {
            ", (SELECT group_concat(body, char(10)) FROM \
               (SELECT body FROM comments c WHERE c.ticket_id = tickets.id ORDER BY c.id))"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {}{extra} FROM {} ORDER BY rowid",
            t.column_list(),
            t.name
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        let mut batch = Vec::with_capacity(t.batch());
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(t.cols.len() + 1);
            for (i, (name, col)) in t.cols.iter().enumerate() {
                row.push(value(r.get_ref(i)?, *col).map_err(|e| {
                    anyhow::anyhow!("{}.{name} (row {}): {e}", t.name, batch.len() + 1)
                })?);
            }
            if t.is_tickets() {
                row.push(value(r.get_ref(t.cols.len())?, Col::Text)?);
            }
            batch.push(row);
            if batch.len() == t.batch() {
                each(std::mem::replace(&mut batch, Vec::with_capacity(t.batch())))?;
            }
        }
        if !batch.is_empty() {
            each(batch)?;
        }
        Ok(())
    }

    fn next_ticket(&mut self) -> anyhow::Result<i64> {
        Ok(self.conn.query_row(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'tickets'), 1000), \
                        coalesce((SELECT max(id) FROM tickets), 1000)) + 1",
            [],
            |r| r.get(0),
        )?)
    }
}

pub struct SqliteTarget {
    conn: Connection,
    /// The file this copy created, removed again if the copy does not commit.
    created: Option<PathBuf>,
}

impl SqliteTarget {
    pub fn open(path: &Path) -> anyhow::Result<SqliteTarget> {
        let created = (!path.exists()).then(|| path.to_path_buf());
        let mut target = SqliteTarget {
            conn: Connection::open_in_memory()?,
            created,
        };
        target.conn = open_connection(path)?;
        // 64 MiB of page cache while loading.
        target.conn.pragma_update(None, "cache_size", -65_536)?;
        target.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(target)
    }
}

impl Drop for SqliteTarget {
    fn drop(&mut self) {
        if let Some(path) = self.created.take() {
            // Close the file before removing it and its -wal/-shm.
            self.conn = match Connection::open_in_memory() {
                Ok(c) => c,
                Err(_) => return,
            };
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut p = path.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
        }
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Value::Bool(b) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(*b))),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

impl Target for SqliteTarget {
    fn count(&mut self, t: &Table) -> anyhow::Result<i64> {
        count(&self.conn, t)
    }

    fn insert(&mut self, t: &Table, rows: Vec<Row>) -> anyhow::Result<()> {
        let n = t.cols.len();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            t.name,
            t.column_list(),
            super::placeholders(n)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut search = self.conn.prepare_cached(
            "INSERT INTO ticket_search (rowid, subject, description, comments, scope) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for row in &rows {
            stmt.execute(rusqlite::params_from_iter(&row[..n]))?;
            if t.is_tickets() {
                let [id, company, creator, _, subject, description, ..] = &row[..] else {
                    anyhow::bail!("a ticket row is too short");
                };
                let found: [String; 3] = [
                    subject.text().unwrap_or(""),
                    description.text().unwrap_or(""),
                    row[n].text().unwrap_or(""),
                ]
                .map(crate::domain::search::terms);
                super::tickets::remember_terms(&self.conn, &found.each_ref().map(String::as_str))?;
                let [subject, description, comments] = found;
                search.execute((
                    id,
                    subject,
                    description,
                    comments,
                    scope_tokens(
                        company.int().unwrap_or_default(),
                        creator.int().unwrap_or_default(),
                    ),
                ))?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, next_ticket: i64) -> anyhow::Result<()> {
        self.conn.execute(
            "UPDATE sqlite_sequence SET seq = max(seq, ?1) WHERE name = 'tickets'",
            [next_ticket - 1],
        )?;
        Ok(())
    }

    fn commit(mut self: Box<Self>) -> anyhow::Result<()> {
        self.conn.execute_batch("COMMIT")?;
        self.created = None;
        Ok(())
    }
}
