//! The catalog (macro area → area → section) and the contracts that enable sections for a
//! company.

use super::StoreResult;
use crate::wire::CatalogPath;

pub trait CatalogRepo {
    /// The section id of `path`, creating what is missing (names compared case-insensitively).
    fn ensure_catalog_path(&self, path: &CatalogPath) -> StoreResult<i64>;
    /// The whole catalog (None) or one company's contract, as (section id, path), sorted.
    fn catalog(&self, company: Option<i64>) -> StoreResult<Vec<(i64, CatalogPath)>>;
    /// Replaces the set of sections enabled for a company.
    /// The ids of a macro area and, if named, one of its areas (names compared without case).
    fn catalog_node(
        &self,
        macro_area: &str,
        area: Option<&str>,
    ) -> StoreResult<Option<(i64, Option<i64>)>>;
    /// The names of a catalog node.
    fn catalog_node_names(
        &self,
        macro_area: i64,
        area: Option<i64>,
    ) -> StoreResult<Option<(String, Option<String>)>>;
    fn set_contract(&self, company: i64, section_ids: &[i64]) -> StoreResult<()>;
    /// Every notice set on a node: (macro area, area, section, notice), the node's names as
    /// stored.
    fn catalog_notices(&self) -> StoreResult<Vec<NoticeRow>>;
    /// Sets (or with None clears) the notice of a macro area, an area or a section; false
    /// when the node does not exist.
    fn set_catalog_notice(
        &self,
        macro_area: &str,
        area: Option<&str>,
        section: Option<&str>,
        notice: Option<&str>,
    ) -> StoreResult<bool>;
}

/// A notice on a catalog node: its macro area, area (if below), section (if below), text.
pub type NoticeRow = (String, Option<String>, Option<String>, String);
