//! Which notification goes to whom, in whose language, and its queueing in the outbox inside
//! the caller's transaction; the words of each mail are in `server::i18n` (`en::mail`,
//! `it::mail`). Nothing here talks SMTP.

use std::fmt::Write as _;
use std::time::Duration;

use crate::domain::permissions::Area;
use crate::server::clock;
use crate::server::i18n::{Lang, Mail, en, it};
use crate::server::store::{
    MailSecret, NewMail, OrderRow, Recipient, Repo, StoreResult, TicketRow, UserRow,
};

/// Where a mail's code goes in its stored body; the code itself is kept apart.
pub const CODE_PLACEHOLDER: &str = "{{CODICE}}";

fn queue(
    repo: &dyn Repo,
    to: &str,
    mail: Mail,
    kind: &'static str,
    secret: Option<MailSecret>,
    now: &str,
) -> StoreResult<()> {
    repo.enqueue_mail(
        &NewMail {
            to: to.to_owned(),
            subject: mail.subject,
            body: mail.body,
            kind,
            secret,
        },
        now,
    )
}

/// Queues the summary of a new user's configuration (sent to the user, as the manual says),
/// in the user's language.
pub fn user_created(repo: &dyn Repo, user: &UserRow, url: &str, now: &str) -> StoreResult<()> {
    let mut permissions = String::new();
    for area in Area::ALL {
        let _ = writeln!(
            permissions,
            "  {:<18} {}",
            area.key(),
            user.permissions.get(area)
        );
    }
    let mail = match Lang::of(&user.language) {
        Lang::En => en::mail::user_created(user, &permissions, url),
        Lang::It => it::mail::user_created(user, &permissions, url),
    };
    queue(repo, &user.email, mail, "user_created", None, now)
}

/// A Store order's step, mailed to its buyer in the buyer's language: received, confirmed
/// (the minutes are in the package), rejected (with the reason).
pub fn order_event(
    repo: &dyn Repo,
    order: &OrderRow,
    buyer: &UserRow,
    url: &str,
    now: &str,
) -> StoreResult<()> {
    let mail = match Lang::of(&buyer.language) {
        Lang::En => en::mail::order_event(order, buyer, url),
        Lang::It => it::mail::order_event(order, buyer, url),
    };
    queue(repo, &buyer.email, mail, "order", None, now)
}

/// Queues the invitation of a user created without a password: a single-use code to choose
/// one (the code is stored apart from the body, see [`CODE_PLACEHOLDER`]).
pub fn invitation(
    repo: &dyn Repo,
    user: &UserRow,
    code: &str,
    ttl: Duration,
    url: &str,
    now: &str,
) -> StoreResult<()> {
    let mail = match Lang::of(&user.language) {
        Lang::En => en::mail::invitation(user, ttl, url),
        Lang::It => it::mail::invitation(user, ttl, url),
    };
    let secret = MailSecret {
        value: code.to_owned(),
        expires_at: clock::in_future(ttl),
    };
    queue(repo, &user.email, mail, "invitation", Some(secret), now)
}

pub fn password_changed(repo: &dyn Repo, user: &UserRow, url: &str, now: &str) -> StoreResult<()> {
    let mail = match Lang::of(&user.language) {
        Lang::En => en::mail::password_changed(user, url, now),
        Lang::It => it::mail::password_changed(user, url, now),
    };
    queue(repo, &user.email, mail, "password_changed", None, now)
}

pub fn password_reset(
    repo: &dyn Repo,
    user: &UserRow,
    code: &str,
    ttl: Duration,
    url: &str,
    now: &str,
) -> StoreResult<()> {
    let mail = match Lang::of(&user.language) {
        Lang::En => en::mail::password_reset(user, ttl, url),
        Lang::It => it::mail::password_reset(user, ttl, url),
    };
    let secret = MailSecret {
        value: code.to_owned(),
        expires_at: clock::in_future(ttl),
    };
    queue(repo, &user.email, mail, "password_reset", Some(secret), now)
}

/// The ticket events that notify by mail.
#[derive(Debug, Clone, Copy)]
pub enum TicketEvent<'a> {
    Created,
    Taken,
    Answered {
        body: &'a str,
    },
    Comment {
        author: &'a str,
        body: &'a str,
    },
    /// By `customer`, `staff` or `system`.
    Closed {
        by: &'a str,
    },
    /// `by` is the person's name; `comment` why, when given.
    Reopened {
        by: &'a str,
        comment: Option<&'a str>,
    },
}

impl TicketEvent<'_> {
    /// The outbox's kind of the mail.
    fn kind(self) -> &'static str {
        match self {
            TicketEvent::Created => "ticket_created",
            TicketEvent::Taken => "ticket_taken",
            TicketEvent::Answered { .. } => "ticket_answered",
            TicketEvent::Comment { .. } => "ticket_comment",
            TicketEvent::Closed { .. } => "ticket_closed",
            TicketEvent::Reopened { .. } => "ticket_reopened",
        }
    }
}

/// Queues the mail of a ticket event to each recipient, in the recipient's language.
pub fn ticket_event(
    repo: &dyn Repo,
    t: &TicketRow,
    event: TicketEvent,
    recipients: &[Recipient],
    url: &str,
    now: &str,
) -> StoreResult<()> {
    for to in recipients {
        let mail = match Lang::of(&to.lang) {
            Lang::En => en::mail::ticket_event(t, event, url),
            Lang::It => it::mail::ticket_event(t, event, url),
        };
        queue(repo, &to.email, mail, event.kind(), None, now)?;
    }
    Ok(())
}
