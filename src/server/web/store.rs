//! Store: the SMART packages on sale, buying one after a confirmation step, and the company's
//! orders with their state. `service::shop` decides: an Administrator, or a user with
//! `acquisti=on`, buys for the company and sees its orders; the help desk confirms them.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::pager::{Links, Place};
use super::tickets::when;
use super::{Chrome, Visitor, render};
use crate::domain::shop::euro;
use crate::server::AppState;
use crate::server::i18n::Lang;
use crate::server::service::shop;
use crate::wire::{BuyRequest, OrderQuery, OrderStatus, StorePackage};

pub struct Offer {
    pub code: String,
    pub name: String,
    pub minutes: i64,
    pub price: String,
}

fn offer(p: StorePackage, lang: Lang) -> Offer {
    Offer {
        price: euro(p.price_cents, lang.code()),
        code: p.code,
        name: p.name,
        minutes: p.minutes,
    }
}

#[derive(Template)]
#[template(path = "store.html", config = "assets/askama.toml")]
pub struct StorePage {
    pub chrome: Chrome,
    pub offers: Vec<Offer>,
    pub may_buy: bool,
}
chrome!(StorePage);

pub async fn packages(State(st): State<AppState>, v: Visitor) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    let got = st
        .service_read(auth, |r, c| {
            let offers = shop::packages(r, c)?;
            Ok((
                offers,
                shop::may_buy(c),
                c.banner.clone(),
                c.user.account.clone(),
            ))
        })
        .await;
    match got {
        Ok((offers, may_buy, banner, who)) => render(&StorePage {
            chrome: Chrome::new(&v, "/store").signed_in(banner, who),
            offers: offers
                .into_iter()
                .filter(|p| p.active)
                .map(|p| offer(p, v.lang))
                .collect(),
            may_buy,
        }),
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

#[derive(Template)]
#[template(path = "buy.html", config = "assets/askama.toml")]
pub struct BuyPage {
    pub chrome: Chrome,
    pub offer: Offer,
    /// "Stai ordinando …", with the package's name, minutes and price.
    pub text: String,
}
chrome!(BuyPage);

/// The confirmation step: what is about to be ordered, and the button that orders it.
pub async fn confirm(State(st): State<AppState>, v: Visitor, Path(code): Path<String>) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    let wanted = code.clone();
    let got = st
        .service_read(auth, move |r, c| {
            let found = shop::packages(r, c)?
                .into_iter()
                .find(|p| p.active && p.code == wanted);
            Ok((
                found,
                shop::may_buy(c),
                c.banner.clone(),
                c.user.account.clone(),
            ))
        })
        .await;
    match got {
        Ok((Some(p), true, banner, who)) => {
            let o = offer(p, v.lang);
            let text = v
                .lang
                .ui()
                .buy_text
                .replace("{name}", &o.name)
                .replace("{minutes}", &o.minutes.to_string())
                .replace("{price}", &o.price);
            render(&BuyPage {
                chrome: Chrome::new(&v, format!("/store/acquista/{code}")).signed_in(banner, who),
                offer: o,
                text,
            })
        }
        Ok((None, _, _, _)) => super::not_found(&v),
        // Not allowed to buy: the store page says why.
        Ok((Some(_), false, _, _)) => Redirect::to("/store").into_response(),
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

/// "Conferma l'ordine": the order waits for the help desk.
pub async fn buy(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<super::TokenOnly>,
) -> Response {
    let auth = match super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let req = BuyRequest { package: code };
    let env = st.env();
    match st
        .service_write(auth, move |r, c| shop::buy(r, c, &env, &req))
        .await
    {
        Ok(order) => Redirect::to(&format!("/store/ordini?ordinato={}", order.id)).into_response(),
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

/// An order's state as the pages say it, and the badge's class.
pub fn status_words(t: &crate::server::i18n::Ui, s: OrderStatus) -> (&'static str, &'static str) {
    match s {
        OrderStatus::Pending => (t.order_pending, "inserito"),
        OrderStatus::Confirmed => (t.order_confirmed, "risposto"),
        OrderStatus::Rejected => (t.order_rejected, "chiuso"),
    }
}

pub struct ShownOrder {
    pub id: i64,
    pub when: String,
    pub buyer: String,
    pub package: String,
    pub minutes: i64,
    pub price: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "orders.html", config = "assets/askama.toml")]
pub struct OrdersPage {
    pub chrome: Chrome,
    pub orders: Vec<ShownOrder>,
    pub notice: Option<String>,
    pub links: Links,
}
chrome!(OrdersPage);

#[derive(Debug, Deserialize, Default)]
pub struct OrdersQuery {
    #[serde(flatten)]
    place: Place,
    ordinato: Option<i64>,
}

pub async fn orders(
    State(st): State<AppState>,
    v: Visitor,
    Query(oq): Query<OrdersQuery>,
) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    let query = OrderQuery {
        status: None,
        limit: Some(50),
        cursor: oq.place.cursor(),
    };
    let got = st
        .service_read(auth, move |r, c| {
            Ok((
                shop::orders(r, c, &query)?,
                c.banner.clone(),
                c.user.account.clone(),
            ))
        })
        .await;
    let (page, banner, who) = match got {
        Ok(x) => x,
        Err(e) => return super::signed_in_refusal(&v, &e),
    };
    let t = v.lang.ui();
    let orders = page
        .items
        .into_iter()
        .map(|o| {
            let (status, status_class) = status_words(t, o.status);
            ShownOrder {
                id: o.id,
                when: when(&o.created_at, v.lang),
                buyer: o.buyer,
                package: o.package_name,
                minutes: o.minutes,
                price: euro(o.price_cents, v.lang.code()),
                status,
                status_class,
                reason: o.reason.unwrap_or_default(),
            }
        })
        .collect();
    let next = page.next_cursor.filter(|_| page.has_more);
    render(&OrdersPage {
        chrome: Chrome::new(&v, oq.place.here("/store/ordini", &[])).signed_in(banner, who),
        orders,
        notice: oq
            .ordinato
            .map(|n| t.ordered_notice.replace("{n}", &n.to_string())),
        links: oq.place.links("/store/ordini", &[], next),
    })
}
