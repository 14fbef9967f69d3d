//! Tickets: every rule of the manual's "Gestione Ticket Web" and of the desk — who sees which
//! ticket, who may open one and in which section, the state machine, the reopen window, the
//! SMART minutes a reply spends, idempotent opening and commenting, and the mails each change
//! sends. The API's ticket routes, the web pages and the auto-close sweep all come here.
//!
//! Every lookup goes through the caller's [`Scope`], so another company's ticket is simply
//! not found.

use crate::domain::validate::Invalid;
use std::time::Duration;

use super::idempotency::{self, Key};
use super::{Env, Error, Result};
use crate::domain::ticket::{Action, Actor, Priority, TicketState, transition};
use crate::server::auth::Caller;
use crate::server::clock;
use crate::server::mail::{self, TicketEvent};
use crate::server::service::catalog::find_section;
use crate::server::service::error::{Missing, StaffTask};
use crate::server::store::{
    NewAttachment, NewTicket, Recipient, Repo, Scope, StoreResult, TicketFilter, TicketRow,
};
use crate::wire::{
    Attachment, CatalogPath, CreateTicketRequest, EditTicketRequest, ReopenRequest, ReplyRequest,
    Role, Ticket, TicketPage, TicketQuery, TicketSort, TicketSummary,
};

// ---------------------------------------------------------------------------------------------
// Reading

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

/// The full ticket as `caller` sees it, with the actions allowed now.
pub fn view(repo: &dyn Repo, t: &TicketRow, caller: &Caller, env: &Env) -> Result<Ticket> {
    let reopen_until = reopen_until(t, env.reopen_within);
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
        url: format!("{}/ticket/{}", env.public_url.trim_end_matches('/'), t.id),
    })
}

/// The ticket, as the scope sees it.
pub fn load(repo: &dyn Repo, scope: Scope, number: i64) -> Result<TicketRow> {
    repo.ticket(scope, number)?
        .ok_or(Error::NotFound(Missing::Ticket(number)))
}

/// Ticket `number` as the caller sees it.
pub fn show(repo: &dyn Repo, caller: &Caller, env: &Env, number: i64) -> Result<Ticket> {
    let t = load(repo, caller.ticket_scope()?, number)?;
    view(repo, &t, caller, env)
}

/// Refuses when ticket `number` changed since `version` (its `updated_at` as a form showed
/// it), so two people acting on one ticket at once do not overwrite each other: the second
/// sees the change. Called first in the write transaction that acts (which locks the row on
/// PostgreSQL; SQLite has one writer), the check holds until it commits.
pub fn unchanged(repo: &dyn Repo, caller: &Caller, number: i64, version: &str) -> Result<()> {
    let t = load(repo, caller.ticket_scope()?, number)?;
    if t.updated_at == version {
        Ok(())
    } else {
        Err(Error::TicketChanged(number))
    }
}

/// The version of ticket `number` as the caller may see it (its `updated_at`: every action
/// moves it), for pages that follow the ticket while open. Reads one row by key, so a page
/// may ask every second or two.
pub fn version(repo: &dyn Repo, caller: &Caller, number: i64) -> Result<String> {
    Ok(load(repo, caller.ticket_scope()?, number)?.updated_at)
}

/// Staff: the addresses the customer's side of ticket `number` is mailed at (its creator's
/// and the form's notification address, if another).
pub fn notified(repo: &dyn Repo, caller: &Caller, number: i64) -> Result<Vec<String>> {
    caller.require_staff()?;
    Ok(load(repo, caller.ticket_scope()?, number)?
        .customer_recipients()
        .into_iter()
        .map(|r| r.email)
        .collect())
}

/// Whether the caller sees tickets at all (checked before a large upload is read).
pub fn may_see(caller: &Caller) -> Result<()> {
    caller.ticket_scope().map(|_| ())
}

