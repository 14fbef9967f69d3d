//! "Assistenza online → Gestione Ticket Web": the list of the tickets the visitor sees (their
//! own, or their company's, as `assistenza` says), with the manual's columns, the state chips,
//! the date range and the free search kept in the URL (Back and bookmarks restore them), 50 a
//! page with next and previous (keyset, never a silent cut); and "Chiudi ticket" on each open
//! one. Everything is `service::tickets`.

use askama::Template;
use axum::extract::{Form, Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::pager::Place;
use super::{Chrome, FieldError, Visitor, render};
use crate::domain::ticket::{Action, TicketState, allowed_actions};
use crate::server::AppState;
use crate::server::i18n::Lang;
use crate::server::service::{self, tickets};
use crate::wire::{TicketPage, TicketQuery, TicketSummary};

/// Tickets a page shows.
const PAGE: i64 = 50;

/// A state the filter offers.
pub struct StateChoice {
    pub value: &'static str,
    pub label: &'static str,
    pub on: bool,
}

/// A filter in force, as a link that removes it.
pub struct Chip {
    pub label: String,
    pub href: String,
}

/// One row of the table, ready to show.
pub struct Row {
    pub number: i64,
    pub created: String,
    pub user: String,
    pub technician: String,
    pub closed: String,
    pub state: &'static str,
    pub state_class: &'static str,
    pub section: String,
    pub subject: String,
    pub minutes: i64,
    pub priority: &'static str,
    pub closable: bool,
}

#[derive(Template)]
#[template(path = "tickets.html", config = "assets/askama.toml")]
pub struct TicketsPage {
    pub chrome: Chrome,
    pub notice: Option<String>,
    pub may_open: bool,
    pub states: Vec<StateChoice>,
    pub from: String,
    pub to: String,
    pub q: String,
    pub chips: Vec<Chip>,
    pub rows: Vec<Row>,
    pub previous: Option<String>,
    pub next: Option<String>,
}

chrome!(TicketsPage);

/// The list's filters and position, as the page's URL carries them.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub states: Vec<TicketState>,
    pub from: String,
    pub to: String,
    pub q: String,
    /// Where the list is (`dopo`, `indietro`), as on every list page.
    pub place: Place,
    /// The ticket just closed, for the notice.
    pub closed: Option<i64>,
    /// `stato` values that name no state (a typed or old address), refused by name.
    pub unknown_states: Vec<String>,
}

impl Filters {
    fn parse(raw: &str) -> Filters {
        let mut f = Filters::default();
        let (mut after, mut back) = (None, None);
        for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
            match k.as_ref() {
                "stato" => match TicketState::ALL.into_iter().find(|s| s.as_str() == v) {
                    Some(s) if !f.states.contains(&s) => f.states.push(s),
                    Some(_) => {}
                    None => f.unknown_states.push(v.chars().take(40).collect()),
                },
                "da" => f.from = v.trim().to_owned(),
                "a" => f.to = v.trim().to_owned(),
                "q" => f.q = v.into_owned(),
                "dopo" => after = Some(v.into_owned()),
                "indietro" => back = Some(v.into_owned()),
                "chiuso" => f.closed = v.parse().ok(),
                _ => {}
            }
        }
        f.place = Place::new(after, back);
        f
    }

    /// The filters as URL pairs (empty ones are left out where they are used).
    fn pairs(&self) -> Vec<(&str, &str)> {
        let mut out: Vec<(&str, &str)> =
            self.states.iter().map(|s| ("stato", s.as_str())).collect();
        out.extend([
            ("da", self.from.as_str()),
            ("a", self.to.as_str()),
            ("q", self.q.as_str()),
        ]);
        out
    }

    /// The URL of the list with these filters (and position).
    fn href(&self) -> String {
        self.place.here("/ticket", &self.pairs())
    }

    /// The same filters, from the first page.
    fn first_page(&self) -> Filters {
        Filters {
            place: Place::default(),
            closed: None,
            ..self.clone()
        }
    }
}

/// A moment as the page shows it: `06/12/2026 19:40` (Italian) or `2026-12-06 19:40`.
pub fn when(ts: &str, lang: Lang) -> String {
    chrono::DateTime::parse_from_rfc3339(ts).map_or_else(
        |_| ts.to_owned(),
        |d| {
            let local = d.with_timezone(&chrono::Local);
            match lang {
                Lang::It => local.format("%d/%m/%Y %H:%M").to_string(),
                Lang::En => local.format("%Y-%m-%d %H:%M").to_string(),
            }
        },
    )
}

fn row(t: &TicketSummary, lang: Lang, closable: bool) -> Row {
    Row {
        number: t.number,
        created: when(&t.created_at, lang),
        user: t.user_name.clone(),
        technician: t.technician.clone().unwrap_or_else(|| "-".into()),
        closed: t
            .closed_at
            .as_deref()
            .map(|c| when(c, lang))
            .unwrap_or_default(),
        state: lang.ui().state(t.state),
        state_class: t.state.as_str(),
        section: t.section.clone(),
        subject: t.subject.clone(),
        minutes: t.minutes,
        priority: lang.ui().priority(t.priority),
        closable,
    }
}

