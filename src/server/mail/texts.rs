//! What each notification says, in Italian and English, and to whom: every function queues
//! its mail in the outbox inside the caller's transaction. Nothing here talks SMTP.

use std::fmt::Write as _;
use std::time::Duration;

use crate::domain::permissions::Area;
use crate::server::clock;
use crate::server::store::{MailSecret, NewMail, Recipient, Repo, StoreResult, TicketRow, UserRow};

/// Where a mail's code goes in its stored body; the code itself is kept apart.
pub const CODE_PLACEHOLDER: &str = "{{CODICE}}";

fn signature(public_url: &str) -> String {
    format!(
        "\n\n--\nPortale clienti: {public_url}\nQuesta e-mail è stata inviata automaticamente, non rispondere.\n"
    )
}

/// Queues the summary of a new user's configuration (sent to the user, as the manual says),
/// in the user's language.
pub fn user_created(repo: &dyn Repo, user: &UserRow, url: &str, now: &str) -> StoreResult<()> {
    let en = user.language == "en";
    let mut body = if en {
        format!(
            "Dear {},\n\nyour account on the customer portal has been created.\n\n\
             Customer: {} ({})\nAccount:  {}\nE-mail:   {}\nActive:   {}\n\nPermissions:\n",
            user.full_name(),
            user.company_name.as_deref().unwrap_or("-"),
            user.company_code.as_deref().unwrap_or("-"),
            user.account,
            user.email,
            if user.active { "yes" } else { "no" },
        )
    } else {
        format!(
            "Gentile {},\n\nè stata creata la tua utenza sul portale clienti.\n\n\
             Cliente:  {} ({})\nAccount:  {}\nE-mail:   {}\nAttivo:   {}\n\nPermessi:\n",
            user.full_name(),
            user.company_name.as_deref().unwrap_or("-"),
            user.company_code.as_deref().unwrap_or("-"),
            user.account,
            user.email,
            if user.active { "sì" } else { "no" },
        )
    };
    for area in Area::ALL {
        let _ = writeln!(body, "  {:<18} {}", area.key(), user.permissions.get(area));
    }
    body.push_str(&signature_in(url, &user.language));
    repo.enqueue_mail(
        &NewMail {
            to: user.email.clone(),
            subject: if en {
                format!("New account on the customer portal: {}", user.account)
            } else {
                format!("Nuova utenza sul portale clienti: {}", user.account)
            },
            body,
            kind: "user_created",
            secret: None,
        },
        now,
    )
}

/// A Store order's step, mailed to its buyer in the buyer's language: received, confirmed
/// (the minutes are in the package), rejected (with the reason).
pub fn order_event(
    repo: &dyn Repo,
    order: &crate::server::store::OrderRow,
    buyer: &UserRow,
    url: &str,
    now: &str,
) -> StoreResult<()> {
    let en = buyer.language == "en";
    let lang = if en { "en" } else { "it" };
    let what = format!(
        "{} ({} min, {})",
        order.package_name,
        order.minutes,
        crate::domain::shop::euro(order.price_cents, lang)
    );
    let (subject, text) = match (order.status.as_str(), en) {
        ("confirmed", false) => (
            format!("Ordine {} confermato", order.id),
            format!(
                "il tuo ordine {} di {what} è stato confermato: i minuti sono stati accreditati al pacchetto SMART di {}.\n\nSaldo: lhs package",
                order.id, order.customer_code
            ),
        ),
        ("confirmed", true) => (
            format!("Order {} confirmed", order.id),
            format!(
                "your order {} for {what} has been confirmed: the minutes are now in {}'s SMART package.\n\nBalance: lhs package",
                order.id, order.customer_code
            ),
        ),
        ("rejected", false) => (
            format!("Ordine {} rifiutato", order.id),
            format!(
                "il tuo ordine {} di {what} è stato rifiutato.\n\nMotivo: {}",
                order.id,
                order.reason.as_deref().unwrap_or("-")
            ),
        ),
        ("rejected", true) => (
            format!("Order {} rejected", order.id),
            format!(
                "your order {} for {what} has been rejected.\n\nReason: {}",
                order.id,
                order.reason.as_deref().unwrap_or("-")
            ),
        ),
        (_, false) => (
            format!("Ordine {} ricevuto", order.id),
            format!(
                "abbiamo ricevuto il tuo ordine {} di {what}. Ti scriveremo quando sarà confermato.\n\nStato: lhs store orders",
                order.id
            ),
        ),
        (_, true) => (
            format!("Order {} received", order.id),
            format!(
                "we have received your order {} for {what}. We will write again once it is confirmed.\n\nStatus: lhs store orders",
                order.id
            ),
        ),
    };
    let greeting = if en { "Dear" } else { "Gentile" };
    let body = format!(
        "{greeting} {},\n\n{text}{}",
        buyer.full_name(),
        signature_in(url, lang)
    );
    repo.enqueue_mail(
        &NewMail {
            to: buyer.email.clone(),
            subject,
            body,
            kind: "order",
            secret: None,
        },
        now,
    )
}

