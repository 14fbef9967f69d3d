//! Sessions and personal API tokens (kept as hashes), and the single-use codes mailed for a
//! password reset or an invitation (kept as hashes too).

use super::{StoreResult, UserRow};

#[derive(Debug, Clone)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    /// `session` or `api`.
    pub kind: String,
    pub name: String,
    pub created_at: String,
    pub expires_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// A single-use code that was just consumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    Reset,
    Invite,
}

impl CodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CodeKind::Reset => "reset",
            CodeKind::Invite => "invite",
        }
    }
}

pub trait TokenRepo {
    fn insert_token(
        &self,
        user_id: i64,
        kind: &str,
        name: &str,
        hash: &str,
        now: &str,
        expires_at: &str,
    ) -> StoreResult<i64>;
    /// The token with this hash and its user, in one lookup (every authenticated request
    /// starts with it).
    fn caller_by_token(&self, hash: &str) -> StoreResult<Option<(TokenRow, UserRow)>>;
    fn touch_token(&self, id: i64, now: &str) -> StoreResult<()>;
    fn list_tokens(&self, user_id: i64, kind: &str) -> StoreResult<Vec<TokenRow>>;
    /// Revokes one token of the user; false when the user has no such token.
    fn revoke_token(&self, user_id: i64, id: i64, now: &str) -> StoreResult<bool>;
    /// Revokes every live token of a user, but `except`.
    fn revoke_user_tokens(&self, user_id: i64, except: Option<i64>, now: &str) -> StoreResult<()>;
    /// Stores the hash of a new reset or invitation code; the user's earlier live codes stop
    /// working (only the newest mail's code is valid).
    fn insert_code(
        &self,
        user_id: i64,
        kind: CodeKind,
        hash: &str,
        now: &str,
        expires_at: &str,
    ) -> StoreResult<()>;
    /// Consumes a live code, returning its user; every other live code of the user is voided
    /// with it.
    fn use_code(&self, hash: &str, now: &str) -> StoreResult<Option<(i64, CodeKind)>>;
    /// Whether a code is live (unused, unexpired), without consuming it.
    fn code_is_live(&self, hash: &str, now: &str) -> StoreResult<bool>;
}
