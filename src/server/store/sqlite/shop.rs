//! The Store on SQLite.

use rusqlite::types::Value as Sql;
use rusqlite::{OptionalExtension, Row};

use super::{SqliteTx, unique};
use crate::server::store::{OfferRow, OrderFilter, OrderRow, ShopRepo, StoreResult, Unique};

const OFFER_COLS: &str = "id, code, name, minutes, price_cents, active";

fn offer_row(r: &Row) -> rusqlite::Result<OfferRow> {
    Ok(OfferRow {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        minutes: r.get(3)?,
        price_cents: r.get(4)?,
        active: r.get(5)?,
    })
}

const ORDER_COLS: &str = "o.id, o.company_id, c.code, o.user_id, u.account, p.code, p.name, \
     o.minutes, o.price_cents, o.status, o.reason, o.created_at, o.decided_at \
     FROM orders o JOIN companies c ON c.id = o.company_id JOIN users u ON u.id = o.user_id \
     JOIN store_packages p ON p.id = o.package_id";

fn order_row(r: &Row) -> rusqlite::Result<OrderRow> {
    Ok(OrderRow {
        id: r.get(0)?,
        company_id: r.get(1)?,
        customer_code: r.get(2)?,
        buyer_id: r.get(3)?,
        buyer_account: r.get(4)?,
        package_code: r.get(5)?,
        package_name: r.get(6)?,
        minutes: r.get(7)?,
        price_cents: r.get(8)?,
        status: r.get(9)?,
        reason: r.get(10)?,
        created_at: r.get(11)?,
        decided_at: r.get(12)?,
    })
}

impl ShopRepo for SqliteTx<'_> {
    fn offers(&self, include_inactive: bool) -> StoreResult<Vec<OfferRow>> {
        Ok(self
            .c()
            .prepare_cached(&format!(
                "SELECT {OFFER_COLS} FROM store_packages WHERE active = 1 OR ?1 \
                 ORDER BY price_cents, code"
            ))?
            .query_map([include_inactive], offer_row)?
            .collect::<Result<_, _>>()?)
    }

    fn offer_by_code(&self, code: &str) -> StoreResult<Option<OfferRow>> {
        Ok(self
            .c()
            .prepare_cached(&format!(
                "SELECT {OFFER_COLS} FROM store_packages WHERE code = ?1"
            ))?
            .query_row([code], offer_row)
            .optional()?)
    }

    fn insert_offer(&self, o: &OfferRow, now: &str) -> StoreResult<i64> {
        self.c()
            .prepare_cached(
                "INSERT INTO store_packages (code, name, minutes, price_cents, active, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            )?
            .execute(rusqlite::params![
                o.code,
                o.name,
                o.minutes,
                o.price_cents,
                o.active,
                now
            ])
            .map_err(|e| unique(e, Unique::Other))?;
        Ok(self.c().last_insert_rowid())
    }

    fn update_offer(&self, o: &OfferRow, now: &str) -> StoreResult<()> {
        self.c()
            .prepare_cached(
                "UPDATE store_packages SET name = ?2, minutes = ?3, price_cents = ?4, active = ?5, \
                 updated_at = ?6 WHERE id = ?1",
            )?
            .execute(rusqlite::params![
                o.id,
                o.name,
                o.minutes,
                o.price_cents,
                o.active,
                now
            ])?;
        Ok(())
    }

    fn insert_order(
        &self,
        company: i64,
        buyer: i64,
        offer: &OfferRow,
        now: &str,
    ) -> StoreResult<i64> {
        self.c()
            .prepare_cached(
                "INSERT INTO orders (company_id, user_id, package_id, minutes, price_cents, status, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6)",
            )?
            .execute(rusqlite::params![
                company,
                buyer,
                offer.id,
                offer.minutes,
                offer.price_cents,
                now
            ])?;
        Ok(self.c().last_insert_rowid())
    }

    fn orders(&self, f: &OrderFilter, limit: i64) -> StoreResult<Vec<OrderRow>> {
        let mut sql = format!("SELECT {ORDER_COLS} WHERE 1 = 1");
        let mut params: Vec<Sql> = Vec::new();
        if let Some(c) = f.company {
            params.push(Sql::Integer(c));
            sql.push_str(&format!(" AND o.company_id = ?{}", params.len()));
        }
        if let Some(s) = &f.status {
            params.push(Sql::Text(s.clone()));
            sql.push_str(&format!(" AND o.status = ?{}", params.len()));
        }
        if let Some(b) = f.before {
            params.push(Sql::Integer(b));
            sql.push_str(&format!(" AND o.id < ?{}", params.len()));
        }
        params.push(Sql::Integer(limit));
        sql.push_str(&format!(" ORDER BY o.id DESC LIMIT ?{}", params.len()));
        Ok(self
            .c()
            .prepare_cached(&sql)?
            .query_map(rusqlite::params_from_iter(params), order_row)?
            .collect::<Result<_, _>>()?)
    }

    fn order(&self, id: i64) -> StoreResult<Option<OrderRow>> {
        Ok(self
            .c()
            .prepare_cached(&format!("SELECT {ORDER_COLS} WHERE o.id = ?1"))?
            .query_row([id], order_row)
            .optional()?)
    }

    fn decide_order(
        &self,
        id: i64,
        status: &str,
        reason: Option<&str>,
        by: i64,
        now: &str,
    ) -> StoreResult<bool> {
        Ok(self
            .c()
            .prepare_cached(
                "UPDATE orders SET status = ?2, reason = ?3, decided_by = ?4, decided_at = ?5 \
                 WHERE id = ?1 AND status = 'pending'",
            )?
            .execute(rusqlite::params![id, status, reason, by, now])?
            > 0)
    }

    fn credit_order(&self, order: &OrderRow, by: i64, now: &str) -> StoreResult<()> {
        let note = format!("Store: {} (order {})", order.package_name, order.id);
        self.c()
            .prepare_cached(
                "INSERT INTO package_movements \
                 (company_id, minutes, kind, note, by_user_id, created_at, order_id) \
                 VALUES (?1, ?2, 'grant', ?3, ?4, ?5, ?6)",
            )?
            .execute(rusqlite::params![
                order.company_id,
                order.minutes,
                note,
                by,
                now,
                order.id
            ])?;
        Ok(())
    }
}
