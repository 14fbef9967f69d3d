//! "Profilo / I miei dati": who the visitor is, the way to change the password, and their
//! personal API tokens for the CLI and CI — created (the secret shown once, on the answer to
//! the form, never in a URL), listed, revoked (`service::tokens`, the API's rules).

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::tickets::when;
use super::{Chrome, FieldError, Visitor, render};
use crate::server::AppState;

use crate::server::service::{self, tokens, users};
use crate::wire::{ApiToken, CreateTokenRequest, Me, Role};

/// A token as the table shows it.
pub struct ShownToken {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub expires: String,
    pub state: &'static str,
    pub live: bool,
}

#[derive(Template)]
#[template(path = "profile.html", config = "assets/askama.toml")]
pub struct ProfilePage {
    pub chrome: Chrome,
    pub notice: Option<&'static str>,
    pub secret: Option<String>,
    pub me: Me,
    pub role: &'static str,
    pub host: String,
    pub tokens: Vec<ShownToken>,
}

chrome!(ProfilePage);

async fn page(
    st: &AppState,
    v: &Visitor,
    notice: Option<&'static str>,
    secret: Option<String>,
    errors: Vec<FieldError>,
) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(v, None);
    };
    let got = st
        .service_read(auth, |r, c| {
            Ok((
                users::me(&c.user, &c.token.kind, &c.token.expires_at),
                tokens::list(r, c)?,
                c.banner.clone(),
            ))
        })
        .await;
    let (me, list, banner): (Me, Vec<ApiToken>, Option<String>) = match got {
        Ok(x) => x,
        Err(e) => return super::signed_in_refusal(v, &e),
    };
    let t = v.lang.ui();
    let lang = v.lang;
    let shown = list
        .into_iter()
        .map(|k| ShownToken {
            id: k.id,
            created: when(&k.created_at, lang),
            expires: when(&k.expires_at, lang),
            state: if k.revoked {
                t.token_revoked
            } else if k.expired {
                t.token_expired
            } else {
                t.token_live
            },
            live: !k.revoked && !k.expired,
            name: k.name,
        })
        .collect();
    render(&ProfilePage {
        chrome: Chrome::new(v, "/profilo")
            .errors(errors)
            .signed_in(banner, me.account.clone()),
        notice,
        secret,
        role: match me.role {
            Role::Admin => t.role_admin,
            Role::Staff => t.role_staff,
            Role::User => t.role_user,
        },
        host: st.public_url.to_string(),
        me,
        tokens: shown,
    })
}

#[derive(Debug, Deserialize, Default)]
pub struct Done {
    revocato: Option<String>,
}

pub async fn show(State(st): State<AppState>, v: Visitor, Query(d): Query<Done>) -> Response {
    let notice = d.revocato.map(|_| v.lang.ui().token_revoked_notice);
    page(&st, &v, notice, None, vec![]).await
}

#[derive(Debug, Deserialize)]
pub struct NewToken {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    token_name: String,
}

/// A new personal token: its secret is in this answer only.
pub async fn create_token(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(f): Form<NewToken>,
) -> Response {
    let auth = match super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let req = CreateTokenRequest {
        name: f.token_name.trim().to_owned(),
        expires_in_seconds: None,
    };
    match st
        .service_write(auth, move |r, c| tokens::create(r, c, &req))
        .await
    {
        Ok(created) => page(&st, &v, None, Some(created.token), vec![]).await,
        Err(e @ service::Error::Invalid { .. }) => {
            let errors = vec![FieldError {
                field: "token_name",
                message: super::say(v.lang, &e),
            }];
            page(&st, &v, None, None, errors).await
        }
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

pub async fn revoke_token(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<super::TokenOnly>,
) -> Response {
    let auth = match super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    match st
        .service_write(auth, move |r, c| tokens::revoke(r, c, id))
        .await
    {
        Ok(()) => Redirect::to("/profilo?revocato").into_response(),
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}