/// One page of the tickets the caller sees that match `q`.
pub fn list(repo: &dyn Repo, caller: &Caller, q: &TicketQuery) -> Result<TicketPage> {
    // An inverted range is a slip, not a question whose answer is "nothing": refuse it, as
    // the CLI does before asking.
    if let (Some(f), Some(t)) = (q.from, q.to)
        && f > t
    {
        return Err(Error::InvertedRange {
            from: f.to_string(),
            to: t.to_string(),
        });
    }
    let text = q.q.clone().unwrap_or_default();
    super::line("q", &text)?;
    for (name, v) in [
        ("macro_area", &q.macro_area),
        ("area", &q.area),
        ("section", &q.section),
        ("user", &q.user),
    ] {
        if let Some(v) = v {
            super::line(name, v)?;
        }
    }
    let limit = q.limit.unwrap_or(TicketQuery::DEFAULT_LIMIT);
    let words = crate::domain::search::query(&text);
    // Text with nothing searchable in it matches nothing rather than everything.
    let nothing = !text.trim().is_empty() && words.is_empty();

    let scope = caller.ticket_scope()?;
    // A customer sees the Tecnico column of their own tickets, so they may filter by it; the
    // scope still keeps them to their own company (or own tickets).
    if q.customer.is_some() && !caller.is_staff() {
        return Err(Error::StaffOnly(StaffTask::FilterByCustomer));
    }
    let mut filter = TicketFilter {
        states: q.state.clone(),
        created_from: q.from.map(|d| format!("{d}T00:00:00.000Z")),
        created_until: q
            .to
            .and_then(|d| d.succ_opt())
            .map(|d| format!("{d}T00:00:00.000Z")),
        words,
        company: None,
        technician: None,
        creator: None,
        priority: q.priority,
        sections: None,
        before: q.cursor.as_deref().and_then(|c| c.parse().ok()),
        oldest: q.sort == TicketSort::Oldest,
    };
    if let Some(code) = &q.customer {
        filter.company = Some(super::customers::company(repo, code)?.id);
    }
    if let Some(acc) = &q.technician {
        let tech = repo
            .user_by_account(None, acc)?
            .filter(|u| u.role == Role::Staff)
            .ok_or_else(|| Error::NotFound(Missing::Technician(acc.clone())))?;
        filter.technician = Some(tech.id);
    }
    if let Some(acc) = &q.user {
        // Customers name users of their own company only; another company's account is as
        // unknown as one that does not exist.
        let company = if caller.is_staff() {
            None
        } else {
            caller.user.company_id
        };
        let u = repo
            .user_by_account(company, acc)?
            .filter(|u| u.role != Role::Staff)
            .ok_or_else(|| Error::NotFound(Missing::User(acc.clone())))?;
        filter.creator = Some(u.id);
    }
    if q.macro_area.is_some() || q.area.is_some() || q.section.is_some() {
        let same = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
        let ids: Vec<i64> = repo
            .catalog(None)?
            .into_iter()
            .filter(|(_, p)| {
                q.macro_area
                    .as_deref()
                    .is_none_or(|m| same(&p.macro_area, m))
                    && q.area.as_deref().is_none_or(|a| same(&p.area, a))
                    && q.section.as_deref().is_none_or(|x| same(&p.section, x))
            })
            .map(|(id, _)| id)
            .collect();
        if ids.is_empty() {
            return Err(Error::NotFound(Missing::CatalogNode));
        }
        filter.sections = Some(ids);
    }
    if q.mine {
        if caller.is_staff() {
            filter.technician = Some(caller.user.id);
        } else {
            filter.creator = Some(caller.user.id);
        }
    }
    if nothing {
        return Ok(TicketPage {
            items: vec![],
            has_more: false,
            next_cursor: None,
            total: q.count.then_some(0),
        });
    }
    // One row more than the page tells whether another page exists.
    let mut rows = repo.list_tickets(scope, &filter, limit + 1)?;
    let has_more = i64::try_from(rows.len()).is_ok_and(|n| n > limit);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_cursor = has_more
        .then(|| rows.last().map(|t| t.id.to_string()))
        .flatten();
    let total = if q.count {
        Some(repo.count_tickets(scope, &filter)?)
    } else {
        None
    };
    Ok(TicketPage {
        items: rows.iter().map(summary).collect(),
        has_more,
        next_cursor,
        total,
    })
}

/// The files attached to ticket `number`.
pub fn attachments(repo: &dyn Repo, caller: &Caller, number: i64) -> Result<Vec<Attachment>> {
    let t = load(repo, caller.ticket_scope()?, number)?;
    Ok(repo.attachments(t.id)?)
}

/// Attachment `id` of ticket `number`, with its bytes.
pub fn attachment(
    repo: &dyn Repo,
    caller: &Caller,
    number: i64,
    id: i64,
) -> Result<(Attachment, Vec<u8>)> {
    repo.attachment_data(caller.ticket_scope()?, number, id)?
        .ok_or(Error::NotFound(Missing::Attachment { ticket: number, id }))
}

// ---------------------------------------------------------------------------------------------
// Opening

