//! The reading areas: published items (documents, news, videos, fiscal notices, FAQ), who
//! they are for, and their files. Visibility is applied in SQL: a company sees the items
//! still published whose audience is everyone, names it, or is a catalog node its contract
//! includes.

use super::{NewAttachment, StoreResult};
use crate::domain::content::ContentKind;
use crate::wire::ContentFile;

/// Who a published item is for, with catalog nodes and customers as ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudienceRow {
    All,
    Customers(Vec<i64>),
    /// The contract includes a section under this macro area (and area, if given).
    Contract {
        macro_area: i64,
        area: Option<i64>,
    },
}

impl AudienceRow {
    /// The stored columns: `audience`, `macro_area_id`, `area_id`.
    pub fn columns(&self) -> (&'static str, Option<i64>, Option<i64>) {
        match self {
            AudienceRow::All => ("all", None, None),
            AudienceRow::Customers(_) => ("customers", None, None),
            AudienceRow::Contract { macro_area, area } => ("contract", Some(*macro_area), *area),
        }
    }
}

/// The `LIKE` patterns, over `' ' || terms || ' '`, of which one must match for `w`: a term
/// equal to one of its forms, or starting with it when the word is a prefix. (Forms are
/// letters and digits only: nothing to escape.)
pub fn term_patterns(w: &crate::domain::search::QueryWord) -> Vec<String> {
    w.forms
        .iter()
        .map(|f| {
            if f.prefix {
                format!("% {}%", f.text)
            } else {
                format!("% {} %", f.text)
            }
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct NewContent {
    pub kind: ContentKind,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub video_url: Option<String>,
    pub duration_seconds: Option<i64>,
    pub audience: AudienceRow,
    pub author_id: i64,
}

impl NewContent {
    /// What the item is found by ([`crate::domain::search::terms`] of title, summary, body).
    pub fn terms(&self) -> String {
        crate::domain::search::terms(&format!("{}\n{}\n{}", self.title, self.summary, self.body))
    }
}

#[derive(Debug, Clone)]
pub struct ContentRow {
    pub id: i64,
    pub kind: ContentKind,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub video_url: Option<String>,
    pub duration_seconds: Option<i64>,
    pub audience: AudienceRow,
    pub published_at: String,
    pub updated_at: String,
    pub unpublished_at: Option<String>,
    pub file_count: i64,
}

/// Whose eyes: the help desk sees everything (unpublished too), a company what is for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Staff,
    Company(i64),
}

#[derive(Debug, Clone)]
pub struct ContentFilter {
    pub kind: ContentKind,
    pub viewer: Viewer,
    /// Words that must all match the terms of title, summary and body
    /// ([`crate::domain::search`]).
    pub words: Vec<crate::domain::search::QueryWord>,
    /// Keyset cursor: only ids below.
    pub before: Option<i64>,
}

pub trait ContentRepo {
    fn insert_content(&self, c: &NewContent, now: &str) -> StoreResult<i64>;
    /// Replaces the item's fields (files stay).
    fn update_content(&self, id: i64, c: &NewContent, now: &str) -> StoreResult<()>;
    /// False when there was nothing published to unpublish.
    fn unpublish_content(&self, id: i64, now: &str) -> StoreResult<bool>;
    /// Newest first, up to `limit`.
    fn contents(&self, f: &ContentFilter, limit: i64) -> StoreResult<Vec<ContentRow>>;
    /// One item of `kind`, if `viewer` may see it.
    fn content(
        &self,
        kind: ContentKind,
        id: i64,
        viewer: Viewer,
    ) -> StoreResult<Option<ContentRow>>;
    fn insert_content_file(
        &self,
        content_id: i64,
        f: &NewAttachment,
        now: &str,
    ) -> StoreResult<i64>;
    fn content_files(&self, content_id: i64) -> StoreResult<Vec<ContentFile>>;
    fn content_file_data(
        &self,
        content_id: i64,
        file_id: i64,
    ) -> StoreResult<Option<(ContentFile, Vec<u8>)>>;
}
