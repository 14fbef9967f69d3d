//! SQLite implementation of the store: one connection (WAL, foreign keys, busy timeout) behind
//! a mutex, versioned migrations applied at open, FTS5 for ticket search.
//!
//! Writes are serialised by the mutex and `BEGIN IMMEDIATE`, which is also what makes the
//! idempotency check-then-insert safe.
//!
//! The database holds password hashes, token and code hashes and mail in the outbox, so its
//! files are private: the database, `-wal` and `-shm` are 0600 (tightened at open when they
//! are not), and a directory lhs creates for them is 0700.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode, OptionalExtension, Row, Transaction, TransactionBehavior};

use super::{
    CodeKind, CompanyRow, IdempotentResponse, MailRow, MailSecret, NewAttachment, NewMail,
    NewTicket, NewUser, Repo, RetryRefusal, Scope, Store, TicketFilter, TicketRow, TokenRow,
    UserRow,
};
use crate::server::error::{ApiError, ApiResult};
use crate::wire::{Attachment, CatalogPath, Comment, OutboxMail, PackageMovement, Role};

/// Migrations in order; `PRAGMA user_version` records how many are applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_secrets.sql"),
];

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

pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    pub fn open(path: &Path) -> anyhow::Result<SqliteStore> {
        use anyhow::Context;
        private_files(path)?;
        let mut conn = Connection::open(path)
            .with_context(|| format!("opening database {}", path.display()))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Deleted and overwritten content is zeroed, so an erased code leaves no trace in
        // free pages.
        conn.pragma_update(None, "secure_delete", "ON")?;
        migrate(&mut conn).with_context(|| format!("migrating database {}", path.display()))?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
        })
    }
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
        tx.pragma_update(None, "user_version", i64::try_from(i + 1)?)?;
        tx.commit()?;
    }
    Ok(())
}

impl Store for SqliteStore {
    fn transaction(&self, f: &mut dyn FnMut(&dyn Repo) -> ApiResult<()>) -> ApiResult<()> {
        let mut conn = self
            .conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        f(&SqliteRepo { tx: &tx })?;
        tx.commit()?;
        Ok(())
    }

    fn purge_erased(&self) -> ApiResult<()> {
        let conn = self
            .conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Copies the log into the database (where secure_delete zeroed the old content) and
        // truncates the log, which still held the pages as they were before the erasure.
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

struct SqliteRepo<'a> {
    tx: &'a Transaction<'a>,
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::ConstraintViolation)
}

fn parse_role(s: &str) -> Role {
    match s {
        "staff" => Role::Staff,
        "admin" => Role::Admin,
        _ => Role::User,
    }
}

const USER_COLS: &str = "u.id, u.account, u.role, u.staff_admin, u.company_id, c.code, c.name, \
     u.name, u.surname, u.email, u.password_hash, u.must_change_password, u.active, u.permissions, \
     u.created_at, u.updated_at";
const USER_FROM: &str = "users u LEFT JOIN companies c ON c.id = u.company_id";

fn user_row(r: &Row) -> rusqlite::Result<UserRow> {
    let perms: String = r.get(13)?;
    Ok(UserRow {
        id: r.get(0)?,
        account: r.get(1)?,
        role: parse_role(&r.get::<_, String>(2)?),
        staff_admin: r.get(3)?,
        company_id: r.get(4)?,
        company_code: r.get(5)?,
        company_name: r.get(6)?,
        name: r.get(7)?,
        surname: r.get(8)?,
        email: r.get(9)?,
        password_hash: r.get(10)?,
        must_change_password: r.get(11)?,
        active: r.get(12)?,
        permissions: serde_json::from_str(&perms).unwrap_or_default(),
        created_at: r.get(14)?,
        updated_at: r.get(15)?,
    })
}

const TOKEN_COLS: &str =
    "id, user_id, kind, name, created_at, expires_at, last_used_at, revoked_at";

