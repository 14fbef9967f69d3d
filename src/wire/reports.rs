//! The desk's statistics: one document for the page, the API and `lhs desk report`.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The figures of the last `weeks` weeks (each Monday to Sunday, UTC), the current one last.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Report {
    /// The first day counted (a Monday) and the day the figures were made.
    pub since: String,
    pub until: String,
    pub weeks: Vec<WeekFigures>,
    /// Median minutes from opening to the desk's first answer, over the tickets opened in
    /// the period that have one.
    pub median_first_answer_minutes: Option<i64>,
    /// Median minutes from opening to closing, over the tickets closed in the period.
    pub median_close_minutes: Option<i64>,
    /// SMART minutes spent on tickets, per customer and calendar month.
    pub minutes: Vec<MinutesSpent>,
    /// The tickets waiting for the desk now, by how long ago they were opened.
    pub queue_age: Vec<QueueAge>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WeekFigures {
    /// ISO week, e.g. `2026-W49`.
    pub week: String,
    /// Its Monday, `YYYY-MM-DD`.
    pub starts: String,
    pub opened: i64,
    pub closed: i64,
    /// Over the tickets opened this week that were answered.
    pub median_first_answer_minutes: Option<i64>,
    /// Over the tickets closed this week.
    pub median_close_minutes: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MinutesSpent {
    pub customer_code: String,
    pub customer_name: String,
    /// `YYYY-MM`.
    pub month: String,
    pub minutes: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct QueueAge {
    /// `under_1h`, `1h_8h`, `8h_24h`, `1d_3d`, `3d_7d`, `over_7d`.
    pub age: String,
    /// Tickets in state Inserito (nobody took them yet) of that age.
    pub inserito: i64,
    /// Tickets In carico of that age.
    pub in_carico: i64,
}

/// The period of `GET /reports`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// How many weeks back, the current one included: 1 to 104 (default 12).
    #[param(minimum = 1, maximum = 104)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weeks: Option<u32>,
}
