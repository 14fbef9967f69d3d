//! The SMART package on PostgreSQL. In a write transaction the balance is read under a lock
//! per company, so two replies cannot both spend the last minutes.

use super::{LOCK_BALANCE, PgTx};
use crate::server::store::{PackageRepo, StoreResult};
use crate::wire::PackageMovement;

impl PackageRepo for PgTx<'_> {
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
        self.execute(
            "INSERT INTO package_movements \
             (company_id, minutes, kind, ticket_id, note, by_user_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[&company, &minutes, &kind, &ticket_id, &note, &by, &now],
        )?;
        Ok(())
    }

    fn balance(&self, company: i64) -> StoreResult<i64> {
        if self.writing() {
            self.query_one(
                "SELECT pg_advisory_xact_lock($1, $2::INT)",
                &[&LOCK_BALANCE, &i32::try_from(company).unwrap_or(i32::MAX)],
            )?;
        }
        Ok(self
            .query_one(
                "SELECT coalesce(sum(minutes), 0)::BIGINT FROM package_movements \
                 WHERE company_id = $1",
                &[&company],
            )?
            .get(0))
    }

    fn has_movements(&self, company: i64) -> StoreResult<bool> {
        Ok(self
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM package_movements WHERE company_id = $1)",
                &[&company],
            )?
            .get(0))
    }

    fn movements(&self, company: i64) -> StoreResult<Vec<PackageMovement>> {
        Ok(self
            .query(
                "SELECT m.created_at, m.minutes, m.kind, m.ticket_id, m.note, u.account, m.order_id \
                 FROM package_movements m LEFT JOIN users u ON u.id = m.by_user_id \
                 WHERE m.company_id = $1 ORDER BY m.id DESC",
                &[&company],
            )?
            .iter()
            .map(|r| PackageMovement {
                at: r.get(0),
                minutes: r.get(1),
                kind: r.get(2),
                ticket: r.get(3),
                note: r.get(4),
                by: r.get(5),
                order: r.get(6),
            })
            .collect())
    }
}