/// Who may open tickets: operative users whose `assistenza` allows it.
pub fn may_open(caller: &Caller) -> Result<()> {
    caller.ticket_scope()?;
    match caller.ticket_actor(None) {
        Actor::Customer => Ok(()),
        Actor::Reader => Err(Error::ReadOnlyCannotOpen),
        Actor::Staff { .. } => Err(Error::CustomersOnly),
    }
}

/// A ticket to open, with its files (already checked one by one: name, type, size).
#[derive(Debug, Clone)]
pub struct Open {
    pub ticket: CreateTicketRequest,
    pub files: Vec<NewAttachment>,
    /// The caller's `Idempotency-Key`, if any.
    pub key: Option<String>,
}

/// A write that may have been a repeat: `replayed` when the answer is the first one's.
#[derive(Debug, Clone)]
pub struct Done<T> {
    pub value: T,
    pub replayed: bool,
}

/// The ticket's fields, as the rules check them before anything is read.
pub fn check_new(req: &CreateTicketRequest) -> Result<()> {
    super::text("macro_area", &req.macro_area, 200)?;
    super::text("area", &req.area, 200)?;
    super::text("section", &req.section, 200)?;
    super::text("subject", &req.subject, 200)?;
    if let Some(e) = &req.notify_email {
        super::email("notify_email", e)?;
    }
    super::long_text("description", &req.description, 50_000)
}

/// What an `Idempotency-Key` on opening covers: the ticket's fields and its files' names —
/// not the files' bytes, so a CI re-run that zips its log again (other timestamps, same
/// build) replays the ticket it opened instead of being refused.
pub fn open_key(req: &Open) -> Option<Key> {
    let canonical = serde_json::to_vec(&req.ticket).unwrap_or_default();
    let mut parts: Vec<&[u8]> = vec![b"POST /tickets", &canonical];
    for f in &req.files {
        parts.push(f.filename.as_bytes());
    }
    Key::new(req.key.clone(), &parts)
}

/// Opens a ticket in a section of the caller's contract, attaches the files, tells the
/// customer by mail.
pub fn open(repo: &dyn Repo, caller: &Caller, env: &Env, req: &Open) -> Result<Done<Ticket>> {
    check_new(&req.ticket)?;
    may_open(caller)?;
    let scope = caller.ticket_scope()?;
    let user = &caller.user;
    let key = open_key(req);
    if let Some(value) = idempotency::replay(repo, user.id, key.as_ref())? {
        return Ok(Done {
            value,
            replayed: true,
        });
    }
    let body = &req.ticket;
    let company = user.company_id.unwrap_or_default();
    let wanted = CatalogPath {
        macro_area: body.macro_area.clone(),
        area: body.area.clone(),
        section: body.section.clone(),
    };
    let section = find_section(&repo.catalog(Some(company))?, &wanted)
        .ok_or(Error::SectionNotInContract(wanted))?;
    let now = clock::now();
    let id = repo.insert_ticket(
        &NewTicket {
            company_id: company,
            creator_id: user.id,
            section_id: section,
            subject: body.subject.clone(),
            description: body.description.clone(),
            priority: body.priority.unwrap_or(Priority::Normale),
            notify_email: body.notify_email.clone(),
        },
        &now,
    )?;
    for f in &req.files {
        repo.insert_attachment(id, user.id, f, &now)?;
    }
    let t = load(repo, scope, id)?;
    mail::ticket_event(
        repo,
        &t,
        TicketEvent::Created,
        &t.customer_recipients(),
        &env.public_url,
        &now,
    )?;
    let v = view(repo, &t, caller, env)?;
    idempotency::remember(repo, user.id, key.as_ref(), &v, &now)?;
    Ok(Done {
        value: v,
        replayed: false,
    })
}

// ---------------------------------------------------------------------------------------------
// Actions

/// Applies `action` to ticket `number` once the state machine allows it; `apply` does the
/// action's own writes. Answers the ticket as it is afterwards.
fn act(
    repo: &dyn Repo,
    caller: &Caller,
    env: &Env,
    number: i64,
    action: Action,
    apply: impl FnOnce(&mut TicketRow, &str) -> Result<()>,
) -> Result<Ticket> {
    let scope = caller.ticket_scope()?;
    let mut t = load(repo, scope, number)?;
    let state = t.state;
    let tr =
        transition(state, caller.ticket_actor(t.technician_id), action).map_err(|refusal| {
            Error::Transition {
                number,
                state,
                action,
                refusal,
            }
        })?;
    let now = clock::now();
    t.state = tr.to;
    t.updated_at.clone_from(&now);
    apply(&mut t, &now)?;
    let t = load(repo, scope, number)?;
    view(repo, &t, caller, env)
}

