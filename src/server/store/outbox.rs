//! The mail outbox: every mail is queued in the transaction of the change that causes it, then
//! claimed and delivered by a worker. A claim is a lease: a worker that dies mid-send leaves
//! the mail to be sent again when the lease runs out (at-least-once), and several instances
//! never claim the same mail at once.

use super::StoreResult;
use crate::wire::OutboxMail;

/// A mail to queue. A mail that carries a code has it in `secret` (with the code's expiry);
/// `body` then holds [`crate::server::mail::CODE_PLACEHOLDER`] where the code goes, so the code
/// is stored apart and erased once sent or expired.
#[derive(Debug, Clone)]
pub struct NewMail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub kind: &'static str,
    pub secret: Option<MailSecret>,
}

#[derive(Clone)]
pub struct MailSecret {
    pub value: String,
    pub expires_at: String,
}

impl std::fmt::Debug for MailSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MailSecret(redacted, expires {})", self.expires_at)
    }
}

#[derive(Debug, Clone)]
pub struct MailRow {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
    pub secret: Option<MailSecret>,
}

/// Why a mail cannot be queued again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryRefusal {
    NotFound,
    AlreadySent,
    /// Its code expired or was erased: the user must ask for a new one.
    CodeGone,
}

pub trait OutboxRepo {
    fn enqueue_mail(&self, mail: &NewMail, now: &str) -> StoreResult<()>;
    /// Newest first, optionally only one status.
    fn list_outbox(&self, status: Option<&str>, limit: i64) -> StoreResult<Vec<OutboxMail>>;
    /// Claims up to `limit` pending mails due at `now`: they are not due again before
    /// `lease_until`, so no other worker takes them meanwhile.
    fn claim_due_mail(&self, now: &str, lease_until: &str, limit: i64)
    -> StoreResult<Vec<MailRow>>;
    /// Marks a mail sent and erases its code.
    fn mark_mail_sent(&self, id: i64, now: &str) -> StoreResult<()>;
    fn mark_mail_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: &str,
        give_up: bool,
    ) -> StoreResult<()>;
    /// Erases the codes of mails whose code has expired; pending ones among them are marked
    /// failed (their code can no longer be used). Returns how many codes were erased.
    fn erase_expired_mail_secrets(&self, now: &str) -> StoreResult<usize>;
    /// Queues a failed mail again (attempts reset), or says why it cannot be.
    fn requeue_mail(&self, id: i64, now: &str) -> StoreResult<Result<OutboxMail, RetryRefusal>>;
    /// Ids of every failed mail, oldest first.
    fn failed_mail_ids(&self) -> StoreResult<Vec<i64>>;
}
