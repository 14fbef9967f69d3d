//! The Store at the help desk: the orders of every customer, the pending ones first to
//! decide — confirm (the minutes go to the customer's SMART package) or reject with a reason
//! the buyer is mailed. `service::shop`, as `lhs desk orders` and the API; an order decided
//! meanwhile by someone else is said, not decided twice.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::super::pager::{Links, Place};
use super::super::tickets::when;
use super::super::{Chrome, FieldError, Visitor, render_status};
use crate::domain::shop::euro;
use crate::server::AppState;
use crate::server::service::{self, shop};
use crate::wire::{OrderQuery, OrderStatus};

const BASE: &str = "/desk/ordini";

pub struct Shown {
    pub id: i64,
    pub when: String,
    pub customer: String,
    pub buyer: String,
    pub package: String,
    pub minutes: i64,
    pub price: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub pending: bool,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "desk_orders.html", config = "assets/askama.toml")]
pub struct OrdersPage {
    pub chrome: Chrome,
    pub pending_only: bool,
    pub orders: Vec<Shown>,
    pub notice: Option<String>,
    pub links: Links,
}
chrome!(OrdersPage);

#[derive(Debug, Deserialize, Default)]
pub struct OrdersQuery {
    /// `tutti`: every order; otherwise the pending ones.
    #[serde(default)]
    vista: String,
    #[serde(flatten)]
    place: Place,
    fatto: Option<i64>,
}

pub async fn list(
    State(st): State<AppState>,
    v: Visitor,
    Query(q): Query<OrdersQuery>,
) -> Response {
    let t = v.lang.ui();
    let notice = q
        .fatto
        .map(|n| t.order_decided.replace("{n}", &n.to_string()));
    page(&st, &v, q, notice, None, vec![]).await
}

async fn page(
    st: &AppState,
    v: &Visitor,
    q: OrdersQuery,
    notice: Option<String>,
    problem: Option<String>,
    errors: Vec<FieldError>,
) -> Response {
    let pending_only = q.vista != "tutti";
    let query = OrderQuery {
        status: pending_only.then_some(OrderStatus::Pending),
        limit: Some(50),
        cursor: q.place.cursor(),
    };
    let (found, who) = match super::read(st, v, move |r, c| shop::orders(r, c, &query)).await {
        Ok(x) => x,
        Err(page) => return page,
    };
    let t = v.lang.ui();
    let filters = [("vista", if pending_only { "" } else { "tutti" })];
    let next = found.next_cursor.filter(|_| found.has_more);
    // A rejection without its reason is refused as the order, not as a form (409).
    let status = if problem.is_some() || !errors.is_empty() {
        axum::http::StatusCode::CONFLICT
    } else {
        axum::http::StatusCode::OK
    };
    render_status(
        &OrdersPage {
            chrome: Chrome::new(v, q.place.here(BASE, &filters))
                .errors(errors)
                .problem(problem)
                .signed_in(None, who),
            pending_only,
            orders: found
                .items
                .into_iter()
                .map(|o| {
                    let (label, class) = super::super::store::status_words(t, o.status);
                    Shown {
                        id: o.id,
                        when: when(&o.created_at, v.lang),
                        customer: o.customer_code,
                        buyer: o.buyer,
                        package: o.package_name,
                        minutes: o.minutes,
                        price: euro(o.price_cents, v.lang.code()),
                        status: label,
                        status_class: class,
                        pending: o.status == OrderStatus::Pending,
                        reason: o.reason.unwrap_or_default(),
                    }
                })
                .collect(),
            notice,
            links: q.place.links(BASE, &filters, next),
        },
        status,
    )
}

#[derive(Debug, Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

/// `POST /desk/ordini/{id}/{conferma,rifiuta}`.
pub async fn decide(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path((id, action)): Path<(i64, String)>,
    Form(f): Form<DecideForm>,
) -> Response {
    let auth = match super::super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let t = v.lang.ui();
    if action == "rifiuta" && f.reason.trim().is_empty() {
        let errors = vec![FieldError {
            field: "reason",
            message: t.enter_reason.into(),
        }];
        return page(&st, &v, OrdersQuery::default(), None, None, errors).await;
    }
    let env = st.env();
    let reason = f.reason.trim().to_owned();
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            match action.as_str() {
                "conferma" => shop::confirm(r, c, &env, id)?,
                "rifiuta" => shop::reject(r, c, &env, id, &reason)?,
                _ => return Ok(false),
            };
            Ok(true)
        })
        .await;
    match done {
        Ok(true) => Redirect::to(&format!("{BASE}?fatto={id}")).into_response(),
        Ok(false) => super::super::not_found(&v),
        Err(
            e @ (service::Error::OrderDecided { .. }
            | service::Error::NotFound(_)
            | service::Error::Invalid { .. }),
        ) => {
            let text = super::super::say(v.lang, &e);
            page(&st, &v, OrdersQuery::default(), None, Some(text), vec![]).await
        }
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}
