//! Catalog and contracts on SQLite.

use rusqlite::OptionalExtension;

use super::SqliteTx;
use crate::server::store::catalog::NoticeRow;
use crate::server::store::{CatalogRepo, StoreResult};
use crate::wire::CatalogPath;

impl CatalogRepo for SqliteTx<'_> {
    fn catalog_node(
        &self,
        macro_area: &str,
        area: Option<&str>,
    ) -> StoreResult<Option<(i64, Option<i64>)>> {
        let Some(ma) = self
            .c()
            .prepare_cached("SELECT id FROM macro_areas WHERE name = ?1 COLLATE NOCASE")?
            .query_row([macro_area.trim()], |r| r.get::<_, i64>(0))
            .optional()?
        else {
            return Ok(None);
        };
        let Some(area) = area else {
            return Ok(Some((ma, None)));
        };
        Ok(self
            .c()
            .prepare_cached(
                "SELECT id FROM areas WHERE macro_area_id = ?1 AND name = ?2 COLLATE NOCASE",
            )?
            .query_row((ma, area.trim()), |r| r.get::<_, i64>(0))
            .optional()?
            .map(|a| (ma, Some(a))))
    }

    fn catalog_node_names(
        &self,
        macro_area: i64,
        area: Option<i64>,
    ) -> StoreResult<Option<(String, Option<String>)>> {
        let Some(ma) = self
            .c()
            .prepare_cached("SELECT name FROM macro_areas WHERE id = ?1")?
            .query_row([macro_area], |r| r.get::<_, String>(0))
            .optional()?
        else {
            return Ok(None);
        };
        let area = match area {
            Some(a) => self
                .c()
                .prepare_cached("SELECT name FROM areas WHERE id = ?1")?
                .query_row([a], |r| r.get::<_, String>(0))
                .optional()?,
            None => None,
        };
        Ok(Some((ma, area)))
    }

    fn ensure_catalog_path(&self, p: &CatalogPath) -> StoreResult<i64> {
        let c = self.c();
        c.prepare_cached("INSERT INTO macro_areas (name) VALUES (?1) ON CONFLICT DO NOTHING")?
            .execute([&p.macro_area])?;
        let ma: i64 = c
            .prepare_cached("SELECT id FROM macro_areas WHERE name = ?1")?
            .query_row([&p.macro_area], |r| r.get(0))?;
        c.prepare_cached(
            "INSERT INTO areas (macro_area_id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?
        .execute((ma, &p.area))?;
        let a: i64 = c
            .prepare_cached("SELECT id FROM areas WHERE macro_area_id = ?1 AND name = ?2")?
            .query_row((ma, &p.area), |r| r.get(0))?;
        c.prepare_cached(
            "INSERT INTO sections (area_id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?
        .execute((a, &p.section))?;
        Ok(
            c.prepare_cached("SELECT id FROM sections WHERE area_id = ?1 AND name = ?2")?
                .query_row((a, &p.section), |r| r.get(0))?,
        )
    }

    fn catalog(&self, company: Option<i64>) -> StoreResult<Vec<(i64, CatalogPath)>> {
        let mut st = self.c().prepare_cached(
            "SELECT s.id, ma.name, a.name, s.name FROM sections s \
             JOIN areas a ON a.id = s.area_id JOIN macro_areas ma ON ma.id = a.macro_area_id \
             WHERE ?1 IS NULL \
                OR s.id IN (SELECT section_id FROM contract_sections WHERE company_id = ?1) \
             ORDER BY ma.name, a.name, s.name",
        )?;
        let rows = st.query_map([company], |r| {
            Ok((
                r.get(0)?,
                CatalogPath {
                    macro_area: r.get(1)?,
                    area: r.get(2)?,
                    section: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn set_contract(&self, company: i64, section_ids: &[i64]) -> StoreResult<()> {
        self.c()
            .prepare_cached("DELETE FROM contract_sections WHERE company_id = ?1")?
            .execute([company])?;
        let mut st = self.c().prepare_cached(
            "INSERT INTO contract_sections (company_id, section_id) VALUES (?1, ?2) \
             ON CONFLICT DO NOTHING",
        )?;
        for s in section_ids {
            st.execute((company, s))?;
        }
        Ok(())
    }
    fn catalog_notices(&self) -> StoreResult<Vec<NoticeRow>> {
        Ok(self
            .c()
            .prepare_cached(
                "SELECT m.name, NULL, NULL, m.notice FROM macro_areas m WHERE m.notice IS NOT NULL \
                 UNION ALL SELECT m.name, a.name, NULL, a.notice FROM areas a \
                 JOIN macro_areas m ON m.id = a.macro_area_id WHERE a.notice IS NOT NULL \
                 UNION ALL SELECT m.name, a.name, s.name, s.notice FROM sections s \
                 JOIN areas a ON a.id = s.area_id JOIN macro_areas m ON m.id = a.macro_area_id \
                 WHERE s.notice IS NOT NULL",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?)
    }

    fn set_catalog_notice(
        &self,
        macro_area: &str,
        area: Option<&str>,
        section: Option<&str>,
        notice: Option<&str>,
    ) -> StoreResult<bool> {
        let Some((m, a)) = self.catalog_node(macro_area, area)? else {
            return Ok(false);
        };
        let n = match (a, section) {
            (None, _) => self
                .c()
                .prepare_cached("UPDATE macro_areas SET notice = ?2 WHERE id = ?1")?
                .execute(rusqlite::params![m, notice])?,
            (Some(a), None) => self
                .c()
                .prepare_cached("UPDATE areas SET notice = ?2 WHERE id = ?1")?
                .execute(rusqlite::params![a, notice])?,
            (Some(a), Some(s)) => self
                .c()
                .prepare_cached(
                    "UPDATE sections SET notice = ?3 WHERE area_id = ?1 AND name = ?2 COLLATE NOCASE",
                )?
                .execute(rusqlite::params![a, s.trim(), notice])?,
        };
        Ok(n > 0)
    }
}
