//! The statistics' aggregates on PostgreSQL.

use super::PgTx;
use crate::server::store::StoreResult;
use crate::server::store::reports::{PerDay, ReportRepo};

impl PgTx<'_> {
    fn per_day(&self, sql: &str, since: &str) -> StoreResult<PerDay> {
        Ok(self
            .query(sql, &[&since])?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }
}

impl ReportRepo for PgTx<'_> {
    fn opened_per_day(&self, since: &str) -> StoreResult<PerDay> {
        self.per_day(
            "SELECT substr(created_at, 1, 10), count(*) FROM tickets WHERE created_at >= $1 \
             GROUP BY 1 ORDER BY 1",
            since,
        )
    }

    fn closed_per_day(&self, since: &str) -> StoreResult<PerDay> {
        self.per_day(
            "SELECT substr(closed_at, 1, 10), count(*) FROM tickets WHERE closed_at >= $1 \
             GROUP BY 1 ORDER BY 1",
            since,
        )
    }

    fn first_replies(&self, since: &str) -> StoreResult<Vec<(String, Option<i64>)>> {
        Ok(self
            .query(
                "SELECT substr(created_at, 1, 10), \
                 round(EXTRACT(EPOCH FROM (answered::timestamptz - created_at::timestamptz)) \
                 / 60)::BIGINT \
                 FROM (SELECT t.created_at, (SELECT min(c.created_at) FROM comments c \
                 WHERE c.ticket_id = t.id AND c.kind = 'reply') AS answered \
                 FROM tickets t WHERE t.created_at >= $1) x",
                &[&since],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    fn closings(&self, since: &str) -> StoreResult<Vec<(String, i64)>> {
        Ok(self
            .query(
                "SELECT substr(closed_at, 1, 10), \
                 round(EXTRACT(EPOCH FROM (closed_at::timestamptz - created_at::timestamptz)) \
                 / 60)::BIGINT \
                 FROM tickets WHERE closed_at >= $1",
                &[&since],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    fn minutes_spent(&self, since: &str) -> StoreResult<Vec<(String, String, String, i64)>> {
        Ok(self
            .query(
                "SELECT c.code, c.name, substr(m.created_at, 1, 7), (-sum(m.minutes))::BIGINT \
                 FROM package_movements m JOIN companies c ON c.id = m.company_id \
                 WHERE m.kind = 'consumption' AND m.created_at >= $1 \
                 GROUP BY c.code, c.name, 3 ORDER BY c.code, 3",
                &[&since],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect())
    }

    fn opened_before(&self, state: &str, edges: &[String]) -> StoreResult<(i64, Vec<i64>)> {
        let all: i64 = self
            .query_one("SELECT count(*) FROM tickets WHERE state = $1", &[&state])?
            .get(0);
        let before = self
            .query(
                "SELECT (SELECT count(*) FROM tickets WHERE state = $1 AND created_at < e) \
                 FROM unnest($2::TEXT[]) WITH ORDINALITY AS u(e, i) ORDER BY i",
                &[&state, &edges],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        Ok((all, before))
    }
}
