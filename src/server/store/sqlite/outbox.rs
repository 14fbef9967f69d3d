//! The outbox on SQLite.

use rusqlite::{OptionalExtension, Row};

use super::SqliteTx;
use crate::server::store::{MailRow, MailSecret, NewMail, OutboxRepo, RetryRefusal, StoreResult};
use crate::wire::OutboxMail;

const OUTBOX_COLS: &str =
    "id, to_addr, subject, kind, status, attempts, last_error, created_at, sent_at";

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

impl OutboxRepo for SqliteTx<'_> {
    fn enqueue_mail(&self, m: &NewMail, now: &str) -> StoreResult<()> {
        self.c()
            .prepare_cached(
                "INSERT INTO outbox (to_addr, subject, body, kind, next_attempt_at, created_at, \
                 secret, secret_expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)",
            )?
            .execute(rusqlite::params![
                &m.to,
                &m.subject,
                &m.body,
                m.kind,
                now,
                m.secret.as_ref().map(|s| s.value.as_str()),
                m.secret.as_ref().map(|s| s.expires_at.as_str()),
            ])?;
        Ok(())
    }

    fn list_outbox(&self, status: Option<&str>, limit: i64) -> StoreResult<Vec<OutboxMail>> {
        let mut st = self.c().prepare_cached(&format!(
            "SELECT {OUTBOX_COLS} FROM outbox WHERE ?1 IS NULL OR status = ?1 \
             ORDER BY id DESC LIMIT ?2"
        ))?;
        let rows = st.query_map(rusqlite::params![status, limit], outbox_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn claim_due_mail(
        &self,
        now: &str,
        lease_until: &str,
        limit: i64,
    ) -> StoreResult<Vec<MailRow>> {
        let mut st = self.c().prepare_cached(
            "SELECT id, to_addr, subject, body, attempts, secret, secret_expires_at FROM outbox \
             WHERE status = 'pending' AND next_attempt_at <= ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows: Vec<MailRow> = st
            .query_map(rusqlite::params![now, limit], |r| {
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
            })?
            .collect::<Result<_, _>>()?;
        let mut lease = self
            .c()
            .prepare_cached("UPDATE outbox SET next_attempt_at = ?2 WHERE id = ?1")?;
        for m in &rows {
            lease.execute((m.id, lease_until))?;
        }
        Ok(rows)
    }

    fn mark_mail_sent(&self, id: i64, now: &str) -> StoreResult<()> {
        self.c()
            .prepare_cached(
                "UPDATE outbox SET status = 'sent', sent_at = ?2, attempts = attempts + 1, \
                 last_error = NULL, secret = NULL WHERE id = ?1",
            )?
            .execute((id, now))?;
        Ok(())
    }

    fn mark_mail_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: &str,
        give_up: bool,
    ) -> StoreResult<()> {
        self.c()
            .prepare_cached(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3, \
                 status = CASE WHEN ?4 THEN 'failed' ELSE 'pending' END WHERE id = ?1",
            )?
            .execute(rusqlite::params![id, error, next_attempt_at, give_up])?;
        Ok(())
    }

    fn erase_expired_mail_secrets(&self, now: &str) -> StoreResult<usize> {
        self.c()
            .prepare_cached(
                "UPDATE outbox SET status = 'failed', \
                 last_error = 'not sent: its code expired before it could be delivered' \
                 WHERE status = 'pending' AND secret IS NOT NULL AND secret_expires_at <= ?1",
            )?
            .execute([now])?;
        Ok(self
            .c()
            .prepare_cached(
                "UPDATE outbox SET secret = NULL \
                 WHERE secret IS NOT NULL AND secret_expires_at <= ?1",
            )?
            .execute([now])?)
    }

    fn requeue_mail(&self, id: i64, now: &str) -> StoreResult<Result<OutboxMail, RetryRefusal>> {
        let row: Option<(String, String, Option<String>, Option<String>)> = self
            .c()
            .prepare_cached(
                "SELECT status, body, secret, secret_expires_at FROM outbox WHERE id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
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
        self.c()
            .prepare_cached(
                "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?2 \
                 WHERE id = ?1",
            )?
            .execute((id, now))?;
        Ok(Ok(self
            .c()
            .prepare_cached(&format!("SELECT {OUTBOX_COLS} FROM outbox WHERE id = ?1"))?
            .query_row([id], outbox_row)?))
    }

    fn failed_mail_ids(&self) -> StoreResult<Vec<i64>> {
        let mut st = self
            .c()
            .prepare_cached("SELECT id FROM outbox WHERE status = 'failed' ORDER BY id")?;
        let rows = st.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
