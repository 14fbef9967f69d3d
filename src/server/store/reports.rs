//! The figures of the desk's statistics, aggregated in SQL (a day, a month or an age bucket
//! per row), so a year of a million tickets costs what an index range costs.

use super::StoreResult;

/// `(day YYYY-MM-DD, count)`.
pub type PerDay = Vec<(String, i64)>;

pub trait ReportRepo {
    /// Tickets opened per day since `since` (a stored timestamp).
    fn opened_per_day(&self, since: &str) -> StoreResult<PerDay>;
    /// Tickets closed per day since `since`.
    fn closed_per_day(&self, since: &str) -> StoreResult<PerDay>;
    /// Each ticket opened since `since`: when, and when the desk first answered it.
    fn first_replies(&self, since: &str) -> StoreResult<Vec<(String, Option<String>)>>;
    /// Each ticket closed since `since`: when it was opened and when closed.
    fn closings(&self, since: &str) -> StoreResult<Vec<(String, String)>>;
    /// SMART minutes spent on tickets since `since`: (customer code, name, month YYYY-MM,
    /// minutes), by customer and month.
    fn minutes_spent(&self, since: &str) -> StoreResult<Vec<(String, String, String, i64)>>;
    /// The tickets waiting for the desk (Inserito, In carico), per state, counted by age:
    /// `edges` are timestamps from the newest back; bucket 0 is newer than `edges[0]`, bucket
    /// i is between `edges[i]` and `edges[i-1]`, the last older than every edge.
    fn waiting_by_age(&self, edges: &[String; 5]) -> StoreResult<Vec<(String, [i64; 6])>>;
}
