//! The home page: the menu of the areas the visitor may open, the standing banner, the SMART
//! package box (`service::home`).

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::{Chrome, Visitor, render};
use crate::server::AppState;
use crate::server::service::home::{self, Home};

#[derive(Template)]
#[template(path = "home.html", config = "assets/askama.toml")]
pub struct HomePage {
    pub chrome: Chrome,
    pub home: Home,
}

chrome!(HomePage);

pub async fn show(State(st): State<AppState>, v: Visitor) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    let got = st
        .service_read(auth, |r, c| {
            Ok((home::home(r, c)?, c.banner.clone(), c.user.account.clone()))
        })
        .await;
    match got {
        Ok((home, banner, who)) => render(&HomePage {
            chrome: Chrome::new(&v, "/").signed_in(banner, who),
            home,
        }),
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}
