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

    fn first_replies(&self, since: &str) -> StoreResult<Vec<(String, Option<String>)>> {
        let mut st = self.c().prepare_cached(
            "SELECT t.created_at, (SELECT min(c.created_at) FROM comments c \
             WHERE c.ticket_id = t.id AND c.kind = 'reply') \
             FROM tickets t WHERE t.created_at >= ?1",
        )?;
        let rows = st.query_map([since], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn closings(&self, since: &str) -> StoreResult<Vec<(String, String)>> {
        let mut st = self
            .c()
            .prepare_cached("SELECT created_at, closed_at FROM tickets WHERE closed_at >= ?1")?;
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

    fn waiting_by_age(&self, e: &[String; 5]) -> StoreResult<Vec<(String, [i64; 6])>> {
        let mut st = self.c().prepare_cached(
            "SELECT state, \
             sum(created_at >= ?1), \
             sum(created_at < ?1 AND created_at >= ?2), \
             sum(created_at < ?2 AND created_at >= ?3), \
             sum(created_at < ?3 AND created_at >= ?4), \
             sum(created_at < ?4 AND created_at >= ?5), \
             sum(created_at < ?5) \
             FROM tickets WHERE state IN ('inserito', 'in_carico') GROUP BY state",
        )?;
        let rows = st.query_map(rusqlite::params![e[0], e[1], e[2], e[3], e[4]], |r| {
            Ok((
                r.get(0)?,
                [
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ],
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