pub async fn list(State(st): State<AppState>, v: Visitor, RawQuery(raw): RawQuery) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    let t = v.lang.ui();
    let f = Filters::parse(raw.as_deref().unwrap_or(""));
    let mut errors: Vec<FieldError> = f
        .unknown_states
        .iter()
        .map(|bad| FieldError {
            field: "stato-inserito",
            message: t.unknown_state.replace("{value}", bad),
        })
        .collect();
    let mut date = |field: &'static str, value: &str| {
        if value.is_empty() {
            return None;
        }
        let parsed = crate::domain::validate::date(value).ok();
        if parsed.is_none() {
            errors.push(FieldError {
                field,
                message: t.date_format.into(),
            });
        }
        parsed
    };
    let query = TicketQuery {
        state: f.states.clone(),
        from: date("da", &f.from),
        to: date("a", &f.to),
        q: Some(f.q.clone()).filter(|q| !q.trim().is_empty()),
        cursor: f.place.cursor(),
        limit: Some(PAGE),
        ..TicketQuery::default()
    };
    let ok = errors.is_empty();
    let got = st
        .service_read(auth, move |r, c| {
            let page = if ok {
                Some(tickets::list(r, c, &query))
            } else {
                None
            };
            Ok((
                page.transpose(),
                tickets::may_open(c).is_ok(),
                c.ticket_actor(None),
                c.banner.clone(),
                c.user.account.clone(),
            ))
        })
        .await;
    let (page, may_open, actor, banner, who) = match got {
        Ok(x) => x,
        Err(e) => return super::signed_in_refusal(&v, &e),
    };
    let page = match page {
        Ok(p) => p.map(|p| (p, actor)),
        Err(e) => {
            let field = match &e {
                service::Error::InvertedRange { .. } => "da",
                service::Error::Invalid { field, .. } if field == "q" => "q",
                _ => return super::signed_in_refusal(&v, &e),
            };
            // The page again without rows: the filters as typed, the refusal beside them.
            errors.push(FieldError {
                field,
                message: super::say(v.lang, &e),
            });
            None
        }
    };
    page_of(&v, &f, errors, page, may_open, banner, who)
}

fn page_of(
    visitor: &Visitor,
    filters: &Filters,
    errors: Vec<FieldError>,
    page: Option<(TicketPage, crate::domain::ticket::Actor)>,
    may_open: bool,
    banner: Option<String>,
    who: String,
) -> Response {
    let words = visitor.lang.ui();
    let choices = TicketState::ALL
        .into_iter()
        .map(|s| StateChoice {
            value: s.as_str(),
            label: words.state(s),
            on: filters.states.contains(&s),
        })
        .collect();
    let mut chips = Vec::new();
    let first = filters.first_page();
    for s in &filters.states {
        let mut without = first.clone();
        without.states.retain(|x| x != s);
        chips.push(Chip {
            label: words.state(*s).into(),
            href: without.href(),
        });
    }
    for (label, which) in [
        (words.from_label, 0),
        (words.to_label, 1),
        (words.search_label, 2),
    ] {
        let value = [&filters.from, &filters.to, &filters.q][which];
        if value.is_empty() {
            continue;
        }
        let mut without = first.clone();
        [&mut without.from, &mut without.to, &mut without.q][which].clear();
        chips.push(Chip {
            label: format!("{label}: {value}"),
            href: without.href(),
        });
    }
    let (rows, next) = match page {
        Some((got, actor)) => {
            let rows = got
                .items
                .iter()
                .map(|x| {
                    let closable = allowed_actions(x.state, actor).contains(&Action::Close);
                    row(x, visitor.lang, closable)
                })
                .collect();
            (rows, got.next_cursor.filter(|_| got.has_more))
        }
        None => (vec![], None),
    };
    let links = filters.place.links("/ticket", &filters.pairs(), next);
    let (previous, next) = (links.previous, links.next);
    let notice = filters
        .closed
        .map(|n| words.ticket_closed.replace("{n}", &n.to_string()));
    let here = filters.href();
    render(&TicketsPage {
        chrome: Chrome::new(visitor, here)
            .errors(errors)
            .signed_in(banner, who),
        notice,
        may_open,
        states: choices,
        from: filters.from.clone(),
        to: filters.to.clone(),
        q: filters.q.clone(),
        chips,
        rows,
        previous,
        next,
    })
}

#[derive(Debug, Deserialize)]
pub struct Close {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    back: String,
}

/// "Chiudi ticket" / "Ok, risolto": closes the ticket, back to where the button was.
pub async fn close(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(number): Path<i64>,
    Form(f): Form<Close>,
) -> Response {
    let auth = match super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let env = st.env();
    match st
        .service_write(auth, move |r, c| tickets::close(r, c, &env, number))
        .await
    {
        Ok(_) => {
            let back = super::local_path(&f.back, "/ticket").unwrap_or_else(|| "/ticket".into());
            // Back to the ticket's own page, or to the list it was closed from.
            let to = if back == format!("/ticket/{number}") {
                format!("{back}?chiuso")
            } else {
                let sep = if back.contains('?') { '&' } else { '?' };
                format!("{back}{sep}chiuso={number}")
            };
            Redirect::to(&to).into_response()
        }
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}
