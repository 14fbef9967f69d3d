//! Customers (companies): the tenants of the portal.

use super::StoreResult;

#[derive(Debug, Clone)]
pub struct CompanyRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub created_at: String,
    /// The company's users may enrol in courses.
    pub courses_subscription: bool,
    /// `ok`, `temporary` (the banner) or `suspended` (no access).
    pub standing: String,
    pub standing_message: Option<String>,
}

pub trait CustomerRepo {
    /// Fails with `Duplicate(CustomerCode)` when the code is taken (codes are case-insensitive).
    fn insert_company(&self, code: &str, name: &str, now: &str) -> StoreResult<i64>;
    /// Case-insensitive.
    fn company_by_code(&self, code: &str) -> StoreResult<Option<CompanyRow>>;
    /// Every company, by code.
    fn list_companies(&self) -> StoreResult<Vec<CompanyRow>>;
    fn company_by_id(&self, id: i64) -> StoreResult<Option<CompanyRow>>;
    fn set_standing(&self, id: i64, standing: &str, message: Option<&str>) -> StoreResult<()>;
}
