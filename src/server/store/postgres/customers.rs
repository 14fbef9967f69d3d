//! Customers on PostgreSQL.

use postgres::Row;

use super::{PgTx, unique};
use crate::server::store::{CompanyRow, CustomerRepo, StoreResult, Unique};

fn company_row(r: &Row) -> CompanyRow {
    CompanyRow {
        id: r.get(0),
        code: r.get(1),
        name: r.get(2),
        created_at: r.get(3),
        courses_subscription: r.get(4),
        standing: r.get(5),
        standing_message: r.get(6),
    }
}

impl CustomerRepo for PgTx<'_> {
    fn insert_company(&self, code: &str, name: &str, now: &str) -> StoreResult<i64> {
        Ok(self
            .query_one(
                "INSERT INTO companies (code, name, created_at) VALUES ($1, $2, $3) RETURNING id",
                &[&code, &name, &now],
            )
            .map_err(|e| unique(e, Unique::CustomerCode))?
            .get(0))
    }

    fn company_by_code(&self, code: &str) -> StoreResult<Option<CompanyRow>> {
        Ok(self
            .query_opt(
                "SELECT id, code, name, created_at, courses_subscription, standing, standing_message FROM companies WHERE lower(code) = lower($1)",
                &[&code],
            )?
            .as_ref()
            .map(company_row))
    }

    fn list_companies(&self) -> StoreResult<Vec<CompanyRow>> {
        Ok(self
            .query(
                "SELECT id, code, name, created_at, courses_subscription, standing, standing_message FROM companies ORDER BY code COLLATE \"C\"",
                &[],
            )?
            .iter()
            .map(company_row)
            .collect())
    }

    fn company_by_id(&self, id: i64) -> StoreResult<Option<CompanyRow>> {
        Ok(self
            .query_opt(
                "SELECT id, code, name, created_at, courses_subscription, standing, standing_message \
                 FROM companies WHERE id = $1",
                &[&id],
            )?
            .as_ref()
            .map(company_row))
    }

    fn set_standing(&self, id: i64, standing: &str, message: Option<&str>) -> StoreResult<()> {
        self.execute(
            "UPDATE companies SET standing = $2, standing_message = $3 WHERE id = $1",
            &[&id, &standing, &message],
        )?;
        Ok(())
    }
}