/// Who hears of what the caller did to `t`: the customer's side unless the caller opened it,
/// and (with `tell_technician`) the technician in charge unless that is the caller.
fn others(t: &TicketRow, caller: &Caller, tell_technician: bool) -> Vec<Recipient> {
    let me = &caller.user;
    let mut to = Vec::new();
    if t.creator_id != me.id {
        to.extend(t.customer_recipients());
    }
    if let Some(tech) = t.technician_recipient()
        && t.technician_id != Some(me.id)
        && tell_technician
    {
        to.push(tech);
    }
    to
}

/// Edits subject, priority or notification address while the ticket is `inserito`.
pub fn edit(
    repo: &dyn Repo,
    caller: &Caller,
    env: &Env,
    number: i64,
    req: &EditTicketRequest,
) -> Result<Ticket> {
    if req.subject.is_none() && req.priority.is_none() && req.notify_email.is_none() {
        return Err(Error::invalid(
            "subject",
            Invalid::NothingToChange(&["subject", "priority", "notify_email"]),
        ));
    }
    if let Some(s) = &req.subject {
        super::text("subject", s, 200)?;
    }
    if let Some(Some(e)) = &req.notify_email {
        super::email("notify_email", e)?;
    }
    act(repo, caller, env, number, Action::Edit, |t, _| {
        if let Some(s) = &req.subject {
            t.subject.clone_from(s);
        }
        if let Some(p) = req.priority {
            t.priority = p;
        }
        if let Some(e) = &req.notify_email {
            t.notify_email.clone_from(e);
        }
        Ok(repo.edit_ticket(t)?)
    })
}

/// Reopens a closed ticket within the server's reopen window: back to `in_carico` with its
/// technician, or to `inserito` when nobody had taken it.
pub fn reopen(
    repo: &dyn Repo,
    caller: &Caller,
    env: &Env,
    number: i64,
    req: &ReopenRequest,
) -> Result<Ticket> {
    if let Some(c) = &req.comment {
        super::long_text("comment", c, 50_000)?;
    }
    act(repo, caller, env, number, Action::Reopen, |t, now| {
        // The state has already moved on: the window counts from `closed_at`.
        let until = t
            .closed_at
            .as_deref()
            .filter(|_| !env.reopen_within.is_zero())
            .and_then(|c| clock::after(c, env.reopen_within));
        if until.as_deref().is_none_or(|u| u < now) {
            return Err(Error::ReopenWindowPassed {
                number: t.id,
                closed_at: t.closed_at.clone().unwrap_or_default(),
                until,
            });
        }
        t.state = if t.technician_id.is_some() {
            TicketState::InCarico
        } else {
            TicketState::Inserito
        };
        t.closed_at = None;
        t.closed_by = None;
        repo.update_ticket(t)?;
        let me = &caller.user;
        if let Some(c) = &req.comment {
            repo.insert_comment(t.id, me.id, "comment", c, 0, now)?;
        }
        let to = others(t, caller, true);
        let author = me.full_name();
        mail::ticket_event(
            repo,
            t,
            TicketEvent::Reopened {
                by: &author,
                comment: req.comment.as_deref(),
            },
            &to,
            &env.public_url,
            now,
        )?;
        Ok(())
    })
}

/// The customer's "Ok, risolto", or staff closing the ticket.
pub fn close(repo: &dyn Repo, caller: &Caller, env: &Env, number: i64) -> Result<Ticket> {
    let by = if caller.is_staff() {
        "staff"
    } else {
        "customer"
    };
    act(repo, caller, env, number, Action::Close, |t, now| {
        closed(repo, t.clone(), by, &env.public_url, now)?;
        Ok(())
    })
}

/// Staff: takes the ticket in charge (→ `in_carico`, the caller its technician).
pub fn take(repo: &dyn Repo, caller: &Caller, env: &Env, number: i64) -> Result<Ticket> {
    caller.require_staff()?;
    act(repo, caller, env, number, Action::Take, |t, now| {
        t.technician_id = Some(caller.user.id);
        t.technician_account = Some(caller.user.account.clone());
        repo.update_ticket(t)?;
        mail::ticket_event(
            repo,
            t,
            TicketEvent::Taken,
            &t.customer_recipients(),
            &env.public_url,
            now,
        )?;
        Ok(())
    })
}

