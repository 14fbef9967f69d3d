//! "Coda": every company's tickets, oldest waiting first, 50 a page (keyset, both ways),
//! filtered by state (the open ones until the form says otherwise), customer, priority,
//! technician (mine, nobody's), dates and free text — all in the URL.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::super::pager::{Links, Place};
use super::super::tickets::when;
use super::super::{Chrome, FieldError, Visitor, render_tagged};
use crate::domain::ticket::{Priority, TicketState};
use crate::server::AppState;
use crate::server::service::{self, tickets};
use crate::wire::{TicketQuery, TicketSort};

const BASE: &str = "/desk";

pub struct Row {
    pub number: i64,
    pub customer: String,
    pub user: String,
    pub subject: String,
    pub section: String,
    pub priority: &'static str,
    pub urgent: bool,
    pub state: &'static str,
    pub state_class: &'static str,
    pub technician: String,
    pub created: String,
    pub waited: String,
}

/// One option of the catalog select: (value `Macro › Area › Section`, label, chosen).
pub type NodeOption = (String, String, bool);

pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub on: bool,
}

#[derive(Template)]
#[template(path = "desk_queue.html", config = "assets/askama.toml")]
pub struct QueuePage {
    pub chrome: Chrome,
    pub states: Vec<Choice>,
    pub priorities: Vec<Choice>,
    pub technicians: Vec<Choice>,
    pub customer: String,
    /// The catalog's nodes to filter by: (value `Macro › Area › Section`, label, chosen),
    /// grouped by macro area.
    pub nodes: Vec<(String, Vec<NodeOption>)>,
    pub from: String,
    pub to: String,
    pub q: String,
    pub rows: Vec<Row>,
    pub links: Links,
}
chrome!(QueuePage);

/// The queue's filters as the URL carries them.
#[derive(Debug, Default)]
pub struct Filters {
    /// Present once the filter form was sent: no `stato` then means every state.
    f: Option<String>,
    stato: Vec<String>,
    cliente: String,
    priorita: String,
    /// `miei` or `nessuno`.
    tecnico: String,
    /// A macro area, `Macro › Area` or `Macro › Area › Section`.
    nodo: String,
    da: String,
    a: String,
    q: String,
    place: Place,
}

