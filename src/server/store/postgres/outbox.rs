//! The outbox on PostgreSQL: workers of several instances claim due mail with
//! `FOR UPDATE SKIP LOCKED` and a lease, so each mail goes to one of them.

use postgres::Row;

use super::PgTx;
use crate::server::store::{MailRow, MailSecret, NewMail, OutboxRepo, RetryRefusal, StoreResult};
use crate::wire::OutboxMail;

const OUTBOX_COLS: &str =
    "id, to_addr, subject, kind, status, attempts, last_error, created_at, sent_at";

fn outbox_row(r: &Row) -> OutboxMail {
    OutboxMail {
        id: r.get(0),
        to: r.get(1),
        subject: r.get(2),
        kind: r.get(3),
        status: r.get(4),
        attempts: r.get(5),
        last_error: r.get(6),
        created_at: r.get(7),
        sent_at: r.get(8),
    }
}

impl OutboxRepo for PgTx<'_> {
    fn enqueue_mail(&self, m: &NewMail, now: &str) -> StoreResult<()> {
        self.execute(
            "INSERT INTO outbox (to_addr, subject, body, kind, next_attempt_at, created_at, \
             secret, secret_expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6, $7)",
            &[
                &m.to,
                &m.subject,
                &m.body,
                &m.kind,
                &now,
                &m.secret.as_ref().map(|s| s.value.as_str()),
                &m.secret.as_ref().map(|s| s.expires_at.as_str()),
            ],
        )?;
        Ok(())
    }

    fn list_outbox(&self, status: Option<&str>, limit: i64) -> StoreResult<Vec<OutboxMail>> {
        Ok(self
            .query(
                &format!(
                    "SELECT {OUTBOX_COLS} FROM outbox WHERE $1::TEXT IS NULL OR status = $1 \
                     ORDER BY id DESC LIMIT $2"
                ),
                &[&status, &limit],
            )?
            .iter()
            .map(outbox_row)
            .collect())
    }

    fn claim_due_mail(
        &self,
        now: &str,
        lease_until: &str,
        limit: i64,
    ) -> StoreResult<Vec<MailRow>> {
        let rows = self.query(
            "UPDATE outbox SET next_attempt_at = $2 WHERE id IN ( \
                SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 \
                ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) \
             RETURNING id, to_addr, subject, body, attempts, secret, secret_expires_at",
            &[&now, &lease_until, &limit],
        )?;
        let mut out: Vec<MailRow> = rows
            .iter()
            .map(|r| {
                let value: Option<String> = r.get(5);
                let expires_at: Option<String> = r.get(6);
                MailRow {
                    id: r.get(0),
                    to: r.get(1),
                    subject: r.get(2),
                    body: r.get(3),
                    attempts: r.get(4),
                    secret: value.map(|value| MailSecret {
                        value,
                        expires_at: expires_at.unwrap_or_default(),
                    }),
                }
            })
            .collect();
        out.sort_by_key(|m| m.id);
        Ok(out)
    }

    fn mark_mail_sent(&self, id: i64, now: &str) -> StoreResult<()> {
        self.execute(
            "UPDATE outbox SET status = 'sent', sent_at = $2, attempts = attempts + 1, \
             last_error = NULL, secret = NULL WHERE id = $1",
            &[&id, &now],
        )?;
        Ok(())
    }

    fn mark_mail_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: &str,
        give_up: bool,
    ) -> StoreResult<()> {
        self.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3, \
             status = CASE WHEN $4 THEN 'failed' ELSE 'pending' END WHERE id = $1",
            &[&id, &error, &next_attempt_at, &give_up],
        )?;
        Ok(())
    }

    fn erase_expired_mail_secrets(&self, now: &str) -> StoreResult<usize> {
        self.execute(
            "UPDATE outbox SET status = 'failed', \
             last_error = 'not sent: its code expired before it could be delivered' \
             WHERE status = 'pending' AND secret IS NOT NULL AND secret_expires_at <= $1",
            &[&now],
        )?;
        Ok(usize::try_from(self.execute(
            "UPDATE outbox SET secret = NULL WHERE secret IS NOT NULL AND secret_expires_at <= $1",
            &[&now],
        )?)
        .unwrap_or(usize::MAX))
    }

    fn requeue_mail(&self, id: i64, now: &str) -> StoreResult<Result<OutboxMail, RetryRefusal>> {
        let Some(row) = self.query_opt(
            "SELECT status, body, secret, secret_expires_at FROM outbox WHERE id = $1 FOR UPDATE",
            &[&id],
        )?
        else {
            return Ok(Err(RetryRefusal::NotFound));
        };
        let status: String = row.get(0);
        let body: String = row.get(1);
        let secret: Option<String> = row.get(2);
        let expires: Option<String> = row.get(3);
        if status == "sent" {
            return Ok(Err(RetryRefusal::AlreadySent));
        }
        let carries_code = body.contains(crate::server::mail::CODE_PLACEHOLDER);
        let code_alive = secret.is_some() && expires.as_deref().is_some_and(|e| e > now);
        if carries_code && !code_alive {
            return Ok(Err(RetryRefusal::CodeGone));
        }
        let row = self.query_one(
            &format!(
                "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2 \
                 WHERE id = $1 RETURNING {OUTBOX_COLS}"
            ),
            &[&id, &now],
        )?;
        Ok(Ok(outbox_row(&row)))
    }

    fn failed_mail_ids(&self) -> StoreResult<Vec<i64>> {
        Ok(self
            .query(
                "SELECT id FROM outbox WHERE status = 'failed' ORDER BY id",
                &[],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }
}