fn signature_in(public_url: &str, lang: &str) -> String {
    if lang == "en" {
        format!(
            "\n\n--\nCustomer portal: {public_url}\nThis e-mail was sent automatically; please do not reply.\n"
        )
    } else {
        signature(public_url)
    }
}

/// How a person should run `lhs password reset` with a mailed code: the code pasted at the
/// prompt (or piped), never typed on the command line.
fn code_instructions(url: &str, en: bool) -> String {
    if en {
        format!(
            "From the command line:\n\n    lhs password reset --host {url}\n\n\
             and paste the code when asked (in a script: give it on standard input with\n\
             `--token -`). Never type the code on the command line: other users of the computer\n\
             and the shell history would see it."
        )
    } else {
        format!(
            "Da riga di comando:\n\n    lhs password reset --host {url}\n\n\
             e incolla il codice quando viene chiesto (in uno script: passalo su standard input\n\
             con `--token -`). Non scrivere mai il codice sulla riga di comando: resterebbe\n\
             visibile agli altri utenti del computer e nella cronologia della shell."
        )
    }
}

fn duration_text(ttl: Duration, en: bool) -> String {
    let mins = ttl.as_secs() / 60;
    let (days, hours, minutes) = if en {
        ("days", "hours", "minutes")
    } else {
        ("giorni", "ore", "minuti")
    };
    if mins >= 2 * 24 * 60 && mins.is_multiple_of(24 * 60) {
        format!("{} {days}", mins / (24 * 60))
    } else if mins >= 120 && mins.is_multiple_of(60) {
        format!("{} {hours}", mins / 60)
    } else {
        format!("{mins} {minutes}")
    }
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
    let en = user.language == "en";
    let body = if en {
        format!(
            "Dear {},\n\nto use the customer portal with the account {} choose your password.\n\n\
             Invitation code (valid {}, single use):\n\n    {CODE_PLACEHOLDER}\n\n{}\n\n\
             Then log in with:  lhs login --host {url} --user {}{}",
            user.full_name(),
            user.account,
            duration_text(ttl, true),
            code_instructions(url, true),
            user.account,
            signature_in(url, "en")
        )
    } else {
        format!(
            "Gentile {},\n\nper accedere al portale clienti con l'account {} scegli la tua password.\n\n\
             Codice di invito (valido {}, utilizzabile una sola volta):\n\n    {CODE_PLACEHOLDER}\n\n{}\n\n\
             Poi accedi con:  lhs login --host {url} --user {}{}",
            user.full_name(),
            user.account,
            duration_text(ttl, false),
            code_instructions(url, false),
            user.account,
            signature(url)
        )
    };
    repo.enqueue_mail(
        &NewMail {
            to: user.email.clone(),
            subject: if en {
                format!("Choose your customer portal password: {}", user.account)
            } else {
                format!("Scegli la password del portale clienti: {}", user.account)
            },
            body,
            kind: "invitation",
            secret: Some(MailSecret {
                value: code.to_owned(),
                expires_at: clock::in_future(ttl),
            }),
        },
        now,
    )
}

pub fn password_changed(repo: &dyn Repo, user: &UserRow, url: &str, now: &str) -> StoreResult<()> {
    let en = user.language == "en";
    let body = if en {
        format!(
            "Dear {},\n\nthe password of the account {} was changed on {now}.\n\
             If it was not you, use \"forgot password\" at once and tell the help desk.{}",
            user.full_name(),
            user.account,
            signature_in(url, "en")
        )
    } else {
        format!(
            "Gentile {},\n\nla password dell'account {} è stata modificata il {now}.\n\
             Se non sei stato tu, usa subito \"Password dimenticata\" e avvisa l'assistenza.{}",
            user.full_name(),
            user.account,
            signature(url)
        )
    };
    repo.enqueue_mail(
        &NewMail {
            to: user.email.clone(),
            subject: if en {
                "Password changed"
            } else {
                "Password modificata"
            }
            .into(),
            body,
            kind: "password_changed",
            secret: None,
        },
        now,
    )
}

