//! The reading areas on PostgreSQL.

use postgres::Row;
use postgres::types::ToSql;

use super::PgTx;
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

/// Visible to company `$N`: still published, and for everyone, for it, or for its contract.
fn visible_to(p: usize) -> String {
    format!(
        " AND c.unpublished_at IS NULL AND (c.audience = 'all' \
         OR (c.audience = 'customers' AND EXISTS (SELECT 1 FROM content_customers cc \
             WHERE cc.content_id = c.id AND cc.company_id = ${p})) \
         OR (c.audience = 'contract' AND EXISTS (SELECT 1 FROM contract_sections cs \
             JOIN sections s ON s.id = cs.section_id JOIN areas a ON a.id = s.area_id \
             WHERE cs.company_id = ${p} AND a.macro_area_id = c.macro_area_id \
             AND (c.area_id IS NULL OR a.id = c.area_id))))"
    )
}

fn content_row(r: &Row) -> ContentRow {
    let kind: String = r.get(1);
    let audience: String = r.get(7);
    let audience = match audience.as_str() {
        "customers" => AudienceRow::Customers(Vec::new()),
        "contract" => AudienceRow::Contract {
            macro_area: r.get::<_, Option<i64>>(8).unwrap_or_default(),
            area: r.get(9),
        },
        _ => AudienceRow::All,
    };
    ContentRow {
        id: r.get(0),
        kind: ContentKind::parse(&kind).unwrap_or(ContentKind::Documents),
        title: r.get(2),
        summary: r.get(3),
        body: r.get(4),
        video_url: r.get(5),
        duration_seconds: r.get(6),
        audience,
        published_at: r.get(10),
        updated_at: r.get(11),
        unpublished_at: r.get(12),
        file_count: r.get(13),
    }
}

fn file_row(r: &Row) -> ContentFile {
    ContentFile {
        id: r.get(0),
        filename: r.get(1),
        content_type: r.get(2),
        size: r.get(3),
        sha256: r.get(4),
    }
}

impl PgTx<'_> {
    fn with_customers(&self, mut row: ContentRow) -> StoreResult<ContentRow> {
        if let AudienceRow::Customers(ids) = &mut row.audience {
            *ids = self
                .query(
                    "SELECT company_id FROM content_customers WHERE content_id = $1 ORDER BY company_id",
                    &[&row.id],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect();
        }
        Ok(row)
    }

    fn write_audience(&self, id: i64, a: &AudienceRow) -> StoreResult<()> {
        self.execute(
            "DELETE FROM content_customers WHERE content_id = $1",
            &[&id],
        )?;
        if let AudienceRow::Customers(ids) = a {
            for c in ids {
                self.execute(
                    "INSERT INTO content_customers (content_id, company_id) VALUES ($1, $2)",
                    &[&id, c],
                )?;
            }
        }
        Ok(())
    }
}

