//! The catalog of macro areas, areas and sections, its notices and the contracts.

#[allow(clippy::wildcard_imports)]
use super::*;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CatalogMacroArea {
    pub name: String,
    /// The help desk's notice for requests in this macro area, shown by the new-ticket form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    pub areas: Vec<CatalogArea>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CatalogArea {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    pub sections: Vec<String>,
    /// Notices of sections, by section name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub section_notices: BTreeMap<String, String>,
}

/// Sets or clears the notice of a catalog node: a macro area, an area of it, or a section.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogNoticeRequest {
    #[schema(schema_with = schemas::line_200)]
    pub macro_area: String,
    #[serde(default)]
    #[schema(schema_with = schemas::line_200_or_null)]
    pub area: Option<String>,
    /// Needs `area`.
    #[serde(default)]
    #[schema(schema_with = schemas::line_200_or_null)]
    pub section: Option<String>,
    /// The text; null clears it.
    #[serde(default)]
    #[schema(schema_with = schemas::line_500_or_null)]
    pub notice: Option<String>,
}

/// One macro area → area → section triple.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogPath {
    #[schema(schema_with = schemas::line_200)]
    pub macro_area: String,
    #[schema(schema_with = schemas::line_200)]
    pub area: String,
    #[schema(schema_with = schemas::line_200)]
    pub section: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractRequest {
    /// The complete set of triples enabled for the company (replaces the current one).
    pub sections: Vec<CatalogPath>,
}

/// The query of `GET /catalog`, declared once (serde on both sides).
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CatalogQuery {
    /// Staff only: show this customer's contract instead of the whole catalog.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
}
