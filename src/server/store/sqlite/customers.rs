//! Customers on SQLite.

use rusqlite::{OptionalExtension, Row};

use super::{SqliteTx, unique};
use crate::server::store::{CompanyRow, CustomerRepo, StoreResult, Unique};

fn company_row(r: &Row) -> rusqlite::Result<CompanyRow> {
    Ok(CompanyRow {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        created_at: r.get(3)?,
        courses_subscription: r.get(4)?,
        standing: r.get(5)?,
        standing_message: r.get(6)?,
    })
}

impl CustomerRepo for SqliteTx<'_> {
    fn insert_company(&self, code: &str, name: &str, now: &str) -> StoreResult<i64> {
        self.c()
            .prepare_cached("INSERT INTO companies (code, name, created_at) VALUES (?1, ?2, ?3)")?
            .execute((code, name, now))
            .map_err(|e| unique(e, Unique::CustomerCode))?;
        Ok(self.c().last_insert_rowid())
    }

    fn company_by_code(&self, code: &str) -> StoreResult<Option<CompanyRow>> {
        Ok(self
            .c()
            .prepare_cached("SELECT id, code, name, created_at, courses_subscription, standing, standing_message FROM companies WHERE code = ?1")?
            .query_row([code], company_row)
            .optional()?)
    }

    fn list_companies(&self) -> StoreResult<Vec<CompanyRow>> {
        let mut st = self
            .c()
            .prepare_cached("SELECT id, code, name, created_at, courses_subscription, standing, standing_message FROM companies ORDER BY code")?;
        let rows = st.query_map([], company_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn company_by_id(&self, id: i64) -> StoreResult<Option<CompanyRow>> {
        Ok(self
            .c()
            .prepare_cached(
                "SELECT id, code, name, created_at, courses_subscription, standing, standing_message \
                 FROM companies WHERE id = ?1",
            )?
            .query_row([id], company_row)
            .optional()?)
    }

    fn set_standing(&self, id: i64, standing: &str, message: Option<&str>) -> StoreResult<()> {
        self.c()
            .prepare_cached(
                "UPDATE companies SET standing = ?2, standing_message = ?3 WHERE id = ?1",
            )?
            .execute(rusqlite::params![id, standing, message])?;
        Ok(())
    }
}
