//! Whole tables in bulk, between any two databases lhs can open: `lhs db copy` moves a portal
//! (SQLite to PostgreSQL, or back), and `lhs bench seed` fills one with generated tickets
//! through the same fast path.
//!
//! [`TABLES`] lists every table and column of the schema, in an order where each row's
//! references come before it. A source whose schema has a table or column missing from it is
//! refused (so a migration that adds one cannot be copied silently without it). Derived data
//! is not copied but rebuilt by the target: the search index, and the sequences that number
//! tickets (the next ticket number carries over, so numbers are never reused).
//!
//! A target loads everything in one transaction and verifies its counts before committing:
//! a failed copy leaves the target as it was.

use std::fmt;

use super::DbUrl;

/// How a column's values travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Int,
    Text,
    /// SQLite's 0/1, PostgreSQL's boolean.
    Bool,
    Bytes,
}

/// A table and its columns as copied.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub cols: &'static [(&'static str, Col)],
}

impl Table {
    pub fn column_list(&self) -> String {
        self.cols
            .iter()
            .map(|(c, _)| *c)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Rows per batch: [`BATCH`], or a few for tables that carry files (up to 5 MB each in
    /// `content_files`, 1 MiB chunks of software updates), so a copy stays in bounded memory.
    pub fn batch(&self) -> usize {
        if self.cols.iter().any(|(_, c)| *c == Col::Bytes) {
            8
        } else {
            BATCH
        }
    }

    pub fn is_tickets(&self) -> bool {
        self.name == "tickets"
    }
}

use Col::{Bool, Bytes, Int, Text};

/// Every table, parents first.
pub const TABLES: &[Table] = &[
    Table {
        name: "companies",
        cols: &[
            ("id", Int),
            ("code", Text),
            ("name", Text),
            ("created_at", Text),
            ("courses_subscription", Bool),
            ("standing", Text),
            ("standing_message", Text),
        ],
    },
    Table {
        name: "users",
        cols: &[
            ("id", Int),
            ("account", Text),
            ("role", Text),
            ("staff_admin", Bool),
            ("company_id", Int),
            ("name", Text),
            ("surname", Text),
            ("email", Text),
            ("password_hash", Text),
            ("must_change_password", Bool),
            ("active", Bool),
            ("permissions", Text),
            ("created_at", Text),
            ("updated_at", Text),
            ("language", Text),
        ],
    },
    Table {
        name: "tokens",
        cols: &[
            ("id", Int),
            ("user_id", Int),
            ("kind", Text),
            ("name", Text),
            ("token_hash", Text),
            ("created_at", Text),
            ("expires_at", Text),
            ("last_used_at", Text),
            ("revoked_at", Text),
        ],
    },
    Table {
        name: "password_resets",
        cols: &[
            ("id", Int),
            ("user_id", Int),
            ("kind", Text),
            ("token_hash", Text),
            ("created_at", Text),
            ("expires_at", Text),
            ("used_at", Text),
        ],
    },
    Table {
        name: "macro_areas",
        cols: &[("id", Int), ("name", Text), ("notice", Text)],
    },
    Table {
        name: "areas",
        cols: &[
            ("id", Int),
            ("macro_area_id", Int),
            ("name", Text),
            ("notice", Text),
        ],
    },
    Table {
        name: "sections",
        cols: &[
            ("id", Int),
            ("area_id", Int),
            ("name", Text),
            ("notice", Text),
        ],
    },
    Table {
        name: "contract_sections",
        cols: &[("company_id", Int), ("section_id", Int)],
    },
    Table {
        name: "store_packages",
        cols: &[
            ("id", Int),
            ("code", Text),
            ("name", Text),
            ("minutes", Int),
            ("price_cents", Int),
            ("active", Bool),
            ("created_at", Text),
            ("updated_at", Text),
        ],
    },
    Table {
        name: "orders",
        cols: &[
            ("id", Int),
            ("company_id", Int),
            ("user_id", Int),
            ("package_id", Int),
            ("minutes", Int),
            ("price_cents", Int),
            ("status", Text),
            ("reason", Text),
            ("created_at", Text),
            ("decided_at", Text),
            ("decided_by", Int),
        ],
    },
    Table {
        name: "courses",
        cols: &[
            ("id", Int),
            ("title", Text),
            ("description", Text),
            ("starts_at", Text),
            ("seats", Int),
            ("author_id", Int),
            ("created_at", Text),
        ],
    },
    Table {
        name: "enrolments",
        cols: &[("course_id", Int), ("user_id", Int), ("enrolled_at", Text)],
    },
    // In bulk, a ticket row carries one more value after these columns: the text of its
    // comments, for the target's search index.
    Table {
        name: "tickets",
        cols: &[
            ("id", Int),
            ("company_id", Int),
            ("creator_id", Int),
            ("section_id", Int),
            ("subject", Text),
            ("description", Text),
            ("priority", Text),
            ("state", Text),
            ("technician_id", Int),
            ("minutes", Int),
            ("created_at", Text),
            ("updated_at", Text),
            ("answered_at", Text),
            ("closed_at", Text),
            ("closed_by", Text),
            ("notify_email", Text),
        ],
    },
    Table {
        name: "package_movements",
        cols: &[
            ("id", Int),
            ("company_id", Int),
            ("minutes", Int),
            ("kind", Text),
            ("ticket_id", Int),
            ("note", Text),
            ("by_user_id", Int),
            ("created_at", Text),
            ("order_id", Int),
        ],
    },
    Table {
        name: "comments",
        cols: &[
            ("id", Int),
            ("ticket_id", Int),
            ("author_id", Int),
            ("kind", Text),
            ("body", Text),
            ("minutes", Int),
            ("created_at", Text),
        ],
    },
    Table {
        name: "attachments",
        cols: &[
            ("id", Int),
            ("ticket_id", Int),
            ("uploader_id", Int),
            ("filename", Text),
            ("content_type", Text),
            ("size", Int),
            ("sha256", Text),
            ("data", Bytes),
            ("created_at", Text),
        ],
    },
    Table {
        name: "idempotency_keys",
        cols: &[
            ("user_id", Int),
            ("key", Text),
            ("request_hash", Text),
            ("status", Int),
            ("response", Text),
            ("created_at", Text),
        ],
    },
    Table {
        name: "outbox",
        cols: &[
            ("id", Int),
            ("to_addr", Text),
            ("subject", Text),
            ("body", Text),
            ("kind", Text),
            ("status", Text),
            ("attempts", Int),
            ("last_error", Text),
            ("next_attempt_at", Text),
            ("created_at", Text),
            ("sent_at", Text),
            ("secret", Text),
            ("secret_expires_at", Text),
        ],
    },
    Table {
        name: "throttle_events",
        cols: &[("id", Int), ("key", Text), ("at_ms", Int)],
    },
    Table {
        name: "contents",
        cols: &[
            ("id", Int),
            ("kind", Text),
            ("title", Text),
            ("summary", Text),
            ("body", Text),
            ("video_url", Text),
            ("duration_seconds", Int),
            ("audience", Text),
            ("macro_area_id", Int),
            ("area_id", Int),
            ("author_id", Int),
            ("published_at", Text),
            ("updated_at", Text),
            ("unpublished_at", Text),
            ("terms", Text),
        ],
    },
    Table {
        name: "content_customers",
        cols: &[("content_id", Int), ("company_id", Int)],
    },
    Table {
        name: "content_files",
        cols: &[
            ("id", Int),
            ("content_id", Int),
            ("filename", Text),
            ("content_type", Text),
            ("size", Int),
            ("sha256", Text),
            ("data", Bytes),
            ("created_at", Text),
        ],
    },
    Table {
        name: "updates",
        cols: &[
            ("id", Int),
            ("macro_area_id", Int),
            ("version", Text),
            ("notes", Text),
            ("author_id", Int),
            ("published_at", Text),
            ("unpublished_at", Text),
        ],
    },
    Table {
        name: "update_files",
        cols: &[
            ("id", Int),
            ("update_id", Int),
            ("filename", Text),
            ("size", Int),
            ("sha256", Text),
            ("created_at", Text),
        ],
    },
    Table {
        name: "update_chunks",
        cols: &[("file_id", Int), ("seq", Int), ("data", Bytes)],
    },
];

pub fn table(name: &str) -> &'static Table {
    TABLES
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no table {name} in bulk::TABLES"))
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Bool(bool),
    Bytes(Vec<u8>),
}

impl Value {
    pub fn int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
}

pub type Row = Vec<Value>;

/// Rows handed over at a time.
pub const BATCH: usize = 2_000;

/// A database read in one consistent snapshot.
pub trait Source {
    /// The tables and columns its schema has (derived tables left out).
    fn schema(&mut self) -> anyhow::Result<Vec<(String, Vec<String>)>>;
    fn count(&mut self, t: &Table) -> anyhow::Result<i64>;
    /// Every row of `t` in key order, in batches of up to [`BATCH`].
    fn scan(
        &mut self,
        t: &Table,
        each: &mut dyn FnMut(Vec<Row>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()>;
    /// The number the next ticket would get.
    fn next_ticket(&mut self) -> anyhow::Result<i64>;
}

/// A database being loaded in one transaction.
pub trait Target {
    /// Rows per table, to refuse a target that already holds a portal.
    fn count(&mut self, t: &Table) -> anyhow::Result<i64>;
    /// Inserts rows as they are (ids included).
    fn insert(&mut self, t: &Table, rows: Vec<Row>) -> anyhow::Result<()>;
    /// Rebuilds what is derived (the search index, id sequences; the next ticket number is at
    /// least `next_ticket`) once every table is loaded.
    fn finish(&mut self, next_ticket: i64) -> anyhow::Result<()>;
    fn commit(self: Box<Self>) -> anyhow::Result<()>;
}

/// Opens `url` to read from: it must exist and hold an lhs portal (brought to this
/// version's schema first, as `lhs serve` would).
pub fn open_source(url: &DbUrl) -> anyhow::Result<Box<dyn Source>> {
    match url {
        DbUrl::Sqlite(path) => Ok(Box::new(super::sqlite::bulk::SqliteSource::open(path)?)),
        DbUrl::Postgres(u) => Ok(Box::new(super::postgres::bulk::PgSource::open(u)?)),
    }
}

/// Opens `url` to load into (created and migrated when needed), inside a transaction.
pub fn open_target(url: &DbUrl) -> anyhow::Result<Box<dyn Target>> {
    match url {
        DbUrl::Sqlite(path) => Ok(Box::new(super::sqlite::bulk::SqliteTarget::open(path)?)),
        DbUrl::Postgres(u) => Ok(Box::new(super::postgres::bulk::PgTarget::open(u)?)),
    }
}

/// What a copy found wrong, in words for the person running it.
#[derive(Debug)]
pub enum CopyError {
    /// The source does not exist.
    Missing(String),
    /// The target already holds data: (table, rows) of the non-empty tables.
    NotEmpty(Vec<(&'static str, i64)>),
    /// The source's schema has what this build does not know how to copy.
    UnknownSchema(String),
    /// Counts differ after loading: (table, source rows, target rows).
    Mismatch(Vec<(&'static str, i64, i64)>),
}

impl fmt::Display for CopyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CopyError::NotEmpty(tables) => {
                let list: Vec<String> = tables.iter().map(|(t, n)| format!("{t}: {n}")).collect();
                write!(f, "the target database is not empty ({})", list.join(", "))
            }
            CopyError::Missing(what) | CopyError::UnknownSchema(what) => write!(f, "{what}"),
            CopyError::Mismatch(rows) => {
                let list: Vec<String> = rows
                    .iter()
                    .map(|(t, s, d)| format!("{t}: {s} in the source, {d} copied"))
                    .collect();
                write!(f, "counts differ after copying ({})", list.join("; "))
            }
        }
    }
}

impl std::error::Error for CopyError {}

/// Rows copied per table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Copied {
    pub table: &'static str,
    pub rows: i64,
}

/// Checks that the source's schema is exactly what [`TABLES`] copies.
fn check_schema(schema: &[(String, Vec<String>)]) -> Result<(), CopyError> {
    for (name, cols) in schema {
        let Some(t) = TABLES.iter().find(|t| t.name == name) else {
            return Err(CopyError::UnknownSchema(format!(
                "the source has a table this lhs cannot copy: {name} (is the source from a newer lhs?)"
            )));
        };
        for c in cols {
            if !t.cols.iter().any(|(k, _)| k == c) {
                return Err(CopyError::UnknownSchema(format!(
                    "the source has a column this lhs cannot copy: {name}.{c} (is the source from a newer lhs?)"
                )));
            }
        }
    }
    for t in TABLES {
        if !schema.iter().any(|(n, _)| n == t.name) {
            return Err(CopyError::UnknownSchema(format!(
                "the source has no table {}: it is not an lhs portal database",
                t.name
            )));
        }
    }
    Ok(())
}

/// The database an error came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Source,
    Target,
}

/// A failed copy: which side failed, and why.
#[derive(Debug)]
pub struct Failed {
    pub side: Side,
    pub error: anyhow::Error,
}

fn on<T>(side: Side, r: anyhow::Result<T>) -> Result<T, Failed> {
    r.map_err(|error| Failed { side, error })
}

/// Copies every table from `source` to `target`, which must be empty; `progress` hears each
/// table as it is done. On any error the target is left unchanged.
pub fn copy(
    source: &mut dyn Source,
    mut target: Box<dyn Target>,
    progress: &mut dyn FnMut(&Copied),
) -> Result<Vec<Copied>, Failed> {
    use Side::{Source as S, Target as T};
    let schema = on(S, source.schema())?;
    on(S, check_schema(&schema).map_err(anyhow::Error::new))?;
    let mut not_empty = Vec::new();
    for t in TABLES {
        let n = on(T, target.count(t))?;
        if n > 0 {
            not_empty.push((t.name, n));
        }
    }
    if !not_empty.is_empty() {
        return on(T, Err(CopyError::NotEmpty(not_empty).into()));
    }
    let mut copied = Vec::new();
    for t in TABLES {
        let expected = on(S, source.count(t))?;
        let mut failed_target = None;
        let read = source.scan(t, &mut |rows| {
            target.insert(t, rows).map_err(|e| {
                let msg = anyhow::anyhow!("{e:#}");
                failed_target = Some(e);
                msg
            })
        });
        if let Some(e) = failed_target {
            return on(T, Err(e.context(format!("loading {}", t.name))));
        }
        on(
            S,
            read.map_err(|e| e.context(format!("reading {}", t.name))),
        )?;
        let done = Copied {
            table: t.name,
            rows: expected,
        };
        progress(&done);
        copied.push(done);
    }
    let next = on(S, source.next_ticket())?;
    on(T, target.finish(next))?;
    let mut mismatch = Vec::new();
    for c in &copied {
        let n = on(T, target.count(table(c.table)))?;
        if n != c.rows {
            mismatch.push((c.table, c.rows, n));
        }
    }
    if !mismatch.is_empty() {
        return on(T, Err(CopyError::Mismatch(mismatch).into()));
    }
    on(T, target.commit())?;
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh SQLite database has exactly the tables and columns this module copies.
    #[test]
    fn tables_cover_the_whole_sqlite_schema() {
        let dir = tempfile::tempdir().unwrap();
        let url = DbUrl::Sqlite(dir.path().join("p.db"));
        let mut target = open_target(&url).unwrap();
        target.finish(1001).unwrap();
        target.commit().unwrap();
        let mut source = open_source(&url).unwrap();
        let schema = source.schema().unwrap();
        check_schema(&schema).unwrap();
        for t in TABLES {
            let (_, cols) = schema.iter().find(|(n, _)| n == t.name).unwrap();
            assert_eq!(cols.len(), t.cols.len(), "{}", t.name);
        }
    }

    /// A copy that does not commit leaves no new SQLite file behind.
    #[test]
    fn an_uncommitted_target_file_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let mut t = open_target(&DbUrl::Sqlite(path.clone())).unwrap();
        t.insert(
            table("throttle_events"),
            vec![vec![Value::Int(1), Value::Text("k".into()), Value::Int(5)]],
        )
        .unwrap();
        assert!(path.exists());
        drop(t);
        assert!(!path.exists());
        let mut t = open_target(&DbUrl::Sqlite(path.clone())).unwrap();
        t.finish(1001).unwrap();
        t.commit().unwrap();
        assert!(path.exists(), "a committed copy stays");
    }
}