/// Staff: answers the ticket (→ `risposto`), spending `minutes` of the customer's SMART
/// package; below zero only when `allow_overdraft` says so.
pub fn reply(
    repo: &dyn Repo,
    caller: &Caller,
    env: &Env,
    number: i64,
    req: &ReplyRequest,
) -> Result<Ticket> {
    super::long_text("body", &req.body, 50_000)?;
    if !(0..=100_000).contains(&req.minutes) {
        return Err(Error::range("minutes", 0, 100_000));
    }
    caller.require_staff()?;
    act(repo, caller, env, number, Action::Reply, |t, now| {
        if req.minutes > 0 {
            let balance = repo.balance(t.company_id)?;
            if balance - req.minutes < 0 && !req.allow_overdraft {
                return Err(Error::InsufficientBalance {
                    customer: t.company_code.clone(),
                    balance,
                    requested: req.minutes,
                });
            }
            repo.add_movement(
                t.company_id,
                -req.minutes,
                "consumption",
                Some(t.id),
                Some(&format!("ticket {}", t.id)),
                Some(caller.user.id),
                now,
            )?;
        }
        repo.insert_comment(t.id, caller.user.id, "reply", &req.body, req.minutes, now)?;
        t.minutes += req.minutes;
        if t.technician_id.is_none() {
            t.technician_id = Some(caller.user.id);
        }
        t.answered_at = Some(now.to_owned());
        repo.update_ticket(t)?;
        mail::ticket_event(
            repo,
            t,
            TicketEvent::Answered { body: &req.body },
            &t.customer_recipients(),
            &env.public_url,
            now,
        )?;
        Ok(())
    })
}

/// A comment to add, with the caller's `Idempotency-Key` if any.
#[derive(Debug, Clone)]
pub struct Comment {
    pub body: String,
    pub key: Option<String>,
}

/// Adds a comment; a customer's comment on a `risposto` ticket brings it back to `in_carico`.
pub fn comment(
    repo: &dyn Repo,
    caller: &Caller,
    env: &Env,
    number: i64,
    req: &Comment,
) -> Result<Done<Ticket>> {
    super::long_text("body", &req.body, 50_000)?;
    let key = Key::new(
        req.key.clone(),
        &[
            format!("POST /tickets/{number}/comments").as_bytes(),
            req.body.as_bytes(),
        ],
    );
    caller.ticket_scope()?;
    let me = &caller.user;
    if let Some(value) = idempotency::replay(repo, me.id, key.as_ref())? {
        return Ok(Done {
            value,
            replayed: true,
        });
    }
    let v = act(repo, caller, env, number, Action::Comment, |t, now| {
        repo.insert_comment(t.id, me.id, "comment", &req.body, 0, now)?;
        repo.update_ticket(t)?;
        // Staff commenting do not mail the technician in charge.
        let to = others(t, caller, !caller.is_staff());
        let author = me.full_name();
        mail::ticket_event(
            repo,
            t,
            TicketEvent::Comment {
                author: &author,
                body: &req.body,
            },
            &to,
            &env.public_url,
            now,
        )?;
        Ok(())
    })?;
    idempotency::remember(repo, me.id, key.as_ref(), &v, &clock::now())?;
    Ok(Done {
        value: v,
        replayed: false,
    })
}

/// Adds files (already checked one by one) to an open ticket.
pub fn attach(
    repo: &dyn Repo,
    caller: &Caller,
    env: &Env,
    number: i64,
    files: &[NewAttachment],
) -> Result<Ticket> {
    if files.is_empty() {
        return Err(Error::invalid("files", Invalid::NoFile { update: false }));
    }
    act(repo, caller, env, number, Action::Attach, |t, now| {
        for f in files {
            repo.insert_attachment(t.id, caller.user.id, f, now)?;
        }
        Ok(repo.update_ticket(t)?)
    })
}

/// The auto-close rule: up to `batch` answered tickets without customer activity since
/// `cutoff` are closed by the system ("chiuso dal sistema"). Answers how many.
pub fn autoclose(repo: &dyn Repo, env: &Env, cutoff: &str, batch: i64) -> StoreResult<usize> {
    let now = clock::now();
    let due = repo.answered_before(cutoff, batch)?;
    for t in &due {
        closed(repo, t.clone(), "system", &env.public_url, &now)?;
    }
    Ok(due.len())
}

/// Closes `t` (the transition is already checked) and queues the mails. `by` is `customer`,
/// `staff` or `system` (the auto-close sweep).
pub fn closed(
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
