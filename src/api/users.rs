//! A company's users (the Administrator; the help desk names the customer).

use super::{ApiClient, segment};
use crate::error::CliResult;
use crate::wire::{Accepted, CreateUserRequest, UpdateUserRequest, User, UserQuery};

impl ApiClient {
    /// The users of the caller's company, or of `customer` (help desk).
    /// The operative users matching `q` (the company's, or staff: every customer's).
    pub async fn users(&self, q: &UserQuery) -> CliResult<Vec<User>> {
        let qs = serde_urlencoded::to_string(q).unwrap_or_default();
        self.get(&if qs.is_empty() {
            "/users".to_owned()
        } else {
            format!("/users?{qs}")
        })
        .await
    }

    pub async fn user(&self, account: &str) -> CliResult<User> {
        self.get(&format!("/users/{}", segment(account))).await
    }

    pub async fn create_user(&self, req: &CreateUserRequest) -> CliResult<User> {
        self.post("/users", req).await
    }

    pub async fn update_user(&self, account: &str, req: &UpdateUserRequest) -> CliResult<User> {
        self.patch(&format!("/users/{}", segment(account)), req)
            .await
    }

    /// Enables or disables an account.
    pub async fn set_user_active(&self, account: &str, active: bool) -> CliResult<User> {
        let verb = if active { "enable" } else { "disable" };
        self.post(
            &format!("/users/{}/{verb}", segment(account)),
            &serde_json::json!({}),
        )
        .await
    }

    /// Mails the user a code to choose a new password.
    pub async fn send_password_reset(&self, account: &str) -> CliResult<Accepted> {
        self.post(
            &format!("/users/{}/password-reset", segment(account)),
            &serde_json::json!({}),
        )
        .await
    }
}
