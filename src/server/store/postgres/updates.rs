//! Software updates on PostgreSQL.

use postgres::Row;
use postgres::types::ToSql;

use super::PgTx;
use crate::server::store::{
    NewUpdate, StoreResult, UpdateFileRow, UpdateFilter, UpdateRepo, UpdateRow, Viewer,
};

const COLS: &str = "u.id, m.name, u.version, u.notes, u.published_at, u.unpublished_at FROM updates u \
     JOIN macro_areas m ON m.id = u.macro_area_id";

/// Visible to company `$N`: published, and its contract includes the product.
fn visible_to(p: usize) -> String {
    format!(
        " AND u.unpublished_at IS NULL AND EXISTS (SELECT 1 FROM contract_sections cs \
         JOIN sections s ON s.id = cs.section_id JOIN areas a ON a.id = s.area_id \
         WHERE cs.company_id = ${p} AND a.macro_area_id = u.macro_area_id)"
    )
}

fn update_row(r: &Row) -> UpdateRow {
    UpdateRow {
        id: r.get(0),
        product: r.get(1),
        version: r.get(2),
        notes: r.get(3),
        published_at: r.get(4),
        unpublished_at: r.get(5),
    }
}

impl UpdateRepo for PgTx<'_> {
    fn begin_update_file(&self, filename: &str, now: &str) -> StoreResult<i64> {
        Ok(self
            .query_one(
                "INSERT INTO update_files (filename, created_at) VALUES ($1, $2) RETURNING id",
                &[&filename, &now],
            )?
            .get(0))
    }

    fn put_update_chunk(&self, file_id: i64, seq: i64, data: &[u8]) -> StoreResult<()> {
        self.execute(
            "INSERT INTO update_chunks (file_id, seq, data) VALUES ($1, $2, $3)",
            &[&file_id, &seq, &data],
        )?;
        Ok(())
    }

    fn finish_update_file(&self, file_id: i64, size: i64, sha256: &str) -> StoreResult<()> {
        self.execute(
            "UPDATE update_files SET size = $2, sha256 = $3 WHERE id = $1",
            &[&file_id, &size, &sha256],
        )?;
        Ok(())
    }

    fn discard_update_files(&self, file_ids: &[i64]) -> StoreResult<()> {
        for id in file_ids {
            self.execute("DELETE FROM update_chunks WHERE file_id = $1", &[id])?;
            self.execute(
                "DELETE FROM update_files WHERE id = $1 AND update_id IS NULL",
                &[id],
            )?;
        }
        Ok(())
    }

    fn orphan_update_files(&self, before: &str) -> StoreResult<Vec<i64>> {
        Ok(self
            .query(
                "SELECT id FROM update_files WHERE update_id IS NULL AND created_at < $1",
                &[&before],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn update_version_exists(&self, macro_area_id: i64, version: &str) -> StoreResult<bool> {
        Ok(self
            .query_opt(
                "SELECT 1 FROM updates WHERE macro_area_id = $1 AND version = $2",
                &[&macro_area_id, &version],
            )?
            .is_some())
    }

    fn insert_update(&self, u: &NewUpdate, file_ids: &[i64], now: &str) -> StoreResult<i64> {
        let id: i64 = self
            .query_one(
                "INSERT INTO updates (macro_area_id, version, notes, author_id, published_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
                &[&u.macro_area_id, &u.version, &u.notes, &u.author_id, &now],
            )?
            .get(0);
        for f in file_ids {
            self.execute(
                "UPDATE update_files SET update_id = $1 WHERE id = $2",
                &[&id, f],
            )?;
        }
        Ok(id)
    }

    fn unpublish_update(&self, id: i64, now: &str) -> StoreResult<bool> {
        Ok(self.execute(
            "UPDATE updates SET unpublished_at = $2 WHERE id = $1 AND unpublished_at IS NULL",
            &[&id, &now],
        )? > 0)
    }

    fn updates(&self, f: &UpdateFilter, limit: i64) -> StoreResult<Vec<UpdateRow>> {
        let mut sql = format!("SELECT {COLS} WHERE 1 = 1");
        let company;
        let product;
        let before;
        let mut params: Vec<&(dyn ToSql + Sync)> = Vec::new();
        if let Viewer::Company(c) = f.viewer {
            company = c;
            params.push(&company);
            sql.push_str(&visible_to(params.len()));
        }
        if let Some(p) = f.product {
            product = p;
            params.push(&product);
            sql.push_str(&format!(" AND u.macro_area_id = ${}", params.len()));
        }
        if let Some(v) = &f.version {
            params.push(v);
            sql.push_str(&format!(" AND u.version = ${}", params.len()));
        }
        if let Some(b) = f.before {
            before = b;
            params.push(&before);
            sql.push_str(&format!(" AND u.id < ${}", params.len()));
        }
        params.push(&limit);
        sql.push_str(&format!(" ORDER BY u.id DESC LIMIT ${}", params.len()));
        Ok(self.query(&sql, &params)?.iter().map(update_row).collect())
    }

    fn update(&self, id: i64, viewer: Viewer) -> StoreResult<Option<UpdateRow>> {
        let mut sql = format!("SELECT {COLS} WHERE u.id = $1");
        let company;
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&id];
        if let Viewer::Company(c) = viewer {
            company = c;
            params.push(&company);
            sql.push_str(&visible_to(2));
        }
        Ok(self.query_opt(&sql, &params)?.as_ref().map(update_row))
    }

    fn update_files(&self, update_id: i64) -> StoreResult<Vec<UpdateFileRow>> {
        Ok(self
            .query(
                "SELECT id, filename, size, sha256 FROM update_files WHERE update_id = $1 ORDER BY id",
                &[&update_id],
            )?
            .iter()
            .map(|r| UpdateFileRow {
                id: r.get(0),
                filename: r.get(1),
                size: r.get(2),
                sha256: r.get(3),
            })
            .collect())
    }

    fn update_chunk(&self, file_id: i64, seq: i64) -> StoreResult<Option<Vec<u8>>> {
        Ok(self
            .query_opt(
                "SELECT data FROM update_chunks WHERE file_id = $1 AND seq = $2",
                &[&file_id, &seq],
            )?
            .map(|r| r.get(0)))
    }
}