pub fn password_reset(
    repo: &dyn Repo,
    user: &UserRow,
    code: &str,
    ttl: Duration,
    url: &str,
    now: &str,
) -> StoreResult<()> {
    let en = user.language == "en";
    let body = if en {
        format!(
            "Dear {},\n\na reset of the password of the account {} was requested.\n\n\
             Reset code (valid {}, single use):\n\n    {CODE_PLACEHOLDER}\n\n{}\n\n\
             If you did not ask for it, ignore this message.{}",
            user.full_name(),
            user.account,
            duration_text(ttl, true),
            code_instructions(url, true),
            signature_in(url, "en")
        )
    } else {
        format!(
            "Gentile {},\n\nè stata chiesta la reimpostazione della password dell'account {}.\n\n\
             Codice di reimpostazione (valido {}, utilizzabile una sola volta):\n\n    {CODE_PLACEHOLDER}\n\n{}\n\n\
             Se non hai chiesto tu la reimpostazione, ignora questo messaggio.{}",
            user.full_name(),
            user.account,
            duration_text(ttl, false),
            code_instructions(url, false),
            signature(url)
        )
    };
    repo.enqueue_mail(
        &NewMail {
            to: user.email.clone(),
            subject: if en {
                "Password reset"
            } else {
                "Reimpostazione della password"
            }
            .into(),
            body,
            kind: "password_reset",
            secret: Some(MailSecret {
                value: code.to_owned(),
                expires_at: clock::in_future(ttl),
            }),
        },
        now,
    )
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

/// Queues the mail of a ticket event to each recipient, in the recipient's language.
pub fn ticket_event(
    repo: &dyn Repo,
    t: &TicketRow,
    event: TicketEvent,
    recipients: &[Recipient],
    url: &str,
    now: &str,
) -> StoreResult<()> {
    let n = t.id;
    let tech = t.technician_account.as_deref();
    for to in recipients {
        let en = to.lang == "en";
        let (kind, subject, lead) = match (event, en) {
            (TicketEvent::Created, false) => (
                "ticket_created",
                format!("Ticket {n} inserito: {}", t.subject),
                "il ticket è stato inserito e sarà preso in carico dall'assistenza.".to_owned(),
            ),
            (TicketEvent::Created, true) => (
                "ticket_created",
                format!("Ticket {n} opened: {}", t.subject),
                "the ticket has been opened and will be taken in charge by the help desk."
                    .to_owned(),
            ),
            (TicketEvent::Taken, false) => (
                "ticket_taken",
                format!("Ticket {n} preso in carico"),
                format!(
                    "il ticket è stato preso in carico da {}.",
                    tech.unwrap_or("un tecnico")
                ),
            ),
            (TicketEvent::Taken, true) => (
                "ticket_taken",
                format!("Ticket {n} taken in charge"),
                format!(
                    "the ticket has been taken in charge by {}.",
                    tech.unwrap_or("a technician")
                ),
            ),
            (TicketEvent::Answered { body }, false) => (
                "ticket_answered",
                format!("Ticket {n} risposto"),
                format!("l'assistenza ha risposto:\n\n{body}"),
            ),
            (TicketEvent::Answered { body }, true) => (
                "ticket_answered",
                format!("Ticket {n} answered"),
                format!("the help desk has answered:\n\n{body}"),
            ),
            (TicketEvent::Comment { author, body }, false) => (
                "ticket_comment",
                format!("Nuovo commento sul ticket {n}"),
                format!("{author} ha aggiunto un commento:\n\n{body}"),
            ),
            (TicketEvent::Comment { author, body }, true) => (
                "ticket_comment",
                format!("New comment on ticket {n}"),
                format!("{author} added a comment:\n\n{body}"),
            ),
            (TicketEvent::Closed { by }, false) => (
                "ticket_closed",
                format!("Ticket {n} chiuso"),
                format!(
                    "il ticket è stato chiuso ({}).",
                    match by {
                        "customer" => "dal cliente",
                        "staff" => "dall'assistenza",
                        _ => "dal sistema dopo la risposta, senza ulteriori attività del cliente",
                    }
                ),
            ),
            (TicketEvent::Reopened { by, comment }, false) => (
                "ticket_reopened",
                format!("Ticket {n} riaperto"),
                match comment {
                    Some(c) => format!("{by} ha riaperto il ticket:\n\n{c}"),
                    None => format!("{by} ha riaperto il ticket."),
                },
            ),
            (TicketEvent::Reopened { by, comment }, true) => (
                "ticket_reopened",
                format!("Ticket {n} reopened"),
                match comment {
                    Some(c) => format!("{by} reopened the ticket:\n\n{c}"),
                    None => format!("{by} reopened the ticket."),
                },
            ),
            (TicketEvent::Closed { by }, true) => (
                "ticket_closed",
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
        let body = if en {
            format!(
                "Hello,\n\n{lead}\n\nTicket:   {n}\nSubject:  {}\nSection:  {} › {} › {}\nState:    {}\n\n\
                 From the command line:  lhs tickets view {n}{}",
                t.subject,
                t.macro_area,
                t.area,
                t.section,
                t.state.label(),
                signature_in(url, "en")
            )
        } else {
            format!(
                "Buongiorno,\n\n{lead}\n\nTicket:   {n}\nOggetto:  {}\nSezione:  {} › {} › {}\nStato:    {}\n\n\
                 Da riga di comando:  lhs tickets view {n}{}",
                t.subject,
                t.macro_area,
                t.area,
                t.section,
                t.state.label(),
                signature(url)
            )
        };
        repo.enqueue_mail(
            &NewMail {
                to: to.email.clone(),
                subject,
                body,
                kind,
                secret: None,
            },
            now,
        )?;
    }
    Ok(())
}
