//! E-mail: the texts of every notification (queued in the outbox inside the transaction of the
//! change that causes it) and the worker that delivers the outbox over SMTP with retries.
//!
//! Delivery is at-least-once: a mail is marked sent only after the SMTP server accepted it, so
//! a crash between the two re-sends rather than loses it. Reset links carry a single-use token,
//! never a password; the only password ever mailed is a generated temporary one.

use std::fmt::Write as _;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::watch;

use crate::domain::permissions::Area;
use crate::server::AppState;
use crate::server::clock;
use crate::server::error::ApiResult;
use crate::server::store::{NewMail, Repo, TicketRow, UserRow, run};

/// Attempts before a mail is marked `failed`.
pub const MAX_ATTEMPTS: i64 = 8;

pub type Transport = AsyncSmtpTransport<Tokio1Executor>;

/// Builds the SMTP transport from `smtp://`, `smtp://…?tls=required` or `smtps://` URLs.
pub fn transport(url: &str) -> anyhow::Result<Transport> {
    let t = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .map_err(|e| anyhow::anyhow!("invalid --smtp URL: {e}"))?
        .timeout(Some(Duration::from_secs(20)))
        .build();
    Ok(t)
}

fn signature(public_url: &str) -> String {
    format!(
        "\n\n--\nPortale clienti: {public_url}\nQuesta e-mail è stata inviata automaticamente, non rispondere.\n"
    )
}

/// Queues the summary of a new user's configuration (sent to the user, as the manual says).
pub fn user_created(repo: &dyn Repo, user: &UserRow, url: &str, now: &str) -> ApiResult<()> {
    let mut body = format!(
        "Gentile {},\n\nè stata creata la tua utenza sul portale clienti.\n\n\
         Cliente:  {} ({})\nAccount:  {}\nE-mail:   {}\nAttivo:   {}\n\nPermessi:\n",
        user.full_name(),
        user.company_name.as_deref().unwrap_or("-"),
        user.company_code.as_deref().unwrap_or("-"),
        user.account,
        user.email,
        if user.active { "sì" } else { "no" },
    );
    for area in Area::ALL {
        let _ = writeln!(body, "  {:<18} {}", area.key(), user.permissions.get(area));
    }
    body.push_str(&signature(url));
    repo.enqueue_mail(
        &NewMail {
            to: user.email.clone(),
            subject: format!("Nuova utenza sul portale clienti: {}", user.account),
            body,
            kind: "user_created",
        },
        now,
    )
}

pub fn temporary_password(
    repo: &dyn Repo,
    user: &UserRow,
    password: &str,
    url: &str,
    now: &str,
) -> ApiResult<()> {
    let body = format!(
        "Gentile {},\n\nper accedere al portale usa:\n\nAccount:   {}\nPassword temporanea: {}\n\n\
         Al primo accesso ti sarà chiesto di sceglierne una nuova.{}",
        user.full_name(),
        user.account,
        password,
        signature(url)
    );
    repo.enqueue_mail(
        &NewMail {
            to: user.email.clone(),
            subject: format!("Password temporanea per {}", user.account),
            body,
            kind: "temporary_password",
        },
        now,
    )
}

pub fn password_changed(repo: &dyn Repo, user: &UserRow, url: &str, now: &str) -> ApiResult<()> {
    let body = format!(
        "Gentile {},\n\nla password dell'account {} è stata modificata il {now}.\n\
         Se non sei stato tu, usa subito \"Password dimenticata\" e avvisa l'assistenza.{}",
        user.full_name(),
        user.account,
        signature(url)
    );
    repo.enqueue_mail(
        &NewMail {
            to: user.email.clone(),
            subject: "Password modificata".into(),
            body,
            kind: "password_changed",
        },
        now,
    )
}

pub fn password_reset(
    repo: &dyn Repo,
    user: &UserRow,
    token: &str,
    ttl: Duration,
    url: &str,
    now: &str,
) -> ApiResult<()> {
    let body = format!(
        "Gentile {},\n\nè stata chiesta la reimpostazione della password dell'account {}.\n\n\
         Codice di reimpostazione (valido {} minuti, utilizzabile una sola volta):\n\n    {token}\n\n\
         Da riga di comando:  lhs password reset --token {token}\n\n\
         Se non hai chiesto tu la reimpostazione, ignora questo messaggio.{}",
        user.full_name(),
        user.account,
        ttl.as_secs() / 60,
        signature(url)
    );
    repo.enqueue_mail(
        &NewMail {
            to: user.email.clone(),
            subject: "Reimpostazione della password".into(),
            body,
            kind: "password_reset",
        },
        now,
    )
}

