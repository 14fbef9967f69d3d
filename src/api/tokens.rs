//! Personal API tokens.

use super::ApiClient;
use crate::error::CliResult;
use crate::wire::{ApiToken, CreateTokenRequest, CreatedToken};

impl ApiClient {
    pub async fn create_token(&self, req: &CreateTokenRequest) -> CliResult<CreatedToken> {
        self.post("/tokens", req).await
    }

    pub async fn tokens(&self) -> CliResult<Vec<ApiToken>> {
        self.get("/tokens").await
    }

    pub async fn revoke_token(&self, id: i64) -> CliResult<()> {
        self.delete(&format!("/tokens/{id}")).await
    }
}
