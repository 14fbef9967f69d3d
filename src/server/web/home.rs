//! The home page: the menu of the areas the visitor may open, the standing banner, the SMART
//! package box (`service::home`).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::{FieldError, Visitor, css_path, render};
use crate::server::AppState;
use crate::server::i18n::Ui;
use crate::server::service::home::{self, Home};

#[derive(Template)]
#[template(path = "home.html", config = "assets/askama.toml")]
pub struct HomePage {
    pub t: &'static Ui,
    pub css: &'static str,
    pub csrf: String,
    pub here: String,
    pub errors: Vec<FieldError>,
    pub banner: Option<String>,
    pub who: String,
    pub home: Home,
}

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
        Ok((home, banner, who)) => {
            let (csrf, _) = v.csrf();
            render(
                &HomePage {
                    t: v.lang.ui(),
                    css: css_path(),
                    csrf,
                    here: "/".into(),
                    errors: vec![],
                    banner,
                    who,
                    home,
                },
                StatusCode::OK,
            )
        }
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}
