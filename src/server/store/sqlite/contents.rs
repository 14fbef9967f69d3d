//! The reading areas on SQLite.

use rusqlite::types::Value as Sql;
use rusqlite::{OptionalExtension, Row};

use super::SqliteTx;
use crate::domain::content::ContentKind;
use crate::server::store::contents::term_patterns;
use crate::server::store::{
    AudienceRow, ContentFilter, ContentRepo, ContentRow, NewAttachment, NewContent, StoreResult,
    Viewer,
};
use crate::wire::ContentFile;

const COLS: &str = "c.id, c.kind, c.title, c.summary, c.body, c.video_url, c.duration_seconds, \
     c.audience, c.macro_area_id, c.area_id, c.published_at, c.updated_at, c.unpublished_at, \
     (SELECT count(*) FROM content_files f WHERE f.content_id = c.id)";

/// Visible to company `?N`: still published, and for everyone, for it, or for its contract.
fn visible_to(p: usize) -> String {
    format!(
        " AND c.unpublished_at IS NULL AND (c.audience = 'all' \
         OR (c.audience = 'customers' AND EXISTS (SELECT 1 FROM content_customers cc \
             WHERE cc.content_id = c.id AND cc.company_id = ?{p})) \
         OR (c.audience = 'contract' AND EXISTS (SELECT 1 FROM contract_sections cs \
             JOIN sections s ON s.id = cs.section_id JOIN areas a ON a.id = s.area_id \
             WHERE cs.company_id = ?{p} AND a.macro_area_id = c.macro_area_id \
             AND (c.area_id IS NULL OR a.id = c.area_id))))"
    )
}

fn content_row(r: &Row) -> rusqlite::Result<ContentRow> {
    let kind: String = r.get(1)?;
    let audience: String = r.get(7)?;
    let id: i64 = r.get(0)?;
    let audience = match audience.as_str() {
        "customers" => AudienceRow::Customers(Vec::new()),
        "contract" => AudienceRow::Contract {
            macro_area: r.get::<_, Option<i64>>(8)?.unwrap_or_default(),
            area: r.get(9)?,
        },
        _ => AudienceRow::All,
    };
    Ok(ContentRow {
        id,
        kind: ContentKind::parse(&kind).unwrap_or(ContentKind::Documents),
        title: r.get(2)?,
        summary: r.get(3)?,
        body: r.get(4)?,
        video_url: r.get(5)?,
        duration_seconds: r.get(6)?,
        audience,
        published_at: r.get(10)?,
        updated_at: r.get(11)?,
        unpublished_at: r.get(12)?,
        file_count: r.get(13)?,
    })
}

