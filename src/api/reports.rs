//! The desk's statistics.

use super::{ApiClient, with_query};
use crate::error::CliResult;
use crate::wire::{Report, ReportQuery};

impl ApiClient {
    pub async fn report(&self, q: &ReportQuery) -> CliResult<Report> {
        self.get(&with_query("/reports", q)).await
    }
}
