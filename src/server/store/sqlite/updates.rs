//! Software updates on SQLite.

use rusqlite::types::Value as Sql;
use rusqlite::{OptionalExtension, Row};

use super::SqliteTx;
use crate::server::store::{
    NewUpdate, StoreResult, UpdateFileRow, UpdateFilter, UpdateRepo, UpdateRow, Viewer,
};

const COLS: &str = "u.id, m.name, u.version, u.notes, u.published_at, u.unpublished_at FROM updates u \
     JOIN macro_areas m ON m.id = u.macro_area_id";

/// Visible to company `?N`: published, and its contract includes the product.
fn visible_to(p: usize) -> String {
    format!(
        " AND u.unpublished_at IS NULL AND EXISTS (SELECT 1 FROM contract_sections cs \
         JOIN sections s ON s.id = cs.section_id JOIN areas a ON a.id = s.area_id \
         WHERE cs.company_id = ?{p} AND a.macro_area_id = u.macro_area_id)"
    )
}

fn update_row(r: &Row) -> rusqlite::Result<UpdateRow> {
    Ok(UpdateRow {
        id: r.get(0)?,
        product: r.get(1)?,
        version: r.get(2)?,
        notes: r.get(3)?,
        published_at: r.get(4)?,
        unpublished_at: r.get(5)?,
    })
}

impl UpdateRepo for SqliteTx<'_> {
    fn begin_update_file(&self, filename: &str, now: &str) -> StoreResult<i64> {
        self.c()
            .prepare_cached("INSERT INTO update_files (filename, created_at) VALUES (?1, ?2)")?
            .execute(rusqlite::params![filename, now])?;
        Ok(self.c().last_insert_rowid())
    }

    fn put_update_chunk(&self, file_id: i64, seq: i64, data: &[u8]) -> StoreResult<()> {
        self.c()
            .prepare_cached("INSERT INTO update_chunks (file_id, seq, data) VALUES (?1, ?2, ?3)")?
            .execute(rusqlite::params![file_id, seq, data])?;
        Ok(())
    }

    fn finish_update_file(&self, file_id: i64, size: i64, sha256: &str) -> StoreResult<()> {
        self.c()
            .prepare_cached("UPDATE update_files SET size = ?2, sha256 = ?3 WHERE id = ?1")?
            .execute(rusqlite::params![file_id, size, sha256])?;
        Ok(())
    }

    fn discard_update_files(&self, file_ids: &[i64]) -> StoreResult<()> {
        for id in file_ids {
            self.c()
                .prepare_cached("DELETE FROM update_chunks WHERE file_id = ?1")?
                .execute([id])?;
            self.c()
                .prepare_cached("DELETE FROM update_files WHERE id = ?1 AND update_id IS NULL")?
                .execute([id])?;
        }
        Ok(())
    }

    fn orphan_update_files(&self, before: &str) -> StoreResult<Vec<i64>> {
        Ok(self
            .c()
            .prepare_cached(
                "SELECT id FROM update_files WHERE update_id IS NULL AND created_at < ?1",
            )?
            .query_map([before], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    fn update_version_exists(&self, macro_area_id: i64, version: &str) -> StoreResult<bool> {
        Ok(self
            .c()
            .prepare_cached("SELECT 1 FROM updates WHERE macro_area_id = ?1 AND version = ?2")?
            .query_row(rusqlite::params![macro_area_id, version], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn insert_update(&self, u: &NewUpdate, file_ids: &[i64], now: &str) -> StoreResult<i64> {
        self.c()
            .prepare_cached(
                "INSERT INTO updates (macro_area_id, version, notes, author_id, published_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(rusqlite::params![
                u.macro_area_id,
                u.version,
                u.notes,
                u.author_id,
                now
            ])?;
        let id = self.c().last_insert_rowid();
        for f in file_ids {
            self.c()
                .prepare_cached("UPDATE update_files SET update_id = ?1 WHERE id = ?2")?
                .execute([id, *f])?;
        }
        Ok(id)
    }

    fn unpublish_update(&self, id: i64, now: &str) -> StoreResult<bool> {
        Ok(self
            .c()
            .prepare_cached(
                "UPDATE updates SET unpublished_at = ?2 WHERE id = ?1 AND unpublished_at IS NULL",
            )?
            .execute(rusqlite::params![id, now])?
            > 0)
    }

    fn updates(&self, f: &UpdateFilter, limit: i64) -> StoreResult<Vec<UpdateRow>> {
        let mut sql = format!("SELECT {COLS} WHERE 1 = 1");
        let mut params: Vec<Sql> = Vec::new();
        if let Viewer::Company(company) = f.viewer {
            params.push(Sql::Integer(company));
            sql.push_str(&visible_to(params.len()));
        }
        if let Some(p) = f.product {
            params.push(Sql::Integer(p));
            sql.push_str(&format!(" AND u.macro_area_id = ?{}", params.len()));
        }
        if let Some(v) = &f.version {
            params.push(Sql::Text(v.clone()));
            sql.push_str(&format!(" AND u.version = ?{}", params.len()));
        }
        if let Some(b) = f.before {
            params.push(Sql::Integer(b));
            sql.push_str(&format!(" AND u.id < ?{}", params.len()));
        }
        params.push(Sql::Integer(limit));
        sql.push_str(&format!(" ORDER BY u.id DESC LIMIT ?{}", params.len()));
        let mut st = self.c().prepare_cached(&sql)?;
        Ok(st
            .query_map(rusqlite::params_from_iter(params), update_row)?
            .collect::<Result<Vec<_>, _>>()?)
    }

    fn update(&self, id: i64, viewer: Viewer) -> StoreResult<Option<UpdateRow>> {
        let mut sql = format!("SELECT {COLS} WHERE u.id = ?1");
        let mut params = vec![Sql::Integer(id)];
        if let Viewer::Company(company) = viewer {
            params.push(Sql::Integer(company));
            sql.push_str(&visible_to(2));
        }
        Ok(self
            .c()
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(params), update_row)
            .optional()?)
    }

    fn update_files(&self, update_id: i64) -> StoreResult<Vec<UpdateFileRow>> {
        Ok(self
            .c()
            .prepare_cached(
                "SELECT id, filename, size, sha256 FROM update_files WHERE update_id = ?1 ORDER BY id",
            )?
            .query_map([update_id], |r| {
                Ok(UpdateFileRow {
                    id: r.get(0)?,
                    filename: r.get(1)?,
                    size: r.get(2)?,
                    sha256: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    fn update_chunk(&self, file_id: i64, seq: i64) -> StoreResult<Option<Vec<u8>>> {
        Ok(self
            .c()
            .prepare_cached("SELECT data FROM update_chunks WHERE file_id = ?1 AND seq = ?2")?
            .query_row([file_id, seq], |r| r.get(0))
            .optional()?)
    }
}
