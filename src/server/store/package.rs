//! The SMART package: movements of minutes (grants add, replies consume); the balance is
//! their sum.

use super::StoreResult;
use crate::wire::PackageMovement;

pub trait PackageRepo {
    #[allow(clippy::too_many_arguments)]
    fn add_movement(
        &self,
        company: i64,
        minutes: i64,
        kind: &str,
        ticket_id: Option<i64>,
        note: Option<&str>,
        by: Option<i64>,
        now: &str,
    ) -> StoreResult<()>;
    fn balance(&self, company: i64) -> StoreResult<i64>;
    /// Whether the company's package has any movement (it exists once minutes were granted).
    fn has_movements(&self, company: i64) -> StoreResult<bool>;
    /// Newest first.
    fn movements(&self, company: i64) -> StoreResult<Vec<PackageMovement>>;
}
