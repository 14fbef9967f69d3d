//! Tickets as the API shows them, and closing a ticket — shared by the tickets routes and the
//! auto-close sweep.

use std::time::Duration;

use serde_json::json;

use crate::domain::ticket::{Action, Refusal, TicketState};
use crate::server::auth::Caller;
use crate::server::clock;
use crate::server::error::{ApiError, ApiResult};
use crate::server::mail::{self, TicketEvent};
use crate::server::store::{Repo, Scope, StoreResult, TicketRow};
use crate::wire::{Ticket, TicketSummary};

pub fn summary(t: &TicketRow) -> TicketSummary {
    TicketSummary {
        number: t.id,
        customer_code: t.company_code.clone(),
        company_name: t.company_name.clone(),
        user: t.creator_account.clone(),
        user_name: t.creator_name.clone(),
        technician: t.technician_account.clone(),
        macro_area: t.macro_area.clone(),
        area: t.area.clone(),
        section: t.section.clone(),
        subject: t.subject.clone(),
        priority: t.priority,
        state: t.state,
        created_at: t.created_at.clone(),
        updated_at: t.updated_at.clone(),
        closed_at: t.closed_at.clone(),
        minutes: t.minutes,
    }
}

/// Until when a closed ticket can be reopened (None while open, or when reopening is off).
pub fn reopen_until(t: &TicketRow, reopen_within: Duration) -> Option<String> {
    if t.state != TicketState::Chiuso || reopen_within.is_zero() {
        return None;
    }
    clock::after(t.closed_at.as_deref()?, reopen_within)
}

/// The full ticket as `caller` sees it, with the actions allowed now. `reopen_within` is the
/// server's reopen window.
pub fn view(
    repo: &dyn Repo,
    t: &TicketRow,
    caller: &Caller,
    reopen_within: Duration,
) -> ApiResult<Ticket> {
    let reopen_until = reopen_until(t, reopen_within);
    let mut actions =
        crate::domain::ticket::allowed_actions(t.state, caller.ticket_actor(t.technician_id));
    if reopen_until
        .as_deref()
        .is_none_or(|u| u < clock::now().as_str())
    {
        actions.retain(|a| *a != Action::Reopen);
    }
    Ok(Ticket {
        summary: summary(t),
        description: t.description.clone(),
        closed_by: t.closed_by.clone(),
        reopen_until,
        notify_email: t.notify_email.clone(),
        comments: repo.comments(t.id)?,
        attachments: repo.attachments(t.id)?,
        actions,
    })
}

pub fn refusal(number: i64, state: TicketState, action: Action, r: Refusal) -> ApiError {
    match r {
        Refusal::NotAllowed(m) => ApiError::forbidden("permission_denied", m),
        Refusal::InvalidTransition(m) => ApiError::conflict("invalid_transition", m)
            .with_details(json!({ "number": number, "state": state.as_str(), "action": action })),
    }
}

/// The ticket, as the scope sees it, or 404.
pub fn load(repo: &dyn Repo, scope: Scope, number: i64) -> ApiResult<TicketRow> {
    repo.ticket(scope, number)?
        .ok_or_else(|| ApiError::not_found(format!("ticket {number} not found")))
}

/// Closes `t` (the transition is already checked) and queues the mails. `by` is `customer`,
/// `staff` or `system` (the auto-close sweep).
pub fn close(
    repo: &dyn Repo,
    mut t: TicketRow,
    by: &str,
    url: &str,
    now: &str,
) -> StoreResult<TicketRow> {
    t.state = TicketState::Chiuso;
    t.closed_at = Some(now.to_owned());
    t.closed_by = Some(by.to_owned());
    t.updated_at = now.to_owned();
    repo.update_ticket(&t)?;
    let mut to = t.customer_recipients();
    if by == "customer" {
        to.extend(t.technician_recipient());
    }
    mail::ticket_event(repo, &t, TicketEvent::Closed { by }, &to, url, now)?;
    Ok(t)
}
