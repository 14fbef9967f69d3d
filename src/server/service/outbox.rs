//! The mail outbox, for staff: what was queued, sent, or gave up after retries; and queuing
//! failed mail again once the cause is fixed (all or nothing).

use super::error::Missing;
use super::{Error, Result};
use crate::domain::validate::Invalid;
use crate::server::auth::Caller;
use crate::server::clock;
use crate::server::store::{Repo, RetryRefusal};
use crate::wire::{OutboxMail, OutboxQuery};

/// Staff: the newest mails, optionally only those in one status.
pub fn list(repo: &dyn Repo, caller: &Caller, q: &OutboxQuery) -> Result<Vec<OutboxMail>> {
    if let Some(s) = &q.status
        && !matches!(s.as_str(), "pending" | "sent" | "failed")
    {
        return Err(Error::invalid(
            "status",
            Invalid::OneOf {
                field: "status".into(),
                values: &["pending", "sent", "failed"],
            },
        ));
    }
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(Error::range("limit", 1, 1000));
    }
    caller.require_staff()?;
    Ok(repo.list_outbox(q.status.as_deref(), limit)?)
}

/// Staff: queues `ids` again (None: every failed mail), all or nothing; answers them.
pub fn requeue(repo: &dyn Repo, caller: &Caller, ids: Option<&[i64]>) -> Result<Vec<OutboxMail>> {
    if ids.is_some_and(|ids| ids.is_empty() || ids.len() > 1000) {
        return Err(Error::invalid("ids", Invalid::Ids { max: 1000 }));
    }
    caller.require_staff()?;
    let ids = match ids {
        Some(ids) => ids.to_vec(),
        None => repo.failed_mail_ids()?,
    };
    let now = clock::now();
    let mut out = Vec::new();
    for id in ids {
        match repo.requeue_mail(id, &now)? {
            Ok(m) => out.push(m),
            Err(RetryRefusal::NotFound) => return Err(Error::NotFound(Missing::Mail(id))),
            Err(RetryRefusal::AlreadySent) => return Err(Error::MailSent(id)),
            Err(RetryRefusal::CodeGone) => return Err(Error::MailCodeExpired(id)),
        }
    }
    Ok(out)
}
