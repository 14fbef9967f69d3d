//! Tokens and single-use codes on PostgreSQL.

use postgres::Row;

use super::PgTx;
use super::users::{USER_COLS, USER_FROM, user_row};
use crate::server::store::{CodeKind, StoreResult, TokenRepo, TokenRow, UserRow};

const TOKEN_COLS: &str =
    "id, user_id, kind, name, created_at, expires_at, last_used_at, revoked_at";
const TOKEN_COLS_TK: &str = "tk.id, tk.user_id, tk.kind, tk.name, tk.created_at, tk.expires_at, \
     tk.last_used_at, tk.revoked_at";

fn token_row(r: &Row) -> TokenRow {
    token_row_at(r, 0)
}

/// A token read from the columns at `base..base + 8` (TOKEN_COLS' order).
fn token_row_at(r: &Row, base: usize) -> TokenRow {
    TokenRow {
        id: r.get(base),
        user_id: r.get(base + 1),
        kind: r.get(base + 2),
        name: r.get(base + 3),
        created_at: r.get(base + 4),
        expires_at: r.get(base + 5),
        last_used_at: r.get(base + 6),
        revoked_at: r.get(base + 7),
    }
}

impl TokenRepo for PgTx<'_> {
    fn insert_token(
        &self,
        user_id: i64,
        kind: &str,
        name: &str,
        hash: &str,
        now: &str,
        expires_at: &str,
    ) -> StoreResult<i64> {
        Ok(self
            .query_one(
                "INSERT INTO tokens (user_id, kind, name, token_hash, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                &[&user_id, &kind, &name, &hash, &now, &expires_at],
            )?
            .get(0))
    }

    fn caller_by_token(&self, hash: &str) -> StoreResult<Option<(TokenRow, UserRow)>> {
        Ok(self
            .query_opt(
                &format!(
                    "SELECT {USER_COLS}, {TOKEN_COLS_TK} {USER_FROM} \
                     JOIN tokens tk ON tk.user_id = u.id WHERE tk.token_hash = $1"
                ),
                &[&hash],
            )?
            .as_ref()
            .map(|r| (token_row_at(r, 19), user_row(r))))
    }

    fn touch_token(&self, id: i64, now: &str) -> StoreResult<()> {
        self.execute(
            "UPDATE tokens SET last_used_at = $2 WHERE id = $1",
            &[&id, &now],
        )?;
        Ok(())
    }

    fn list_tokens(&self, user_id: i64, kind: &str) -> StoreResult<Vec<TokenRow>> {
        Ok(self
            .query(
                &format!(
                    "SELECT {TOKEN_COLS} FROM tokens WHERE user_id = $1 AND kind = $2 ORDER BY id"
                ),
                &[&user_id, &kind],
            )?
            .iter()
            .map(token_row)
            .collect())
    }

    fn revoke_token(&self, user_id: i64, id: i64, now: &str) -> StoreResult<bool> {
        Ok(self.execute(
            "UPDATE tokens SET revoked_at = coalesce(revoked_at, $3) WHERE id = $1 AND user_id = $2",
            &[&id, &user_id, &now],
        )? > 0)
    }

    fn revoke_user_tokens(&self, user_id: i64, except: Option<i64>, now: &str) -> StoreResult<()> {
        self.execute(
            "UPDATE tokens SET revoked_at = $3 WHERE user_id = $1 AND revoked_at IS NULL \
             AND ($2::BIGINT IS NULL OR id <> $2)",
            &[&user_id, &except, &now],
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
    ) -> StoreResult<()> {
        // Only the newest code mailed to a user works.
        self.execute(
            "UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL",
            &[&user_id, &now],
        )?;
        self.execute(
            "INSERT INTO password_resets (user_id, kind, token_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
            &[&user_id, &kind.as_str(), &hash, &now, &expires_at],
        )?;
        Ok(())
    }

    fn use_code(&self, hash: &str, now: &str) -> StoreResult<Option<(i64, CodeKind)>> {
        // One statement: two concurrent uses of the same code cannot both succeed.
        let Some(row) = self.query_opt(
            "UPDATE password_resets SET used_at = $2 \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
             RETURNING user_id, kind",
            &[&hash, &now],
        )?
        else {
            return Ok(None);
        };
        let user: i64 = row.get(0);
        let kind: String = row.get(1);
        self.execute(
            "UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL",
            &[&user, &now],
        )?;
        let kind = if kind == "invite" {
            CodeKind::Invite
        } else {
            CodeKind::Reset
        };
        Ok(Some((user, kind)))
    }

    fn code_is_live(&self, hash: &str, now: &str) -> StoreResult<bool> {
        Ok(self
            .query_opt(
                "SELECT 1 FROM password_resets \
                 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
                &[&hash, &now],
            )?
            .is_some())
    }
}
