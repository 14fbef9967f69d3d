//! The statistics' aggregates on SQLite.

use super::SqliteTx;
use crate::server::store::StoreResult;
use crate::server::store::reports::{PerDay, ReportRepo};

impl SqliteTx<'_> {
    fn per_day(&self, sql: &str, since: &str) -> StoreResult<PerDay> {
        let mut st = self.c().prepare_cached(sql)?;
        let rows = st.query_map([since], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl ReportRepo for SqliteTx<'_> {
    fn opened_per_day(&self, since: &str) -> StoreResult<PerDay> {
        self.per_day(
            "SELECT substr(created_at, 1, 10), count(*) FROM tickets WHERE created_at >= ?1 \
             GROUP BY 1 ORDER BY 1",
            since,
        )
    }

    fn closed_per_day(&self, since: &str) -> StoreResult<PerDay> {
        self.per_day(
            "SELECT substr(closed_at, 1, 10), count(*) FROM tickets WHERE closed_at >= ?1 \
             GROUP BY 1 ORDER BY 1",
            since,
        )
    }

    fn first_replies(&self, since: &str) -> StoreResult<Vec<(String, Option<i64>)>> {
        let mut st = self.c().prepare_cached(
            "SELECT substr(created_at, 1, 10), \
             CAST(round((julianday(answered) - julianday(created_at)) * 1440) AS INTEGER) \
             FROM (SELECT t.created_at, (SELECT min(c.created_at) FROM comments c \
             WHERE c.ticket_id = t.id AND c.kind = 'reply') AS answered \
             FROM tickets t WHERE t.created_at >= ?1)",
        )?;
        let rows = st.query_map([since], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn closings(&self, since: &str) -> StoreResult<Vec<(String, i64)>> {
        let mut st = self.c().prepare_cached(
            "SELECT substr(closed_at, 1, 10), \
             CAST(round((julianday(closed_at) - julianday(created_at)) * 1440) AS INTEGER) \
             FROM tickets WHERE closed_at >= ?1",
        )?;
        let rows = st.query_map([since], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn minutes_spent(&self, since: &str) -> StoreResult<Vec<(String, String, String, i64)>> {
        let mut st = self.c().prepare_cached(
            "SELECT c.code, c.name, substr(m.created_at, 1, 7), -sum(m.minutes) \
             FROM package_movements m JOIN companies c ON c.id = m.company_id \
             WHERE m.kind = 'consumption' AND m.created_at >= ?1 \
             GROUP BY c.code, c.name, 3 ORDER BY c.code, 3",
        )?;
        let rows = st.query_map([since], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn opened_before(&self, state: &str, edges: &[String]) -> StoreResult<(i64, Vec<i64>)> {
        let all: i64 = self
            .c()
            .prepare_cached("SELECT count(*) FROM tickets WHERE state = ?1")?
            .query_row([state], |r| r.get(0))?;
        let mut st = self
            .c()
            .prepare_cached("SELECT count(*) FROM tickets WHERE state = ?1 AND created_at < ?2")?;
        let before = edges
            .iter()
            .map(|e| st.query_row([state, e.as_str()], |r| r.get(0)))
            .collect::<Result<_, _>>()?;
        Ok((all, before))
    }
}
