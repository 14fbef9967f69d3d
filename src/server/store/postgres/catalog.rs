//! Catalog and contracts on PostgreSQL.

use super::PgTx;
use crate::server::store::catalog::NoticeRow;
use crate::server::store::{CatalogRepo, StoreResult};
use crate::wire::CatalogPath;

impl CatalogRepo for PgTx<'_> {
    fn catalog_node(
        &self,
        macro_area: &str,
        area: Option<&str>,
    ) -> StoreResult<Option<(i64, Option<i64>)>> {
        let Some(ma) = self
            .query_opt(
                "SELECT id FROM macro_areas WHERE lower(name) = lower($1)",
                &[&macro_area.trim()],
            )?
            .map(|r| r.get::<_, i64>(0))
        else {
            return Ok(None);
        };
        let Some(area) = area else {
            return Ok(Some((ma, None)));
        };
        Ok(self
            .query_opt(
                "SELECT id FROM areas WHERE macro_area_id = $1 AND lower(name) = lower($2)",
                &[&ma, &area.trim()],
            )?
            .map(|r| (ma, Some(r.get::<_, i64>(0)))))
    }

    fn catalog_node_names(
        &self,
        macro_area: i64,
        area: Option<i64>,
    ) -> StoreResult<Option<(String, Option<String>)>> {
        let Some(ma) = self
            .query_opt("SELECT name FROM macro_areas WHERE id = $1", &[&macro_area])?
            .map(|r| r.get::<_, String>(0))
        else {
            return Ok(None);
        };
        let area = match area {
            Some(a) => self
                .query_opt("SELECT name FROM areas WHERE id = $1", &[&a])?
                .map(|r| r.get::<_, String>(0)),
            None => None,
        };
        Ok(Some((ma, area)))
    }

    fn ensure_catalog_path(&self, p: &CatalogPath) -> StoreResult<i64> {
        self.execute(
            "INSERT INTO macro_areas (name) VALUES ($1) ON CONFLICT DO NOTHING",
            &[&p.macro_area],
        )?;
        let ma: i64 = self
            .query_one(
                "SELECT id FROM macro_areas WHERE lower(name) = lower($1)",
                &[&p.macro_area],
            )?
            .get(0);
        self.execute(
            "INSERT INTO areas (macro_area_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&ma, &p.area],
        )?;
        let a: i64 = self
            .query_one(
                "SELECT id FROM areas WHERE macro_area_id = $1 AND lower(name) = lower($2)",
                &[&ma, &p.area],
            )?
            .get(0);
        self.execute(
            "INSERT INTO sections (area_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&a, &p.section],
        )?;
        Ok(self
            .query_one(
                "SELECT id FROM sections WHERE area_id = $1 AND lower(name) = lower($2)",
                &[&a, &p.section],
            )?
            .get(0))
    }

    fn catalog(&self, company: Option<i64>) -> StoreResult<Vec<(i64, CatalogPath)>> {
        Ok(self
            .query(
                "SELECT s.id, ma.name, a.name, s.name FROM sections s \
                 JOIN areas a ON a.id = s.area_id JOIN macro_areas ma ON ma.id = a.macro_area_id \
                 WHERE $1::BIGINT IS NULL \
                    OR s.id IN (SELECT section_id FROM contract_sections WHERE company_id = $1) \
                 ORDER BY lower(ma.name) COLLATE \"C\", lower(a.name) COLLATE \"C\", \
                 lower(s.name) COLLATE \"C\"",
                &[&company],
            )?
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    CatalogPath {
                        macro_area: r.get(1),
                        area: r.get(2),
                        section: r.get(3),
                    },
                )
            })
            .collect())
    }

    fn set_contract(&self, company: i64, section_ids: &[i64]) -> StoreResult<()> {
        self.execute(
            "DELETE FROM contract_sections WHERE company_id = $1",
            &[&company],
        )?;
        for s in section_ids {
            self.execute(
                "INSERT INTO contract_sections (company_id, section_id) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING",
                &[&company, s],
            )?;
        }
        Ok(())
    }
    fn catalog_notices(&self) -> StoreResult<Vec<NoticeRow>> {
        Ok(self
            .query(
                "SELECT m.name, NULL::TEXT, NULL::TEXT, m.notice FROM macro_areas m WHERE m.notice IS NOT NULL \
                 UNION ALL SELECT m.name, a.name, NULL, a.notice FROM areas a \
                 JOIN macro_areas m ON m.id = a.macro_area_id WHERE a.notice IS NOT NULL \
                 UNION ALL SELECT m.name, a.name, s.name, s.notice FROM sections s \
                 JOIN areas a ON a.id = s.area_id JOIN macro_areas m ON m.id = a.macro_area_id \
                 WHERE s.notice IS NOT NULL",
                &[],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect())
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
            (None, _) => self.execute(
                "UPDATE macro_areas SET notice = $2 WHERE id = $1",
                &[&m, &notice],
            )?,
            (Some(a), None) => {
                self.execute("UPDATE areas SET notice = $2 WHERE id = $1", &[&a, &notice])?
            }
            (Some(a), Some(s)) => self.execute(
                "UPDATE sections SET notice = $3 WHERE area_id = $1 AND lower(name) = lower($2)",
                &[&a, &s.trim(), &notice],
            )?,
        };
        Ok(n > 0)
    }
}
