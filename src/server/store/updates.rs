//! Software updates: versions of a product (a macro area of the catalog) with release notes
//! and files, visible to the companies whose contract includes the product. Files are stored
//! in chunks of [`CHUNK`] bytes, written while an upload streams in (each chunk in its own
//! short transaction, so a long upload never holds the writer) and read back one by one.

use super::{StoreResult, Viewer};

/// Bytes per stored chunk of an update's file.
pub const CHUNK: usize = 1 << 20;

#[derive(Debug, Clone)]
pub struct NewUpdate {
    pub macro_area_id: i64,
    pub version: String,
    pub notes: String,
    pub author_id: i64,
}

#[derive(Debug, Clone)]
pub struct UpdateRow {
    pub id: i64,
    /// The product: the macro area's name.
    pub product: String,
    pub version: String,
    pub notes: String,
    pub published_at: String,
    pub unpublished_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateFileRow {
    pub id: i64,
    pub filename: String,
    pub size: i64,
    pub sha256: String,
}

#[derive(Debug, Clone)]
pub struct UpdateFilter {
    pub viewer: Viewer,
    /// Only this product (macro area id).
    pub product: Option<i64>,
    /// Only this version.
    pub version: Option<String>,
    /// Keyset cursor: only ids below.
    pub before: Option<i64>,
}

pub trait UpdateRepo {
    /// A file being uploaded, not yet part of any update.
    fn begin_update_file(&self, filename: &str, now: &str) -> StoreResult<i64>;
    fn put_update_chunk(&self, file_id: i64, seq: i64, data: &[u8]) -> StoreResult<()>;
    fn finish_update_file(&self, file_id: i64, size: i64, sha256: &str) -> StoreResult<()>;
    /// Removes files (and their chunks) that no update owns.
    fn discard_update_files(&self, file_ids: &[i64]) -> StoreResult<()>;
    /// Files of uploads cut short: not attached to an update and created before `before`.
    fn orphan_update_files(&self, before: &str) -> StoreResult<Vec<i64>>;
    fn update_version_exists(&self, macro_area_id: i64, version: &str) -> StoreResult<bool>;
    /// Publishes an update owning `file_ids`.
    fn insert_update(&self, u: &NewUpdate, file_ids: &[i64], now: &str) -> StoreResult<i64>;
    /// False when there was nothing published to unpublish.
    fn unpublish_update(&self, id: i64, now: &str) -> StoreResult<bool>;
    /// Newest first, up to `limit`.
    fn updates(&self, f: &UpdateFilter, limit: i64) -> StoreResult<Vec<UpdateRow>>;
    /// One update, if `viewer` may see it.
    fn update(&self, id: i64, viewer: Viewer) -> StoreResult<Option<UpdateRow>>;
    fn update_files(&self, update_id: i64) -> StoreResult<Vec<UpdateFileRow>>;
    fn update_chunk(&self, file_id: i64, seq: i64) -> StoreResult<Option<Vec<u8>>>;
}
