//! Sessions and passwords: `/auth/*` and `/me`.

use super::ApiClient;
use crate::error::CliResult;
use crate::wire::{
    ChangePasswordRequest, ForgotPasswordRequest, LoginRequest, LoginResponse, Me,
    ResetPasswordRequest,
};

impl ApiClient {
    /// Opens a session (no token needed).
    pub async fn login(&self, account: &str, password: &str) -> CliResult<LoginResponse> {
        self.post(
            "/auth/login",
            &LoginRequest {
                account: account.to_owned(),
                password: password.to_owned(),
            },
        )
        .await
    }

    /// Ends the session of this client's token.
    pub async fn logout(&self) -> CliResult<()> {
        self.post_empty("/auth/logout").await
    }

    pub async fn change_password(&self, current: &str, new: &str) -> CliResult<()> {
        let _: serde_json::Value = self
            .post(
                "/auth/password",
                &ChangePasswordRequest {
                    current_password: current.to_owned(),
                    new_password: new.to_owned(),
                },
            )
            .await?;
        Ok(())
    }

    /// Asks for a reset code by mail (no token needed).
    pub async fn forgot_password(&self, account: &str) -> CliResult<()> {
        let _: serde_json::Value = self
            .post(
                "/auth/forgot",
                &ForgotPasswordRequest {
                    account: account.to_owned(),
                },
            )
            .await?;
        Ok(())
    }

    /// Sets a password with a mailed reset or invitation code (no token needed).
    pub async fn reset_password(&self, code: &str, new: &str) -> CliResult<()> {
        let _: serde_json::Value = self
            .post(
                "/auth/reset",
                &ResetPasswordRequest {
                    token: code.trim().to_owned(),
                    new_password: new.to_owned(),
                },
            )
            .await?;
        Ok(())
    }

    pub async fn me(&self) -> CliResult<Me> {
        self.get("/me").await
    }

    /// `PATCH /me`: what users decide of their own account (their language).
    pub async fn update_me(&self, language: crate::wire::Language) -> CliResult<Me> {
        self.patch(
            "/me",
            &crate::wire::UpdateMeRequest {
                language: Some(language),
            },
        )
        .await
    }
}
