//! Tokens and single-use codes on PostgreSQL.

use postgres::Row;

use super::PgTx;
use crate::server::store::{CodeKind, StoreResult, TokenRepo, TokenRow};

const TOKEN_COLS: &str =
    "id, user_id, kind, name, created_at, expires_at, last_used_at, revoked_at";

fn token_row(r: &Row) -> TokenRow {
    TokenRow {
        id: r.get(0),
        user_id: r.get(1),
        kind: r.get(2),
        name: r.get(3),
        created_at: r.get(4),
        expires_at: r.get(5),
        last_used_at: r.get(6),
        revoked_at: r.get(7),
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

    fn token_by_hash(&self, hash: &str) -> StoreResult<Option<TokenRow>> {
        Ok(self
            .query_opt(
                &format!("SELECT {TOKEN_COLS} FROM tokens WHERE token_hash = $1"),
                &[&hash],
            )?
            .as_ref()
            .map(token_row))
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