fn token_row(r: &Row) -> rusqlite::Result<TokenRow> {
    Ok(TokenRow {
        id: r.get(0)?,
        user_id: r.get(1)?,
        kind: r.get(2)?,
        name: r.get(3)?,
        created_at: r.get(4)?,
        expires_at: r.get(5)?,
        last_used_at: r.get(6)?,
        revoked_at: r.get(7)?,
    })
}

const TICKET_SELECT: &str = "SELECT t.id, t.company_id, c.code, c.name, t.creator_id, u.account, \
     trim(u.name || ' ' || u.surname), u.email, t.section_id, ma.name, a.name, s.name, t.subject, \
     t.description, t.priority, t.state, t.technician_id, tech.account, tech.email, t.minutes, \
     t.created_at, t.updated_at, t.answered_at, t.closed_at, t.closed_by \
     FROM tickets t \
     JOIN companies c ON c.id = t.company_id \
     JOIN users u ON u.id = t.creator_id \
     JOIN sections s ON s.id = t.section_id \
     JOIN areas a ON a.id = s.area_id \
     JOIN macro_areas ma ON ma.id = a.macro_area_id \
     LEFT JOIN users tech ON tech.id = t.technician_id";

fn ticket_row(r: &Row) -> rusqlite::Result<TicketRow> {
    let prio: String = r.get(14)?;
    let state: String = r.get(15)?;
    Ok(TicketRow {
        id: r.get(0)?,
        company_id: r.get(1)?,
        company_code: r.get(2)?,
        company_name: r.get(3)?,
        creator_id: r.get(4)?,
        creator_account: r.get(5)?,
        creator_name: r.get(6)?,
        creator_email: r.get(7)?,
        section_id: r.get(8)?,
        macro_area: r.get(9)?,
        area: r.get(10)?,
        section: r.get(11)?,
        subject: r.get(12)?,
        description: r.get(13)?,
        priority: prio
            .parse()
            .unwrap_or(crate::domain::ticket::Priority::Normale),
        state: state
            .parse()
            .unwrap_or(crate::domain::ticket::TicketState::Inserito),
        technician_id: r.get(16)?,
        technician_account: r.get(17)?,
        technician_email: r.get(18)?,
        minutes: r.get(19)?,
        created_at: r.get(20)?,
        updated_at: r.get(21)?,
        answered_at: r.get(22)?,
        closed_at: r.get(23)?,
        closed_by: r.get(24)?,
    })
}

/// Appends the scope's condition on `t` to `sql`.
fn push_scope(scope: Scope, sql: &mut String, params: &mut Vec<Value>) {
    match scope {
        Scope::All => {}
        Scope::Company(c) => {
            sql.push_str(" AND t.company_id = ?");
            params.push(Value::Integer(c));
        }
        Scope::Own { company, user } => {
            sql.push_str(" AND t.company_id = ? AND t.creator_id = ?");
            params.push(Value::Integer(company));
            params.push(Value::Integer(user));
        }
    }
}

const ATTACHMENT_COLS: &str =
    "f.id, f.filename, f.content_type, f.size, f.sha256, up.account, f.created_at";

fn attachment_row(r: &Row) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(0)?,
        filename: r.get(1)?,
        content_type: r.get(2)?,
        size: r.get(3)?,
        sha256: r.get(4)?,
        uploaded_by: r.get(5)?,
        created_at: r.get(6)?,
    })
}

fn outbox_row(r: &Row) -> rusqlite::Result<OutboxMail> {
    Ok(OutboxMail {
        id: r.get(0)?,
        to: r.get(1)?,
        subject: r.get(2)?,
        kind: r.get(3)?,
        status: r.get(4)?,
        attempts: r.get(5)?,
        last_error: r.get(6)?,
        created_at: r.get(7)?,
        sent_at: r.get(8)?,
    })
}