/// The ticket events that notify by mail.
#[derive(Debug, Clone, Copy)]
pub enum TicketEvent<'a> {
    Created,
    Taken,
    Answered { body: &'a str },
    Comment { author: &'a str, body: &'a str },
    Closed { by: &'a str },
}

/// Queues the mail of a ticket event to each recipient.
pub fn ticket_event(
    repo: &dyn Repo,
    t: &TicketRow,
    event: TicketEvent,
    recipients: &[String],
    url: &str,
    now: &str,
) -> ApiResult<()> {
    let n = t.id;
    let (kind, subject, lead) = match event {
        TicketEvent::Created => (
            "ticket_created",
            format!("Ticket {n} inserito: {}", t.subject),
            "il ticket è stato inserito e sarà preso in carico dall'assistenza.".to_owned(),
        ),
        TicketEvent::Taken => (
            "ticket_taken",
            format!("Ticket {n} preso in carico"),
            format!(
                "il ticket è stato preso in carico da {}.",
                t.technician_account.as_deref().unwrap_or("un tecnico")
            ),
        ),
        TicketEvent::Answered { body } => (
            "ticket_answered",
            format!("Ticket {n} risposto"),
            format!("l'assistenza ha risposto:\n\n{body}"),
        ),
        TicketEvent::Comment { author, body } => (
            "ticket_comment",
            format!("Nuovo commento sul ticket {n}"),
            format!("{author} ha aggiunto un commento:\n\n{body}"),
        ),
        TicketEvent::Closed { by } => (
            "ticket_closed",
            format!("Ticket {n} chiuso"),
            format!("il ticket è stato chiuso ({by})."),
        ),
    };
    for to in recipients {
        let body = format!(
            "Buongiorno,\n\n{lead}\n\nTicket:   {n}\nOggetto:  {}\nSezione:  {} › {} › {}\nStato:    {}\n\n\
             Da riga di comando:  lhs tickets view {n}{}",
            t.subject,
            t.macro_area,
            t.area,
            t.section,
            t.state.label(),
            signature(url)
        );
        repo.enqueue_mail(
            &NewMail {
                to: to.clone(),
                subject: subject.clone(),
                body,
                kind,
            },
            now,
        )?;
    }
    Ok(())
}

fn backoff(attempts: i64) -> Duration {
    let secs = 5u64.saturating_mul(1 << attempts.clamp(0, 10));
    Duration::from_secs(secs.min(3600))
}

/// Delivers due mails until `stop` turns true; woken early by `state.mail_wakeup`.
pub async fn worker(state: AppState, transport: Transport, mut stop: watch::Receiver<bool>) {
    let from = state.settings.mail_from.clone();
    loop {
        if let Err(e) = deliver_due(&state, &transport, &from).await {
            tracing::warn!(error = %e.message, "mail delivery pass failed");
        }
        tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            () = state.mail_wakeup.notified() => {}
            () = tokio::time::sleep(state.settings.mail_interval) => {}
        }
    }
}

async fn deliver_due(state: &AppState, transport: &Transport, from: &str) -> ApiResult<()> {
    loop {
        let due = run(&state.store, |r| r.due_mail(&clock::now(), 20)).await?;
        if due.is_empty() {
            return Ok(());
        }
        for m in due {
            let result = match build(from, &m.to, &m.subject, &m.body) {
                Ok(msg) => transport
                    .send(msg)
                    .await
                    .map(|_| ())
                    .map_err(|e| (e.to_string(), e.is_permanent())),
                Err(e) => Err((e, true)),
            };
            let id = m.id;
            match result {
                Ok(()) => {
                    tracing::info!(mail = id, "mail sent");
                    run(&state.store, move |r| r.mark_mail_sent(id, &clock::now())).await?;
                }
                Err((err, permanent)) => {
                    let give_up = permanent || m.attempts + 1 >= MAX_ATTEMPTS;
                    tracing::warn!(mail = id, attempts = m.attempts + 1, give_up, error = %err, "mail not sent");
                    let next = clock::in_future(backoff(m.attempts));
                    run(&state.store, move |r| {
                        r.mark_mail_failed(id, &err, &next, give_up)
                    })
                    .await?;
                }
            }
        }
    }
}

fn build(from: &str, to: &str, subject: &str, body: &str) -> Result<Message, String> {
    Message::builder()
        .from(
            from.parse()
                .map_err(|e| format!("invalid sender `{from}`: {e}"))?,
        )
        .to(to
            .parse()
            .map_err(|e| format!("invalid recipient `{to}`: {e}"))?)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .map_err(|e| e.to_string())
}