impl ContentRepo for PgTx<'_> {
    fn insert_content(&self, c: &NewContent, now: &str) -> StoreResult<i64> {
        let (aud, macro_area, area) = c.audience.columns();
        let id: i64 = self
            .query_one(
                "INSERT INTO contents (kind, title, summary, body, video_url, duration_seconds, \
                 audience, macro_area_id, area_id, author_id, published_at, updated_at, terms) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12) RETURNING id",
                &[
                    &c.kind.as_str(),
                    &c.title,
                    &c.summary,
                    &c.body,
                    &c.video_url,
                    &c.duration_seconds,
                    &aud,
                    &macro_area,
                    &area,
                    &c.author_id,
                    &now,
                    &c.terms(),
                ],
            )?
            .get(0);
        self.write_audience(id, &c.audience)?;
        Ok(id)
    }

    fn update_content(&self, id: i64, c: &NewContent, now: &str) -> StoreResult<()> {
        let (aud, macro_area, area) = c.audience.columns();
        self.execute(
            "UPDATE contents SET title = $2, summary = $3, body = $4, video_url = $5, \
             duration_seconds = $6, audience = $7, macro_area_id = $8, area_id = $9, \
             updated_at = $10, terms = $11 WHERE id = $1",
            &[
                &id,
                &c.title,
                &c.summary,
                &c.body,
                &c.video_url,
                &c.duration_seconds,
                &aud,
                &macro_area,
                &area,
                &now,
                &c.terms(),
            ],
        )?;
        self.write_audience(id, &c.audience)
    }

    fn unpublish_content(&self, id: i64, now: &str) -> StoreResult<bool> {
        Ok(self.execute(
            "UPDATE contents SET unpublished_at = $2, updated_at = $2 \
             WHERE id = $1 AND unpublished_at IS NULL",
            &[&id, &now],
        )? > 0)
    }

    fn contents(&self, f: &ContentFilter, limit: i64) -> StoreResult<Vec<ContentRow>> {
        let mut params: Vec<Box<dyn ToSql + Sync>> = vec![Box::new(f.kind.as_str().to_owned())];
        let mut sql = format!("SELECT {COLS} FROM contents c WHERE c.kind = $1");
        if let Viewer::Company(company) = f.viewer {
            params.push(Box::new(company));
            sql.push_str(&visible_to(params.len()));
        }
        for w in &f.words {
            let mut any = Vec::new();
            for pattern in term_patterns(w) {
                params.push(Box::new(pattern));
                any.push(format!("(' ' || c.terms || ' ') LIKE ${}", params.len()));
            }
            sql.push_str(&format!(" AND ({})", any.join(" OR ")));
        }
        if let Some(b) = f.before {
            params.push(Box::new(b));
            sql.push_str(&format!(" AND c.id < ${}", params.len()));
        }
        params.push(Box::new(limit));
        sql.push_str(&format!(" ORDER BY c.id DESC LIMIT ${}", params.len()));
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| &**p).collect();
        let rows: Vec<ContentRow> = self.query(&sql, &refs)?.iter().map(content_row).collect();
        rows.into_iter().map(|r| self.with_customers(r)).collect()
    }

    fn content(
        &self,
        kind: ContentKind,
        id: i64,
        viewer: Viewer,
    ) -> StoreResult<Option<ContentRow>> {
        let row = match viewer {
            Viewer::Staff => self.query_opt(
                &format!("SELECT {COLS} FROM contents c WHERE c.kind = $1 AND c.id = $2"),
                &[&kind.as_str(), &id],
            )?,
            Viewer::Company(company) => self.query_opt(
                &format!(
                    "SELECT {COLS} FROM contents c WHERE c.kind = $1 AND c.id = $2{}",
                    visible_to(3)
                ),
                &[&kind.as_str(), &id, &company],
            )?,
        };
        row.as_ref()
            .map(content_row)
            .map(|r| self.with_customers(r))
            .transpose()
    }

    fn insert_content_file(
        &self,
        content_id: i64,
        f: &NewAttachment,
        now: &str,
    ) -> StoreResult<i64> {
        let size = i64::try_from(f.data.len()).unwrap_or(i64::MAX);
        Ok(self
            .query_one(
                "INSERT INTO content_files (content_id, filename, content_type, size, sha256, data, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[
                    &content_id,
                    &f.filename,
                    &f.content_type,
                    &size,
                    &f.sha256,
                    &f.data,
                    &now,
                ],
            )?
            .get(0))
    }

    fn content_files(&self, content_id: i64) -> StoreResult<Vec<ContentFile>> {
        Ok(self
            .query(
                "SELECT id, filename, content_type, size, sha256 FROM content_files \
                 WHERE content_id = $1 ORDER BY id",
                &[&content_id],
            )?
            .iter()
            .map(file_row)
            .collect())
    }

    fn content_file_data(
        &self,
        content_id: i64,
        file_id: i64,
    ) -> StoreResult<Option<(ContentFile, Vec<u8>)>> {
        Ok(self
            .query_opt(
                "SELECT id, filename, content_type, size, sha256, data FROM content_files \
                 WHERE content_id = $1 AND id = $2",
                &[&content_id, &file_id],
            )?
            .map(|r| (file_row(&r), r.get(5))))
    }
}
