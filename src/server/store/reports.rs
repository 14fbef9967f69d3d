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
    /// Each ticket opened since `since`: the day it was opened, and the minutes from then to
    /// the desk's first answer (None: not answered yet).
    fn first_replies(&self, since: &str) -> StoreResult<Vec<(String, Option<i64>)>>;
    /// Each ticket closed since `since`: the day it was closed, and the minutes it was open.
    fn closings(&self, since: &str) -> StoreResult<Vec<(String, i64)>>;
    /// SMART minutes spent on tickets since `since`: (customer code, name, month YYYY-MM,
    /// minutes), by customer and month.
    fn minutes_spent(&self, since: &str) -> StoreResult<Vec<(String, String, String, i64)>>;
    /// How many tickets in `state` there are in all, and how many were opened before each
    /// of `edges` (timestamps): each a count over an index range.
    fn opened_before(&self, state: &str, edges: &[String]) -> StoreResult<(i64, Vec<i64>)>;
}