impl Repo for SqliteRepo<'_> {
    fn insert_company(&self, code: &str, name: &str, now: &str) -> ApiResult<i64> {
        match self.tx.execute(
            "INSERT INTO companies (code, name, created_at) VALUES (?1, ?2, ?3)",
            (code, name, now),
        ) {
            Ok(_) => Ok(self.tx.last_insert_rowid()),
            Err(e) if is_unique_violation(&e) => Err(ApiError::conflict(
                "customer_exists",
                format!("a customer with code `{code}` already exists"),
            )),
            Err(e) => Err(e.into()),
        }
    }

    fn company_by_code(&self, code: &str) -> ApiResult<Option<CompanyRow>> {
        Ok(self
            .tx
            .query_row(
                "SELECT id, code, name, created_at FROM companies WHERE code = ?1",
                [code],
                |r| {
                    Ok(CompanyRow {
                        id: r.get(0)?,
                        code: r.get(1)?,
                        name: r.get(2)?,
                        created_at: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    fn list_companies(&self) -> ApiResult<Vec<CompanyRow>> {
        let mut st = self
            .tx
            .prepare("SELECT id, code, name, created_at FROM companies ORDER BY code")?;
        let rows = st.query_map([], |r| {
            Ok(CompanyRow {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                created_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn insert_user(&self, u: &NewUser, now: &str) -> ApiResult<i64> {
        let perms = serde_json::to_string(&u.permissions).map_err(ApiError::internal)?;
        match self.tx.execute(
            "INSERT INTO users (account, role, staff_admin, company_id, name, surname, email, \
             password_hash, must_change_password, active, permissions, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
            rusqlite::params![
                u.account,
                u.role.as_str(),
                u.staff_admin,
                u.company_id,
                u.name,
                u.surname,
                u.email,
                u.password_hash,
                u.must_change_password,
                u.active,
                perms,
                now
            ],
        ) {
            Ok(_) => Ok(self.tx.last_insert_rowid()),
            Err(e) if is_unique_violation(&e) => Err(ApiError::conflict(
                "account_taken",
                format!("the account `{}` is already taken", u.account),
            )
            .with_details(serde_json::json!({ "field": "account" }))),
            Err(e) => Err(e.into()),
        }
    }

    fn user_by_id(&self, id: i64) -> ApiResult<Option<UserRow>> {
        Ok(self
            .tx
            .query_row(
                &format!("SELECT {USER_COLS} FROM {USER_FROM} WHERE u.id = ?1"),
                [id],
                user_row,
            )
            .optional()?)
    }

    fn user_by_account(&self, company: Option<i64>, account: &str) -> ApiResult<Option<UserRow>> {
        Ok(self
            .tx
            .query_row(
                &format!(
                    "SELECT {USER_COLS} FROM {USER_FROM} WHERE u.account = ?1 \
                     AND (?2 IS NULL OR u.company_id = ?2)"
                ),
                rusqlite::params![account, company],
                user_row,
            )
            .optional()?)
    }

    fn list_users(&self, company: Option<i64>) -> ApiResult<Vec<UserRow>> {
        let mut st = self.tx.prepare(&format!(
            "SELECT {USER_COLS} FROM {USER_FROM} WHERE (?1 IS NULL OR u.company_id = ?1) \
             ORDER BY c.code, u.role, u.surname, u.name, u.account"
        ))?;
        let rows = st.query_map([company], user_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn update_user(&self, u: &UserRow, now: &str) -> ApiResult<()> {
        let perms = serde_json::to_string(&u.permissions).map_err(ApiError::internal)?;
        self.tx.execute(
            "UPDATE users SET name = ?2, surname = ?3, email = ?4, password_hash = ?5, \
             must_change_password = ?6, active = ?7, permissions = ?8, updated_at = ?9 WHERE id = ?1",
            rusqlite::params![
                u.id,
                u.name,
                u.surname,
                u.email,
                u.password_hash,
                u.must_change_password,
                u.active,
                perms,
                now
            ],
        )?;
        Ok(())
    }

    fn count_staff(&self) -> ApiResult<i64> {
        Ok(self
            .tx
            .query_row("SELECT count(*) FROM users WHERE role = 'staff'", [], |r| {
                r.get(0)
            })?)
    }

    fn insert_token(
        &self,
        user_id: i64,
        kind: &str,
        name: &str,
        hash: &str,
        now: &str,
        expires_at: &str,
    ) -> ApiResult<i64> {
        self.tx.execute(
            "INSERT INTO tokens (user_id, kind, name, token_hash, created_at, expires_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (user_id, kind, name, hash, now, expires_at),
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    fn token_by_hash(&self, hash: &str) -> ApiResult<Option<TokenRow>> {
        Ok(self
            .tx
            .query_row(
                &format!("SELECT {TOKEN_COLS} FROM tokens WHERE token_hash = ?1"),
                [hash],
                token_row,
            )
            .optional()?)
    }

    fn touch_token(&self, id: i64, now: &str) -> ApiResult<()> {
        self.tx.execute(
            "UPDATE tokens SET last_used_at = ?2 WHERE id = ?1",
            (id, now),
        )?;
        Ok(())
    }

    fn list_tokens(&self, user_id: i64, kind: &str) -> ApiResult<Vec<TokenRow>> {
        let mut st = self.tx.prepare(&format!(
            "SELECT {TOKEN_COLS} FROM tokens WHERE user_id = ?1 AND kind = ?2 ORDER BY id"
        ))?;
        let rows = st.query_map((user_id, kind), token_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn revoke_token(&self, user_id: i64, id: i64, now: &str) -> ApiResult<bool> {
        let n = self.tx.execute(
            "UPDATE tokens SET revoked_at = coalesce(revoked_at, ?3) WHERE id = ?1 AND user_id = ?2",
            (id, user_id, now),
        )?;
        Ok(n > 0)
    }

    fn revoke_user_tokens(&self, user_id: i64, except: Option<i64>, now: &str) -> ApiResult<()> {
        self.tx.execute(
            "UPDATE tokens SET revoked_at = ?3 WHERE user_id = ?1 AND revoked_at IS NULL \
             AND (?2 IS NULL OR id <> ?2)",
            rusqlite::params![user_id, except, now],
        )?;
        Ok(())
    }

    fn insert_code(
        &self,
        user_id: i64,
        kind: CodeKind,
        hash: &str,
        now: &str,
        expires_at: &str,
    ) -> ApiResult<()> {
        // Only the newest code mailed to a user works.
        self.tx.execute(
            "UPDATE password_resets SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL",
            (user_id, now),
        )?;
        self.tx.execute(
            "INSERT INTO password_resets (user_id, kind, token_hash, created_at, expires_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            (user_id, kind.as_str(), hash, now, expires_at),
        )?;
        Ok(())
    }

    fn code_is_live(&self, hash: &str, now: &str) -> ApiResult<bool> {
        Ok(self
            .tx
            .query_row(
                "SELECT 1 FROM password_resets \
                 WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
                (hash, now),
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    fn use_code(&self, hash: &str, now: &str) -> ApiResult<Option<(i64, CodeKind)>> {
        let found: Option<(i64, i64, String)> = self
            .tx
            .query_row(
                "SELECT id, user_id, kind FROM password_resets \
                 WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
                (hash, now),
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((id, user, kind)) = found else {
            return Ok(None);
        };
        self.tx.execute(
            "UPDATE password_resets SET used_at = ?2 WHERE id = ?1",
            (id, now),
        )?;
        // Any other outstanding code of this user dies with it.
        self.tx.execute(
            "UPDATE password_resets SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL",
            (user, now),
        )?;
        let kind = if kind == "invite" {
            CodeKind::Invite
        } else {
            CodeKind::Reset
        };
        Ok(Some((user, kind)))
    }

    fn ensure_catalog_path(&self, p: &CatalogPath) -> ApiResult<i64> {
        self.tx.execute(
            "INSERT INTO macro_areas (name) VALUES (?1) ON CONFLICT DO NOTHING",
            [&p.macro_area],
        )?;
        let ma: i64 = self.tx.query_row(
            "SELECT id FROM macro_areas WHERE name = ?1",
            [&p.macro_area],
            |r| r.get(0),
        )?;
        self.tx.execute(
            "INSERT INTO areas (macro_area_id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            (ma, &p.area),
        )?;
        let a: i64 = self.tx.query_row(
            "SELECT id FROM areas WHERE macro_area_id = ?1 AND name = ?2",
            (ma, &p.area),
            |r| r.get(0),
        )?;
        self.tx.execute(
            "INSERT INTO sections (area_id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            (a, &p.section),
        )?;
        Ok(self.tx.query_row(
            "SELECT id FROM sections WHERE area_id = ?1 AND name = ?2",
            (a, &p.section),
            |r| r.get(0),
        )?)
    }

    fn catalog(&self, company: Option<i64>) -> ApiResult<Vec<(i64, CatalogPath)>> {
        let mut st = self.tx.prepare(
            "SELECT s.id, ma.name, a.name, s.name FROM sections s \
             JOIN areas a ON a.id = s.area_id JOIN macro_areas ma ON ma.id = a.macro_area_id \
             WHERE ?1 IS NULL OR s.id IN (SELECT section_id FROM contract_sections WHERE company_id = ?1) \
             ORDER BY ma.name, a.name, s.name",
        )?;
        let rows = st.query_map([company], |r| {
            Ok((
                r.get(0)?,
                CatalogPath {
                    macro_area: r.get(1)?,
                    area: r.get(2)?,
                    section: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn set_contract(&self, company: i64, section_ids: &[i64]) -> ApiResult<()> {
        self.tx.execute(
            "DELETE FROM contract_sections WHERE company_id = ?1",
            [company],
        )?;
        let mut st = self.tx.prepare(
            "INSERT INTO contract_sections (company_id, section_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?;
        for s in section_ids {
            st.execute((company, s))?;
        }
        Ok(())
    }

    fn add_movement(
        &self,
        company: i64,
        minutes: i64,
        kind: &str,
        ticket_id: Option<i64>,
        note: Option<&str>,
        by: Option<i64>,
        now: &str,
    ) -> ApiResult<()> {
        self.tx.execute(
            "INSERT INTO package_movements (company_id, minutes, kind, ticket_id, note, by_user_id, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![company, minutes, kind, ticket_id, note, by, now],
        )?;
        Ok(())
    }

    fn balance(&self, company: i64) -> ApiResult<i64> {
        Ok(self.tx.query_row(
            "SELECT coalesce(sum(minutes), 0) FROM package_movements WHERE company_id = ?1",
            [company],
            |r| r.get(0),
        )?)
    }

    fn movements(&self, company: i64) -> ApiResult<Vec<PackageMovement>> {
        let mut st = self.tx.prepare(
            "SELECT m.created_at, m.minutes, m.kind, m.ticket_id, m.note, u.account \
             FROM package_movements m LEFT JOIN users u ON u.id = m.by_user_id \
             WHERE m.company_id = ?1 ORDER BY m.id DESC",
        )?;
        let rows = st.query_map([company], |r| {
            Ok(PackageMovement {
                at: r.get(0)?,
                minutes: r.get(1)?,
                kind: r.get(2)?,
                ticket: r.get(3)?,
                note: r.get(4)?,
                by: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn insert_ticket(&self, t: &NewTicket, now: &str) -> ApiResult<i64> {
        self.tx.execute(
            "INSERT INTO tickets (company_id, creator_id, section_id, subject, description, priority, \
             state, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'inserito', ?7, ?7)",
            rusqlite::params![
                t.company_id,
                t.creator_id,
                t.section_id,
                t.subject,
                t.description,
                t.priority.as_str(),
                now
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        self.tx.execute(
            "INSERT INTO ticket_fts (rowid, subject, description, comments) VALUES (?1, ?2, ?3, '')",
            (id, &t.subject, &t.description),
        )?;
        Ok(id)
    }

    fn ticket(&self, scope: Scope, number: i64) -> ApiResult<Option<TicketRow>> {
        let mut sql = format!("{TICKET_SELECT} WHERE t.id = ?");
        let mut params = vec![Value::Integer(number)];
        push_scope(scope, &mut sql, &mut params);
        Ok(self
            .tx
            .query_row(&sql, rusqlite::params_from_iter(params), ticket_row)
            .optional()?)
    }

    fn list_tickets(&self, scope: Scope, f: &TicketFilter) -> ApiResult<(Vec<TicketRow>, i64)> {
        let mut cond = String::from(" WHERE 1 = 1");
        let mut params = Vec::new();
        push_scope(scope, &mut cond, &mut params);
        if !f.states.is_empty() {
            cond.push_str(" AND t.state IN (");
            for (i, s) in f.states.iter().enumerate() {
                cond.push_str(if i == 0 { "?" } else { ", ?" });
                params.push(Value::Text(s.as_str().to_owned()));
            }
            cond.push(')');
        }
        if let Some(from) = &f.created_from {
            cond.push_str(" AND t.created_at >= ?");
            params.push(Value::Text(from.clone()));
        }
        if let Some(until) = &f.created_until {
            cond.push_str(" AND t.created_at < ?");
            params.push(Value::Text(until.clone()));
        }
        if let Some(q) = &f.fts {
            cond.push_str(" AND t.id IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?)");
            params.push(Value::Text(q.clone()));
        }
        for (col, v) in [
            ("t.company_id", f.company),
            ("t.technician_id", f.technician),
            ("t.creator_id", f.creator),
        ] {
            if let Some(v) = v {
                let _ = write!(cond, " AND {col} = ?");
                params.push(Value::Integer(v));
            }
        }
        let total: i64 = self.tx.query_row(
            &format!("SELECT count(*) FROM tickets t{cond}"),
            rusqlite::params_from_iter(params.iter()),
            |r| r.get(0),
        )?;
        if let Some(before) = f.before {
            cond.push_str(" AND t.id < ?");
            params.push(Value::Integer(before));
        }
        params.push(Value::Integer(f.limit));
        let mut st = self
            .tx
            .prepare(&format!("{TICKET_SELECT}{cond} ORDER BY t.id DESC LIMIT ?"))?;
        let rows = st.query_map(rusqlite::params_from_iter(params), ticket_row)?;
        Ok((rows.collect::<Result<_, _>>()?, total))
    }

    fn update_ticket(&self, t: &TicketRow) -> ApiResult<()> {
        self.tx.execute(
            "UPDATE tickets SET state = ?2, technician_id = ?3, minutes = ?4, updated_at = ?5, \
             answered_at = ?6, closed_at = ?7, closed_by = ?8 WHERE id = ?1",
            rusqlite::params![
                t.id,
                t.state.as_str(),
                t.technician_id,
                t.minutes,
                t.updated_at,
                t.answered_at,
                t.closed_at,
                t.closed_by
            ],
        )?;
        Ok(())
    }

    fn insert_comment(
        &self,
        ticket_id: i64,
        author_id: i64,
        kind: &str,
        body: &str,
        minutes: i64,
        now: &str,
    ) -> ApiResult<i64> {
        self.tx.execute(
            "INSERT INTO comments (ticket_id, author_id, kind, body, minutes, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (ticket_id, author_id, kind, body, minutes, now),
        )?;
        let id = self.tx.last_insert_rowid();
        self.tx.execute(
            "UPDATE ticket_fts SET comments = comments || char(10) || ?2 WHERE rowid = ?1",
            (ticket_id, body),
        )?;
        Ok(id)
    }

    fn comments(&self, ticket_id: i64) -> ApiResult<Vec<Comment>> {
        let mut st = self.tx.prepare(
            "SELECT cm.id, u.account, trim(u.name || ' ' || u.surname), u.role, cm.kind, cm.body, \
             cm.minutes, cm.created_at FROM comments cm JOIN users u ON u.id = cm.author_id \
             WHERE cm.ticket_id = ?1 ORDER BY cm.id",
        )?;
        let rows = st.query_map([ticket_id], |r| {
            let role: String = r.get(3)?;
            Ok(Comment {
                id: r.get(0)?,
                author: r.get(1)?,
                author_name: r.get(2)?,
                author_role: if role == "staff" { "staff" } else { "customer" }.to_owned(),
                kind: r.get(4)?,
                body: r.get(5)?,
                minutes: r.get(6)?,
                created_at: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn insert_attachment(
        &self,
        ticket_id: i64,
        uploader_id: i64,
        file: &NewAttachment,
        now: &str,
    ) -> ApiResult<i64> {
        self.tx.execute(
            "INSERT INTO attachments (ticket_id, uploader_id, filename, content_type, size, sha256, data, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![
                ticket_id,
                uploader_id,
                file.filename,
                file.content_type,
                i64::try_from(file.data.len()).unwrap_or(i64::MAX),
                file.sha256,
                file.data,
                now
            ],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    fn attachments(&self, ticket_id: i64) -> ApiResult<Vec<Attachment>> {
        let mut st = self.tx.prepare(&format!(
            "SELECT {ATTACHMENT_COLS} FROM attachments f JOIN users up ON up.id = f.uploader_id \
             WHERE f.ticket_id = ?1 ORDER BY f.id"
        ))?;
        let rows = st.query_map([ticket_id], attachment_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn attachment_data(
        &self,
        scope: Scope,
        number: i64,
        id: i64,
    ) -> ApiResult<Option<(Attachment, Vec<u8>)>> {
        let mut sql = format!(
            "SELECT {ATTACHMENT_COLS}, f.data FROM attachments f \
             JOIN users up ON up.id = f.uploader_id JOIN tickets t ON t.id = f.ticket_id \
             WHERE f.id = ? AND t.id = ?"
        );
        let mut params = vec![Value::Integer(id), Value::Integer(number)];
        push_scope(scope, &mut sql, &mut params);
        Ok(self
            .tx
            .query_row(&sql, rusqlite::params_from_iter(params), |r| {
                Ok((attachment_row(r)?, r.get(7)?))
            })
            .optional()?)
    }

    fn answered_before(&self, cutoff: &str, limit: i64) -> ApiResult<Vec<TicketRow>> {
        let mut st = self.tx.prepare(&format!(
            "{TICKET_SELECT} WHERE t.state = 'risposto' AND t.answered_at <= ?1 \
             ORDER BY t.answered_at, t.id LIMIT ?2"
        ))?;
        let rows = st.query_map((cutoff, limit), ticket_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn idempotency_get(&self, user_id: i64, key: &str) -> ApiResult<Option<IdempotentResponse>> {
        Ok(self
            .tx
            .query_row(
                "SELECT request_hash, status, response FROM idempotency_keys WHERE user_id = ?1 AND key = ?2",
                (user_id, key),
                |r| {
                    Ok(IdempotentResponse {
                        request_hash: r.get(0)?,
                        status: r.get(1)?,
                        body: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    fn idempotency_put(
        &self,
        user_id: i64,
        key: &str,
        resp: &IdempotentResponse,
        now: &str,
    ) -> ApiResult<()> {
        self.tx.execute(
            "INSERT INTO idempotency_keys (user_id, key, request_hash, status, response, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (user_id, key, &resp.request_hash, resp.status, &resp.body, now),
        )?;
        Ok(())
    }

    fn enqueue_mail(&self, m: &NewMail, now: &str) -> ApiResult<()> {
        self.tx.execute(
            "INSERT INTO outbox (to_addr, subject, body, kind, next_attempt_at, created_at, \
             secret, secret_expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)",
            rusqlite::params![
                &m.to,
                &m.subject,
                &m.body,
                m.kind,
                now,
                m.secret.as_ref().map(|s| s.value.as_str()),
                m.secret.as_ref().map(|s| s.expires_at.as_str()),
            ],
        )?;
        Ok(())
    }

    fn list_outbox(&self, status: Option<&str>, limit: i64) -> ApiResult<Vec<OutboxMail>> {
        let mut st = self.tx.prepare(
            "SELECT id, to_addr, subject, kind, status, attempts, last_error, created_at, sent_at \
             FROM outbox WHERE ?1 IS NULL OR status = ?1 ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = st.query_map(rusqlite::params![status, limit], outbox_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn due_mail(&self, now: &str, limit: i64) -> ApiResult<Vec<MailRow>> {
        let mut st = self.tx.prepare(
            "SELECT id, to_addr, subject, body, attempts, secret, secret_expires_at FROM outbox \
             WHERE status = 'pending' AND next_attempt_at <= ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows = st.query_map(rusqlite::params![now, limit], |r| {
            let value: Option<String> = r.get(5)?;
            let expires_at: Option<String> = r.get(6)?;
            Ok(MailRow {
                id: r.get(0)?,
                to: r.get(1)?,
                subject: r.get(2)?,
                body: r.get(3)?,
                attempts: r.get(4)?,
                secret: value.map(|value| MailSecret {
                    value,
                    expires_at: expires_at.unwrap_or_default(),
                }),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn mark_mail_sent(&self, id: i64, now: &str) -> ApiResult<()> {
        self.tx.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?2, attempts = attempts + 1, \
             last_error = NULL, secret = NULL WHERE id = ?1",
            (id, now),
        )?;
        Ok(())
    }

    fn erase_expired_mail_secrets(&self, now: &str) -> ApiResult<usize> {
        self.tx.execute(
            "UPDATE outbox SET status = 'failed', \
             last_error = 'not sent: its code expired before it could be delivered' \
             WHERE status = 'pending' AND secret IS NOT NULL AND secret_expires_at <= ?1",
            [now],
        )?;
        let n = self.tx.execute(
            "UPDATE outbox SET secret = NULL WHERE secret IS NOT NULL AND secret_expires_at <= ?1",
            [now],
        )?;
        Ok(n)
    }

    fn requeue_mail(&self, id: i64, now: &str) -> ApiResult<Result<OutboxMail, RetryRefusal>> {
        let row: Option<(String, String, Option<String>, Option<String>)> = self
            .tx
            .query_row(
                "SELECT status, body, secret, secret_expires_at FROM outbox WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((status, body, secret, expires)) = row else {
            return Ok(Err(RetryRefusal::NotFound));
        };
        if status == "sent" {
            return Ok(Err(RetryRefusal::AlreadySent));
        }
        let carries_code = body.contains(crate::server::mail::CODE_PLACEHOLDER);
        let code_alive = secret.is_some() && expires.as_deref().is_some_and(|e| e > now);
        if carries_code && !code_alive {
            return Ok(Err(RetryRefusal::CodeGone));
        }
        self.tx.execute(
            "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?2 \
             WHERE id = ?1",
            (id, now),
        )?;
        let mut st = self.tx.prepare(
            "SELECT id, to_addr, subject, kind, status, attempts, last_error, created_at, sent_at \
             FROM outbox WHERE id = ?1",
        )?;
        Ok(Ok(st.query_row([id], outbox_row)?))
    }

    fn failed_mail_ids(&self) -> ApiResult<Vec<i64>> {
        let mut st = self
            .tx
            .prepare("SELECT id FROM outbox WHERE status = 'failed' ORDER BY id")?;
        let rows = st.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn mark_mail_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: &str,
        give_up: bool,
    ) -> ApiResult<()> {
        self.tx.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3, \
             status = CASE WHEN ?4 THEN 'failed' ELSE 'pending' END WHERE id = ?1",
            rusqlite::params![id, error, next_attempt_at, give_up],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::store::run_blocking;

    #[test]
    fn migrations_apply_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        {
            let s = SqliteStore::open(&path).unwrap();
            run_blocking(&s, |r| {
                r.insert_company("C1", "One", "2024-01-01T00:00:00.000Z")
            })
            .unwrap();
        }
        let s = SqliteStore::open(&path).unwrap();
        let c = run_blocking(&s, |r| r.company_by_code("c1")).unwrap();
        assert_eq!(c.unwrap().name, "One");
    }

    #[test]
    fn failed_transaction_rolls_back() {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStore::open(&dir.path().join("db.sqlite")).unwrap();
        let r: ApiResult<()> = run_blocking(&s, |r| {
            r.insert_company("C1", "One", "2024-01-01T00:00:00.000Z")?;
            Err(ApiError::bad_request("boom"))
        });
        assert!(r.is_err());
        assert!(
            run_blocking(&s, |r| r.company_by_code("C1"))
                .unwrap()
                .is_none()
        );
    }
}
