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

use axum::response::Response;

use super::Visitor;
use crate::server::AppState;
use crate::server::auth::Caller;
use crate::server::service;
use crate::server::store::Repo;

/// Whether the caller works at the help desk (the pages answer 404 to anyone else).
pub fn is_desk(c: &Caller) -> bool {
    c.is_staff()
}

/// What a desk page reads, as its visitor: the data and the visitor's account — or the page
/// to answer instead (the sign-in page, not found for anyone but staff, the refusal).
pub async fn read<R: Send + 'static>(
    st: &AppState,
    v: &Visitor,
    mut f: impl FnMut(&dyn Repo, &Caller) -> service::Result<R> + Send + 'static,
) -> Result<(R, String), Response> {
    let Some(auth) = v.auth() else {
        return Err(super::to_sign_in(v, None));
    };
    let got = st
        .service_read(auth, move |r, c| {
            if !is_desk(c) {
                return Ok(None);
            }
            Ok(Some((f(r, c)?, c.user.account.clone())))
        })
        .await;
    match got {
        Ok(Some(x)) => Ok(x),
        Ok(None) => Err(super::not_found(v)),
        Err(e) => Err(super::signed_in_refusal(v, &e)),
    }
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
