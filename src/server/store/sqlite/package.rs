//! The SMART package on SQLite.

use super::SqliteTx;
use crate::server::store::{PackageRepo, StoreResult};
use crate::wire::PackageMovement;

impl PackageRepo for SqliteTx<'_> {
    fn add_movement(
        &self,
        company: i64,
        minutes: i64,
        kind: &str,
        ticket_id: Option<i64>,
        note: Option<&str>,
        by: Option<i64>,
        now: &str,
    ) -> StoreResult<()> {
        self.c()
            .prepare_cached(
                "INSERT INTO package_movements \
                 (company_id, minutes, kind, ticket_id, note, by_user_id, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(rusqlite::params![
                company, minutes, kind, ticket_id, note, by, now
            ])?;
        Ok(())
    }

    fn balance(&self, company: i64) -> StoreResult<i64> {
        Ok(self
            .c()
            .prepare_cached(
                "SELECT coalesce(sum(minutes), 0) FROM package_movements WHERE company_id = ?1",
            )?
            .query_row([company], |r| r.get(0))?)
    }

    fn has_movements(&self, company: i64) -> StoreResult<bool> {
        Ok(self
            .c()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM package_movements WHERE company_id = ?1)",
            )?
            .query_row([company], |r| r.get(0))?)
    }

    fn movements(&self, company: i64) -> StoreResult<Vec<PackageMovement>> {
        let mut st = self.c().prepare_cached(
            "SELECT m.created_at, m.minutes, m.kind, m.ticket_id, m.note, u.account, m.order_id \
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
                order: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
