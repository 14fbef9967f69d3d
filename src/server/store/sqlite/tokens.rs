//! Tokens and single-use codes on SQLite.

use rusqlite::{OptionalExtension, Row};

use super::SqliteTx;
use super::users::{USER_COLS, USER_FROM, user_row};
use crate::server::store::{CodeKind, StoreResult, TokenRepo, TokenRow, UserRow};

const TOKEN_COLS: &str =
    "id, user_id, kind, name, created_at, expires_at, last_used_at, revoked_at";
const TOKEN_COLS_TK: &str = "tk.id, tk.user_id, tk.kind, tk.name, tk.created_at, tk.expires_at, \
     tk.last_used_at, tk.revoked_at";

fn token_row(r: &Row) -> rusqlite::Result<TokenRow> {
    token_row_at(r, 0)
}

/// A token read from the columns at `base..base + 8` (TOKEN_COLS' order).
fn token_row_at(r: &Row, base: usize) -> rusqlite::Result<TokenRow> {
    Ok(TokenRow {
        id: r.get(base)?,
        user_id: r.get(base + 1)?,
        kind: r.get(base + 2)?,
        name: r.get(base + 3)?,
        created_at: r.get(base + 4)?,
        expires_at: r.get(base + 5)?,
        last_used_at: r.get(base + 6)?,
        revoked_at: r.get(base + 7)?,
    })
}

impl TokenRepo for SqliteTx<'_> {
    fn insert_token(
        &self,
        user_id: i64,
        kind: &str,
        name: &str,
        hash: &str,
        now: &str,
        expires_at: &str,
    ) -> StoreResult<i64> {
        self.c()
            .prepare_cached(
                "INSERT INTO tokens (user_id, kind, name, token_hash, created_at, expires_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute((user_id, kind, name, hash, now, expires_at))?;
        Ok(self.c().last_insert_rowid())
    }

    fn caller_by_token(&self, hash: &str) -> StoreResult<Option<(TokenRow, UserRow)>> {
        Ok(self
            .c()
            .prepare_cached(&format!(
                "SELECT {USER_COLS}, {TOKEN_COLS_TK} {USER_FROM} \
                 JOIN tokens tk ON tk.user_id = u.id WHERE tk.token_hash = ?1"
            ))?
            .query_row([hash], |r| Ok((token_row_at(r, 19)?, user_row(r)?)))
            .optional()?)
    }

    fn touch_token(&self, id: i64, now: &str) -> StoreResult<()> {
        self.c()
            .prepare_cached("UPDATE tokens SET last_used_at = ?2 WHERE id = ?1")?
            .execute((id, now))?;
        Ok(())
    }

    fn list_tokens(&self, user_id: i64, kind: &str) -> StoreResult<Vec<TokenRow>> {
        let mut st = self.c().prepare_cached(&format!(
            "SELECT {TOKEN_COLS} FROM tokens WHERE user_id = ?1 AND kind = ?2 ORDER BY id"
        ))?;
        let rows = st.query_map((user_id, kind), token_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn revoke_token(&self, user_id: i64, id: i64, now: &str) -> StoreResult<bool> {
        let n = self
            .c()
            .prepare_cached(
                "UPDATE tokens SET revoked_at = coalesce(revoked_at, ?3) \
                 WHERE id = ?1 AND user_id = ?2",
            )?
            .execute((id, user_id, now))?;
        Ok(n > 0)
    }

    fn revoke_user_tokens(&self, user_id: i64, except: Option<i64>, now: &str) -> StoreResult<()> {
        self.c()
            .prepare_cached(
                "UPDATE tokens SET revoked_at = ?3 WHERE user_id = ?1 AND revoked_at IS NULL \
                 AND (?2 IS NULL OR id <> ?2)",
            )?
            .execute(rusqlite::params![user_id, except, now])?;
        Ok(())
    }

    fn insert_code(
        &self,
        user_id: i64,
        kind: CodeKind,
        hash: &str,
        now: &str,
        expires_at: &str,
    ) -> StoreResult<()> {
        // Only the newest code mailed to a user works.
        self.c()
            .prepare_cached(
                "UPDATE password_resets SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL",
            )?
            .execute((user_id, now))?;
        self.c()
            .prepare_cached(
                "INSERT INTO password_resets (user_id, kind, token_hash, created_at, expires_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute((user_id, kind.as_str(), hash, now, expires_at))?;
        Ok(())
    }

    fn use_code(&self, hash: &str, now: &str) -> StoreResult<Option<(i64, CodeKind)>> {
        let found: Option<(i64, i64, String)> = self
            .c()
            .prepare_cached(
                "SELECT id, user_id, kind FROM password_resets \
                 WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
            )?
            .query_row((hash, now), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((_, user, kind)) = found else {
            return Ok(None);
        };
        // This code and any other outstanding code of the user die together.
        self.c()
            .prepare_cached(
                "UPDATE password_resets SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL",
            )?
            .execute((user, now))?;
        let kind = if kind == "invite" {
            CodeKind::Invite
        } else {
            CodeKind::Reset
        };
        Ok(Some((user, kind)))
    }

    fn code_is_live(&self, hash: &str, now: &str) -> StoreResult<bool> {
        Ok(self
            .c()
            .prepare_cached(
                "SELECT 1 FROM password_resets \
                 WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
            )?
            .query_row((hash, now), |_| Ok(()))
            .optional()?
            .is_some())
    }
}
