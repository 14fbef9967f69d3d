//! The help desk's own accounts (technicians).

use super::{ApiClient, segment};
use crate::error::CliResult;
use crate::wire::{Accepted, CreateStaffRequest, StaffMember, UpdateStaffRequest};

impl ApiClient {
    pub async fn staff(&self) -> CliResult<Vec<StaffMember>> {
        self.get("/staff").await
    }

    pub async fn create_staff(&self, req: &CreateStaffRequest) -> CliResult<StaffMember> {
        self.post("/staff", req).await
    }

    pub async fn update_staff(
        &self,
        account: &str,
        req: &UpdateStaffRequest,
    ) -> CliResult<StaffMember> {
        self.patch(&format!("/staff/{}", segment(account)), req)
            .await
    }

    pub async fn reset_staff_password(&self, account: &str) -> CliResult<Accepted> {
        self.post(
            &format!("/staff/{}/password-reset", segment(account)),
            &serde_json::json!({}),
        )
        .await
    }
}
