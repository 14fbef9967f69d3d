//! Ogni mail di notifica, in italiano (la lingua predefinita degli utenti).

use std::time::Duration;

use crate::server::i18n::Mail;
use crate::server::mail::{CODE_PLACEHOLDER, TicketEvent};
use crate::server::store::{OrderRow, TicketRow, UserRow};

fn signature(public_url: &str) -> String {
    format!(
        "\n\n--\nPortale clienti: {public_url}\nQuesta e-mail è stata inviata automaticamente, non rispondere.\n"
    )
}

/// Come usare un codice ricevuto: il link alla pagina del portale (il codice nel frammento,
/// che non arriva a nessun server), o `lhs password reset` con il codice incollato al prompt (o via pipe),
/// mai scritto sulla riga di comando.
fn code_instructions(url: &str) -> String {
    format!(
        "Nel browser apri questo indirizzo, che inserisce il codice per te:\n\n    {url}/password/nuova#codice={CODE_PLACEHOLDER}\n\n\
         (oppure apri {url}/password/nuova e incolla il codice).\n\n\
         Da riga di comando:\n\n    lhs password reset --host {url}\n\n\
         e incolla il codice quando viene chiesto (in uno script: passalo su standard input\n\
         con `--token -`). Non scrivere mai il codice sulla riga di comando: resterebbe\n\
         visibile agli altri utenti del computer e nella cronologia della shell."
    )
}

fn duration_text(ttl: Duration) -> String {
    super::super::duration_text(ttl, ("giorni", "ore", "minuti"))
}

/// Il riepilogo della configurazione di un nuovo utente; `permissions` è la sua matrice.
pub fn user_created(user: &UserRow, permissions: &str, url: &str) -> Mail {
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
    body.push_str(permissions);
    body.push_str(&signature(url));
    Mail {
        subject: format!("Nuova utenza sul portale clienti: {}", user.account),
        body,
    }
}

/// Un passo di un ordine dello Store: ricevuto, confermato, rifiutato.
pub fn order_event(order: &OrderRow, buyer: &UserRow, url: &str) -> Mail {
    let what = format!(
        "{} ({} min, {})",
        order.package_name,
        order.minutes,
        crate::domain::shop::euro(order.price_cents, "it")
    );
    let (subject, text) = match order.status.as_str() {
        "confirmed" => (
            format!("Ordine {} confermato", order.id),
            format!(
                "il tuo ordine {} di {what} è stato confermato: i minuti sono stati accreditati al pacchetto SMART di {}.\n\nSaldo: lhs package",
                order.id, order.customer_code
            ),
        ),
        "rejected" => (
            format!("Ordine {} rifiutato", order.id),
            format!(
                "il tuo ordine {} di {what} è stato rifiutato.\n\nMotivo: {}",
                order.id,
                order.reason.as_deref().unwrap_or("-")
            ),
        ),
        _ => (
            format!("Ordine {} ricevuto", order.id),
            format!(
                "abbiamo ricevuto il tuo ordine {} di {what}. Ti scriveremo quando sarà confermato.\n\nStato: lhs store orders",
                order.id
            ),
        ),
    };
    Mail {
        subject,
        body: format!("Gentile {},\n\n{text}{}", buyer.full_name(), signature(url)),
    }
}

/// L'invito a scegliere la prima password (il posto del codice segnato).
pub fn invitation(user: &UserRow, ttl: Duration, url: &str) -> Mail {
    Mail {
        subject: format!("Scegli la password del portale clienti: {}", user.account),
        body: format!(
            "Gentile {},\n\nper accedere al portale clienti con l'account {} scegli la tua password.\n\n\
             Codice di invito (valido {}, utilizzabile una sola volta):\n\n    {CODE_PLACEHOLDER}\n\n{}\n\n\
             Poi accedi con:  lhs login --host {url} --user {}{}",
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
        subject: "Password modificata".into(),
        body: format!(
            "Gentile {},\n\nla password dell'account {} è stata modificata il {now}.\n\
             Se non sei stato tu, usa subito \"Password dimenticata\" e avvisa l'assistenza.{}",
            user.full_name(),
            user.account,
            signature(url)
        ),
    }
}

/// Un codice di reimpostazione (il suo posto segnato).
pub fn password_reset(user: &UserRow, ttl: Duration, url: &str) -> Mail {
    Mail {
        subject: "Reimpostazione della password".into(),
        body: format!(
            "Gentile {},\n\nè stata chiesta la reimpostazione della password dell'account {}.\n\n\
             Codice di reimpostazione (valido {}, utilizzabile una sola volta):\n\n    {CODE_PLACEHOLDER}\n\n{}\n\n\
             Se non hai chiesto tu la reimpostazione, ignora questo messaggio.{}",
            user.full_name(),
            user.account,
            duration_text(ttl),
            code_instructions(url),
            signature(url)
        ),
    }
}

/// Un evento di un ticket.
pub fn ticket_event(t: &TicketRow, event: TicketEvent, url: &str) -> Mail {
    let n = t.id;
    let tech = t.technician_account.as_deref();
    let (subject, lead) = match event {
        TicketEvent::Created => (
            format!("Ticket {n} inserito: {}", t.subject),
            "il ticket è stato inserito e sarà preso in carico dall'assistenza.".to_owned(),
        ),
        TicketEvent::Taken => (
            format!("Ticket {n} preso in carico"),
            format!(
                "il ticket è stato preso in carico da {}.",
                tech.unwrap_or("un tecnico")
            ),
        ),
        TicketEvent::Answered { body } => (
            format!("Ticket {n} risposto"),
            format!("l'assistenza ha risposto:\n\n{body}"),
        ),
        TicketEvent::Comment { author, body } => (
            format!("Nuovo commento sul ticket {n}"),
            format!("{author} ha aggiunto un commento:\n\n{body}"),
        ),
        TicketEvent::Closed { by } => (
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
        TicketEvent::Reopened { by, comment } => (
            format!("Ticket {n} riaperto"),
            match comment {
                Some(c) => format!("{by} ha riaperto il ticket:\n\n{c}"),
                None => format!("{by} ha riaperto il ticket."),
            },
        ),
    };
    Mail {
        subject,
        body: format!(
            "Buongiorno,\n\n{lead}\n\nTicket:   {n}\nOggetto:  {}\nSezione:  {} › {} › {}\nStato:    {}\n\n\
             Da riga di comando:  lhs tickets view {n}{}",
            t.subject,
            t.macro_area,
            t.area,
            t.section,
            t.state.label(),
            signature(url)
        ),
    }
}