impl SqliteTx<'_> {
    /// Fills in the customers of a `customers` audience.
    fn with_customers(&self, mut row: ContentRow) -> StoreResult<ContentRow> {
        if let AudienceRow::Customers(ids) = &mut row.audience {
            *ids = self
                .c()
                .prepare_cached(
                    "SELECT company_id FROM content_customers WHERE content_id = ?1 ORDER BY company_id",
                )?
                .query_map([row.id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
        }
        Ok(row)
    }

    fn write_audience(&self, id: i64, a: &AudienceRow) -> StoreResult<()> {
        self.c()
            .prepare_cached("DELETE FROM content_customers WHERE content_id = ?1")?
            .execute([id])?;
        if let AudienceRow::Customers(ids) = a {
            let mut st = self.c().prepare_cached(
                "INSERT INTO content_customers (content_id, company_id) VALUES (?1, ?2)",
            )?;
            for c in ids {
                st.execute([id, *c])?;
            }
        }
        Ok(())
    }
}

impl ContentRepo for SqliteTx<'_> {
    fn insert_content(&self, c: &NewContent, now: &str) -> StoreResult<i64> {
        let (aud, macro_area, area) = c.audience.columns();
        self.c()
            .prepare_cached(
                "INSERT INTO contents (kind, title, summary, body, video_url, duration_seconds, \
                 audience, macro_area_id, area_id, author_id, published_at, updated_at, terms) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
            )?
            .execute(rusqlite::params![
                c.kind.as_str(),
                c.title,
                c.summary,
                c.body,
                c.video_url,
                c.duration_seconds,
                aud,
                macro_area,
                area,
                c.author_id,
                now,
                c.terms()
            ])?;
        let id = self.c().last_insert_rowid();
        self.write_audience(id, &c.audience)?;
        Ok(id)
    }

    fn update_content(&self, id: i64, c: &NewContent, now: &str) -> StoreResult<()> {
        let (aud, macro_area, area) = c.audience.columns();
        self.c()
            .prepare_cached(
                "UPDATE contents SET title = ?2, summary = ?3, body = ?4, video_url = ?5, \
                 duration_seconds = ?6, audience = ?7, macro_area_id = ?8, area_id = ?9, \
                 updated_at = ?10, terms = ?11 WHERE id = ?1",
            )?
            .execute(rusqlite::params![
                id,
                c.title,
                c.summary,
                c.body,
                c.video_url,
                c.duration_seconds,
                aud,
                macro_area,
                area,
                now,
                c.terms()
            ])?;
        self.write_audience(id, &c.audience)
    }

    fn unpublish_content(&self, id: i64, now: &str) -> StoreResult<bool> {
        Ok(self
            .c()
            .prepare_cached(
                "UPDATE contents SET unpublished_at = ?2, updated_at = ?2 \
                 WHERE id = ?1 AND unpublished_at IS NULL",
            )?
            .execute(rusqlite::params![id, now])?
            > 0)
    }

    fn contents(&self, f: &ContentFilter, limit: i64) -> StoreResult<Vec<ContentRow>> {
        let mut sql = format!("SELECT {COLS} FROM contents c WHERE c.kind = ?1");
        let mut params: Vec<Sql> = vec![Sql::Text(f.kind.as_str().to_owned())];
        if let Viewer::Company(company) = f.viewer {
            params.push(Sql::Integer(company));
            sql.push_str(&visible_to(params.len()));
        }
        for w in &f.words {
            let mut any = Vec::new();
            for pattern in term_patterns(w) {
                params.push(Sql::Text(pattern));
                any.push(format!("(' ' || c.terms || ' ') LIKE ?{}", params.len()));
            }
            sql.push_str(&format!(" AND ({})", any.join(" OR ")));
        }
        if let Some(b) = f.before {
            params.push(Sql::Integer(b));
            sql.push_str(&format!(" AND c.id < ?{}", params.len()));
        }
        params.push(Sql::Integer(limit));
        sql.push_str(&format!(" ORDER BY c.id DESC LIMIT ?{}", params.len()));
        let mut st = self.c().prepare_cached(&sql)?;
        let rows = st
            .query_map(rusqlite::params_from_iter(params), content_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(|r| self.with_customers(r)).collect()
    }

    fn content(
        &self,
        kind: ContentKind,
        id: i64,
        viewer: Viewer,
    ) -> StoreResult<Option<ContentRow>> {
        let (sql, params): (String, Vec<Sql>) = match viewer {
            Viewer::Staff => (
                format!("SELECT {COLS} FROM contents c WHERE c.kind = ?1 AND c.id = ?2"),
                vec![Sql::Text(kind.as_str().into()), Sql::Integer(id)],
            ),
            Viewer::Company(company) => (
                format!(
                    "SELECT {COLS} FROM contents c WHERE c.kind = ?1 AND c.id = ?2{}",
                    visible_to(3)
                ),
                vec![
                    Sql::Text(kind.as_str().into()),
                    Sql::Integer(id),
                    Sql::Integer(company),
                ],
            ),
        };
        let row = self
            .c()
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(params), content_row)
            .optional()?;
        row.map(|r| self.with_customers(r)).transpose()
    }

    fn insert_content_file(
        &self,
        content_id: i64,
        f: &NewAttachment,
        now: &str,
    ) -> StoreResult<i64> {
        self.c()
            .prepare_cached(
                "INSERT INTO content_files (content_id, filename, content_type, size, sha256, data, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(rusqlite::params![
                content_id,
                f.filename,
                f.content_type,
                i64::try_from(f.data.len()).unwrap_or(i64::MAX),
                f.sha256,
                f.data,
                now
            ])?;
        Ok(self.c().last_insert_rowid())
    }

    fn content_files(&self, content_id: i64) -> StoreResult<Vec<ContentFile>> {
        Ok(self
            .c()
            .prepare_cached(
                "SELECT id, filename, content_type, size, sha256 FROM content_files \
                 WHERE content_id = ?1 ORDER BY id",
            )?
            .query_map([content_id], |r| {
                Ok(ContentFile {
                    id: r.get(0)?,
                    filename: r.get(1)?,
                    content_type: r.get(2)?,
                    size: r.get(3)?,
                    sha256: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    fn content_file_data(
        &self,
        content_id: i64,
        file_id: i64,
    ) -> StoreResult<Option<(ContentFile, Vec<u8>)>> {
        Ok(self
            .c()
            .prepare_cached(
                "SELECT id, filename, content_type, size, sha256, data FROM content_files \
                 WHERE content_id = ?1 AND id = ?2",
            )?
            .query_row([content_id, file_id], |r| {
                Ok((
                    ContentFile {
                        id: r.get(0)?,
                        filename: r.get(1)?,
                        content_type: r.get(2)?,
                        size: r.get(3)?,
                        sha256: r.get(4)?,
                    },
                    r.get(5)?,
                ))
            })
            .optional()?)
    }
}
