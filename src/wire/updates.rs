//! Software updates and their files.

#[allow(clippy::wildcard_imports)]
use super::*;

/// One file of a software update.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UpdateFile {
    pub id: i64,
    pub filename: String,
    pub size: i64,
    /// Hex SHA-256 of the file's bytes, to verify a download.
    pub sha256: String,
}

/// A version of a product with its release notes and files.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SoftwareUpdate {
    pub id: i64,
    /// The product: a macro area of the catalog.
    pub product: String,
    pub version: String,
    pub published_at: String,
    /// False once unpublished (only the help desk sees those).
    pub published: bool,
    pub notes: String,
    pub files: Vec<UpdateFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UpdatePage {
    pub items: Vec<SoftwareUpdate>,
    pub has_more: bool,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// The `update` part of a publication (a multipart body whose `file` parts follow it).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishUpdateRequest {
    /// A macro area of the catalog.
    #[schema(schema_with = schemas::line_200)]
    pub product: String,
    #[schema(pattern = r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,49}$")]
    pub version: String,
    #[schema(schema_with = schemas::long_text)]
    pub notes: String,
}

/// The multipart body of a publication: the `update` part first, then the files.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUpload {
    pub update: PublishUpdateRequest,
    /// One to ten files of any type, up to 4 GiB each.
    #[schema(value_type = Vec<String>, format = Binary, min_items = 1, max_items = 10)]
    pub file: Vec<String>,
}

/// The query of `GET /updates`, declared once (serde on both sides).
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UpdateQuery {
    /// Only this product (a macro area of the catalog).
    #[param(pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Only this version (with `product`, at most one update).
    #[param(pattern = r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,49}$")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Items per page (1 to 200, default 50).
    #[param(minimum = 1, maximum = 200)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[0-9]{1,18}$")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}
