//! The help desk's console, for staff accounts only: the queue of every company's tickets
//! (`/desk`) and a ticket with everything the desk does to it (`/desk/ticket/N`). The same
//! `service::tickets` use cases as `lhs desk …` and the API; a customer account finds no
//! page here, whatever URL it types (404).

pub mod catalog;
pub mod contents;
pub mod courses;
pub mod customers;
pub mod mail;
pub mod orders;
pub mod packages;
pub mod queue;
pub mod staff;
pub mod stats;
pub mod ticket;
pub mod updates;

use crate::server::auth::Caller;

/// Whether the caller works at the help desk (the pages answer 404 to anyone else).
pub fn is_desk(c: &Caller) -> bool {
    c.is_staff()
}

/// How long ago `ts` was, as the queue says it: `40 min`, `5 h`, `3 g 4 h` (`3 d 4 h`).
pub fn waited(ts: &str, lang: crate::server::i18n::Lang) -> String {
    let Ok(t) = chrono::DateTime::parse_from_rfc3339(ts) else {
        return String::new();
    };
    let mins = (chrono::Utc::now() - t.with_timezone(&chrono::Utc))
        .num_minutes()
        .max(0);
    let day = match lang {
        crate::server::i18n::Lang::It => "g",
        crate::server::i18n::Lang::En => "d",
    };
    match mins {
        m if m < 60 => format!("{m} min"),
        m if m < 24 * 60 => format!("{} h", m / 60),
        m => format!("{} {day} {} h", m / (24 * 60), (m % (24 * 60)) / 60),
    }
}
