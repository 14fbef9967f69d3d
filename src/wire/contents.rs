//! The reading areas: documents, news, videos, fiscal notices and FAQ.

#[allow(clippy::wildcard_imports)]
use super::*;

pub use crate::domain::content::ContentKind;

/// Who a published item is for: `all` customers, the named `customers`, or those whose
/// `contract` includes `macro_area` (and `area`, if given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum ContentAudience {
    /// A struct variant, so that serde refuses unknown fields here too.
    All {},
    Customers {
        /// Customer codes (1 to 1000).
        #[schema(schema_with = schemas::customer_codes)]
        customers: Vec<String>,
    },
    Contract {
        #[schema(schema_with = schemas::line_200)]
        macro_area: String,
        #[serde(default)]
        #[schema(schema_with = schemas::line_200_or_null)]
        area: Option<String>,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ContentFile {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
}

/// One item of a list: what `read` shows.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ContentSummary {
    pub id: i64,
    pub kind: ContentKind,
    pub title: String,
    pub summary: String,
    /// Videos: the length in seconds.
    pub duration_seconds: Option<i64>,
    pub file_count: i64,
    pub published_at: String,
    pub updated_at: String,
    /// False once the help desk unpublished it (only the help desk sees those).
    pub published: bool,
}

/// One item in full: what `detail` shows.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Content {
    #[serde(flatten)]
    pub summary: ContentSummary,
    pub body: String,
    /// Videos: where to watch it.
    pub video_url: Option<String>,
    pub files: Vec<ContentFile>,
    /// Help desk only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<ContentAudience>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ContentPage {
    pub items: Vec<ContentSummary>,
    pub has_more: bool,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// What the help desk publishes (as JSON, or as the `content` part of a multipart body with
/// `file` parts).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishContentRequest {
    #[schema(schema_with = schemas::line_200)]
    pub title: String,
    #[serde(default)]
    #[schema(schema_with = schemas::summary_or_null)]
    pub summary: Option<String>,
    #[schema(schema_with = schemas::long_text)]
    pub body: String,
    #[serde(default)]
    #[schema(schema_with = schemas::web_address_or_null)]
    pub video_url: Option<String>,
    #[serde(default, deserialize_with = "whole::opt_i64")]
    #[schema(minimum = 0, maximum = 1_000_000)]
    pub duration_seconds: Option<i64>,
    pub audience: ContentAudience,
}

/// A change: only what is given changes.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditContentRequest {
    #[serde(default)]
    #[schema(schema_with = schemas::line_200_or_null)]
    pub title: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schemas::summary_or_null)]
    pub summary: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schemas::long_text_or_null)]
    pub body: Option<String>,
    #[serde(default)]
    #[schema(schema_with = schemas::web_address_or_null)]
    pub video_url: Option<String>,
    #[serde(default, deserialize_with = "whole::opt_i64")]
    #[schema(minimum = 0, maximum = 1_000_000)]
    pub duration_seconds: Option<i64>,
    #[serde(default)]
    pub audience: Option<ContentAudience>,
}

/// The query of `GET /contents/{kind}`, declared once (serde on both sides).
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ContentQuery {
    /// Words (or parts of words) that must all appear in the title, summary or body; case is
    /// ignored.
    #[param(pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Items per page (1 to 200, default 50).
    #[param(minimum = 1, maximum = 200)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(pattern = "^[0-9]{1,18}$")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// The query of `GET /suggestions`: what a ticket about to be opened says.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SuggestionQuery {
    /// The subject and description typed so far (up to 2000 characters; more is ignored).
    #[param(pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$")]
    pub q: String,
}

/// A FAQ or technical document that may answer a question before a ticket is opened.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Suggestion {
    pub kind: ContentKind,
    pub id: i64,
    pub title: String,
    pub summary: String,
    /// Whether the caller may open the item (`detail`), or only read its title (`read`).
    pub openable: bool,
}
