//! Every notification mail, in English (for users whose language is `en`).

use std::time::Duration;

use crate::server::i18n::Mail;
use crate::server::mail::{CODE_PLACEHOLDER, TicketEvent};
use crate::server::store::{OrderRow, TicketRow, UserRow};

fn signature(public_url: &str) -> String {
    format!(
        "\n\n--\nCustomer portal: {public_url}\nThis e-mail was sent automatically; please do not reply.\n"
    )
}

/// How a person uses a mailed code: the link to the portal's page (the code in the fragment,
/// which reaches no server), or `lhs password reset` with the code pasted at the prompt (or
/// piped), never typed on the command line.
fn code_instructions(url: &str) -> String {
    format!(
        "In a browser, open this address, which fills the code in for you:\n\n    {url}/password/nuova#codice={CODE_PLACEHOLDER}\n\n\
         (or open {url}/password/nuova and paste the code).\n\n\
         From the command line:\n\n    lhs password reset --host {url}\n\n\
         and paste the code when asked (in a script: give it on standard input with\n\
         `--token -`). Never type the code on the command line: other users of the computer\n\
         and the shell history would see it."
    )
}

fn duration_text(ttl: Duration) -> String {
    super::super::duration_text(ttl, ("days", "hours", "minutes"))
}

/// The summary of a new user's configuration; `permissions` is its formatted matrix.
pub fn user_created(user: &UserRow, permissions: &str, url: &str) -> Mail {
    let mut body = format!(
        "Dear {},\n\nyour account on the customer portal has been created.\n\n\
         Customer: {} ({})\nAccount:  {}\nE-mail:   {}\nActive:   {}\n\nPermissions:\n",
        user.full_name(),
        user.company_name.as_deref().unwrap_or("-"),
        user.company_code.as_deref().unwrap_or("-"),
        user.account,
        user.email,
        if user.active { "yes" } else { "no" },
    );
    body.push_str(permissions);
    body.push_str(&signature(url));
    Mail {
        subject: format!("New account on the customer portal: {}", user.account),
        body,
    }
}

/// A Store order's step: received, confirmed, rejected.
pub fn order_event(order: &OrderRow, buyer: &UserRow, url: &str) -> Mail {
    let what = format!(
        "{} ({} min, {})",
        order.package_name,
        order.minutes,
        crate::domain::shop::euro(order.price_cents, "en")
    );
    let (subject, text) = match order.status.as_str() {
        "confirmed" => (
            format!("Order {} confirmed", order.id),
            format!(
                "your order {} for {what} has been confirmed: the minutes are now in {}'s SMART package.\n\nBalance: lhs package",
                order.id, order.customer_code
            ),
        ),
        "rejected" => (
            format!("Order {} rejected", order.id),
            format!(
                "your order {} for {what} has been rejected.\n\nReason: {}",
                order.id,
                order.reason.as_deref().unwrap_or("-")
            ),
        ),
        _ => (
            format!("Order {} received", order.id),
            format!(
                "we have received your order {} for {what}. We will write again once it is confirmed.\n\nStatus: lhs store orders",
                order.id
            ),
        ),
    };
    Mail {
        subject,
        body: format!("Dear {},\n\n{text}{}", buyer.full_name(), signature(url)),
    }
}

/// The invitation to choose a first password (the code's place marked).
pub fn invitation(user: &UserRow, ttl: Duration, url: &str) -> Mail {
    Mail {
        subject: format!("Choose your customer portal password: {}", user.account),
        body: format!(
            "Dear {},\n\nto use the customer portal with the account {} choose your password.\n\n\
             Invitation code (valid {}, single use):\n\n    {CODE_PLACEHOLDER}\n\n{}\n\n\
             Then log in with:  lhs login --host {url} --user {}{}",
            user.full_name(),
            user.account,
            duration_text(ttl),
            code_instructions(url),
            user.account,
            signature(url)
        ),
    }
}

pub fn password_changed(user: &UserRow, url: &str, now: &str) -> Mail {
    Mail {
        subject: "Password changed".into(),
        body: format!(
            "Dear {},\n\nthe password of the account {} was changed on {now}.\n\
             If it was not you, use \"forgot password\" at once and tell the help desk.{}",
            user.full_name(),
            user.account,
            signature(url)
        ),
    }
}

/// A reset code (its place marked).
pub fn password_reset(user: &UserRow, ttl: Duration, url: &str) -> Mail {
    Mail {
        subject: "Password reset".into(),
        body: format!(
            "Dear {},\n\na reset of the password of the account {} was requested.\n\n\
             Reset code (valid {}, single use):\n\n    {CODE_PLACEHOLDER}\n\n{}\n\n\
             If you did not ask for it, ignore this message.{}",
            user.full_name(),
            user.account,
            duration_text(ttl),
            code_instructions(url),
            signature(url)
        ),
    }
}

/// A ticket event.
pub fn ticket_event(t: &TicketRow, event: TicketEvent, url: &str) -> Mail {
    let n = t.id;
    let tech = t.technician_account.as_deref();
    let (subject, lead) = match event {
        TicketEvent::Created => (
            format!("Ticket {n} opened: {}", t.subject),
            "the ticket has been opened and will be taken in charge by the help desk.".to_owned(),
        ),
        TicketEvent::Taken => (
            format!("Ticket {n} taken in charge"),
            format!(
                "the ticket has been taken in charge by {}.",
                tech.unwrap_or("a technician")
            ),
        ),
        TicketEvent::Answered { body } => (
            format!("Ticket {n} answered"),
            format!("the help desk has answered:\n\n{body}"),
        ),
        TicketEvent::Comment { author, body } => (
            format!("New comment on ticket {n}"),
            format!("{author} added a comment:\n\n{body}"),
        ),
        TicketEvent::Reopened { by, comment } => (
            format!("Ticket {n} reopened"),
            match comment {
                Some(c) => format!("{by} reopened the ticket:\n\n{c}"),
                None => format!("{by} reopened the ticket."),
            },
        ),
        TicketEvent::Closed { by } => (
            format!("Ticket {n} closed"),
            format!(
                "the ticket has been closed ({}).",
                match by {
                    "customer" => "by the customer",
                    "staff" => "by the help desk",
                    _ =>
                        "by the system after the answer, with no further activity from the customer",
                }
            ),
        ),
    };
    Mail {
        subject,
        body: format!(
            "Hello,\n\n{lead}\n\nTicket:   {n}\nSubject:  {}\nSection:  {} › {} › {}\nState:    {}\n\n\
             From the command line:  lhs tickets view {n}{}",
            t.subject,
            t.macro_area,
            t.area,
            t.section,
            t.state.label(),
            signature(url)
        ),
    }
}
