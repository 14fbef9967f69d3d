//! Customers, their contracts' catalog and their SMART package (the help desk; a customer
//! sees its own catalog and package).

use super::{ApiClient, segment, with_query};
use crate::error::CliResult;
use crate::wire::{
    CatalogMacroArea, CatalogNoticeRequest, CatalogPath, CreateCustomerRequest, Customer,
    GrantRequest, Package, StandingRequest, Subscription,
};

impl ApiClient {
    pub async fn customers(&self) -> CliResult<Vec<Customer>> {
        self.get("/customers").await
    }

    pub async fn create_customer(&self, req: &CreateCustomerRequest) -> CliResult<Customer> {
        self.post("/customers", req).await
    }

    /// The sections of the caller's contract, or of `customer`'s (help desk).
    pub async fn catalog(&self, customer: Option<&str>) -> CliResult<Vec<CatalogMacroArea>> {
        let q = crate::wire::CatalogQuery {
            customer: customer.map(str::to_owned),
        };
        self.get(&with_query("/catalog", &q)).await
    }

    /// Sets or clears a catalog node's notice; answers the whole catalog.
    pub async fn set_catalog_notice(
        &self,
        req: &CatalogNoticeRequest,
    ) -> CliResult<Vec<CatalogMacroArea>> {
        self.put("/catalog/notices", req).await
    }

    /// Adds a section to the catalog (its macro area and area too, if new).
    pub async fn add_catalog_section(&self, path: &CatalogPath) -> CliResult<CatalogPath> {
        self.post("/catalog/sections", path).await
    }

    /// The caller's SMART package, or `customer`'s (help desk).
    pub async fn package(&self, customer: Option<&str>) -> CliResult<Package> {
        match customer {
            Some(c) => {
                self.get(&format!("/customers/{}/package", segment(c)))
                    .await
            }
            None => self.get("/package").await,
        }
    }

    pub async fn grant_minutes(&self, customer: &str, req: &GrantRequest) -> CliResult<Package> {
        self.post(
            &format!("/customers/{}/package/grants", segment(customer)),
            req,
        )
        .await
    }

    pub async fn set_standing(&self, customer: &str, req: &StandingRequest) -> CliResult<Customer> {
        self.put(&format!("/customers/{}/standing", segment(customer)), req)
            .await
    }

    pub async fn set_subscription(
        &self,
        customer: &str,
        req: &Subscription,
    ) -> CliResult<Customer> {
        self.put(
            &format!("/customers/{}/subscription", segment(customer)),
            req,
        )
        .await
    }
}