pub async fn show(
    State(st): State<AppState>,
    v: Visitor,
    raw: axum::extract::RawQuery,
    headers: axum::http::HeaderMap,
) -> Response {
    let Some(auth) = v.auth() else {
        return super::super::to_sign_in(&v, None);
    };
    // Repeated `stato` needs the form decoder (serde_urlencoded takes no sequences).
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.0.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let f = Filters {
        f: pairs.iter().any(|(k, _)| k == "f").then(String::new),
        stato: pairs
            .iter()
            .filter(|(k, _)| k == "stato")
            .map(|(_, v)| v.clone())
            .collect(),
        cliente: get("cliente"),
        priorita: get("priorita"),
        tecnico: get("tecnico"),
        nodo: get("nodo"),
        da: get("da"),
        a: get("a"),
        q: get("q"),
        place: Place::new(
            Some(get("dopo")).filter(|d| !d.is_empty()),
            Some(get("indietro")).filter(|d| !d.is_empty()),
        ),
    };
    let t = v.lang.ui();
    let mut errors = Vec::new();
    // The open states until the form says otherwise; "nessuno" is the tickets nobody took.
    let mut states: Vec<TicketState> = if f.f.is_none() && f.stato.is_empty() {
        vec![TicketState::Inserito, TicketState::InCarico]
    } else {
        TicketState::ALL
            .into_iter()
            .filter(|s| f.stato.iter().any(|x| x == s.as_str()))
            .collect()
    };
    if f.tecnico == "nessuno" {
        states = vec![TicketState::Inserito];
    }
    let mut date = |field: &'static str, value: &str| {
        if value.is_empty() {
            return None;
        }
        let d = crate::domain::validate::date(value).ok();
        if d.is_none() {
            errors.push(FieldError {
                field,
                message: t.date_format.into(),
            });
        }
        d
    };
    let mut path = f.nodo.split(" › ").map(str::trim).filter(|p| !p.is_empty());
    let (macro_area, area, section) = (
        path.next().map(str::to_owned),
        path.next().map(str::to_owned),
        path.next().map(str::to_owned),
    );
    let query = TicketQuery {
        state: states.clone(),
        macro_area,
        area,
        section,
        from: date("da", &f.da),
        to: date("a", &f.a),
        q: Some(f.q.clone()).filter(|q| !q.is_empty()),
        mine: f.tecnico == "miei",
        customer: Some(f.cliente.to_uppercase()).filter(|c| !c.is_empty()),
        priority: f.priorita.parse::<Priority>().ok(),
        sort: TicketSort::Oldest,
        limit: Some(50),
        cursor: f.place.cursor(),
        ..TicketQuery::default()
    };
    let ok = errors.is_empty();
    let got = st
        .service_read(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(None);
            }
            let page = if ok {
                Some(tickets::list(r, c, &query))
            } else {
                None
            };
            let tree =
                crate::server::service::catalog::view(r, c, &crate::wire::CatalogQuery::default())?;
            Ok(Some((page, tree, c.user.account.clone())))
        })
        .await;
    let (page, tree, who) = match got {
        Ok(Some(x)) => x,
        Ok(None) => return super::super::not_found(&v),
        Err(e) => return super::super::signed_in_refusal(&v, &e),
    };
    let page = match page.transpose() {
        Ok(p) => p,
        Err(
            e @ (service::Error::NotFound(_)
            | service::Error::Invalid { .. }
            | service::Error::InvertedRange { .. }),
        ) => {
            let field = match (&e, e.field()) {
                (_, Some("q")) => "q",
                (_, Some("from" | "to")) => "da",
                (service::Error::NotFound(service::error::Missing::CatalogNode), _) => "nodo",
                _ => "cliente",
            };
            errors.push(FieldError {
                field,
                message: super::super::say(v.lang, &e),
            });
            None
        }
        Err(e) => return super::super::signed_in_refusal(&v, &e),
    };
    let (rows, next) = match page {
        Some(p) => (
            p.items
                .iter()
                .map(|x| Row {
                    number: x.number,
                    customer: format!("{} ({})", x.company_name, x.customer_code),
                    user: x.user_name.clone(),
                    subject: x.subject.clone(),
                    section: format!("{} › {} › {}", x.macro_area, x.area, x.section),
                    priority: t.priority(x.priority),
                    urgent: x.priority != Priority::Normale,
                    state: t.state(x.state),
                    state_class: x.state.as_str(),
                    technician: x.technician.clone().unwrap_or_else(|| "-".into()),
                    created: when(&x.created_at, v.lang),
                    waited: super::waited(&x.created_at, v.lang),
                })
                .collect(),
            p.next_cursor.filter(|_| p.has_more),
        ),
        None => (Vec::new(), None),
    };
    let mut filters: Vec<(&str, &str)> = vec![("f", "1")];
    for s in &states {
        filters.push(("stato", s.as_str()));
    }
    filters.extend([
        ("cliente", f.cliente.as_str()),
        ("priorita", f.priorita.as_str()),
        ("tecnico", f.tecnico.as_str()),
        ("nodo", f.nodo.as_str()),
        ("da", f.da.as_str()),
        ("a", f.a.as_str()),
        ("q", f.q.as_str()),
    ]);
    let choice = |value: &'static str, label: &'static str, on: bool| Choice { value, label, on };
    render_tagged(
        &QueuePage {
            chrome: Chrome::new(&v, f.place.here(BASE, &filters))
                .errors(errors)
                .signed_in(None, who),
            states: TicketState::ALL
                .into_iter()
                .map(|s| choice(s.as_str(), t.state(s), states.contains(&s)))
                .collect(),
            priorities: [Priority::Normale, Priority::Bloccante, Priority::Priority]
                .into_iter()
                .map(|p| choice(p.as_str(), t.priority(p), f.priorita == p.as_str()))
                .collect(),
            technicians: vec![
                choice("", t.tech_all, f.tecnico.is_empty()),
                choice("miei", t.tech_mine, f.tecnico == "miei"),
                choice("nessuno", t.tech_nobody, f.tecnico == "nessuno"),
            ],
            links: f.place.links(BASE, &filters, next),
            customer: f.cliente,
            nodes: tree
                .iter()
                .map(|m| {
                    let mut options = vec![(m.name.clone(), t.tech_all.to_owned())];
                    for a in &m.areas {
                        options.push((format!("{} › {}", m.name, a.name), a.name.clone()));
                        for s in &a.sections {
                            options.push((
                                format!("{} › {} › {s}", m.name, a.name),
                                format!("{} › {s}", a.name),
                            ));
                        }
                    }
                    let options = options
                        .into_iter()
                        .map(|(value, label)| {
                            let on = value == f.nodo;
                            (value, label, on)
                        })
                        .collect();
                    (m.name.clone(), options)
                })
                .collect(),
            from: f.da,
            to: f.a,
            q: f.q,
            rows,
        },
        &headers,
    )
}
