//! Aggiornamenti software: the updates published for the visitor's company, newest first
//! (filtered by product from a product's name), an update's release notes and files with
//! their SHA-256, and the download (streamed, resumable, as the API's). `service::updates`
//! decides: `aggiornamenti=read` lists, `aggiornamenti=download` downloads.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::pager::{Links, Place};
use super::tickets::when;
use super::{Chrome, Visitor, render};
use crate::server::AppState;
use crate::server::service::{self, updates};
use crate::wire::{SoftwareUpdate, UpdateQuery};

const BASE: &str = "/aggiornamenti";

pub struct Row {
    pub id: i64,
    pub product: String,
    pub version: String,
    pub when: String,
    pub files: usize,
}

#[derive(Template)]
#[template(path = "updates.html", config = "assets/askama.toml")]
pub struct UpdatesPage {
    pub chrome: Chrome,
    /// The product the list is filtered by ("" for all).
    pub product: String,
    pub rows: Vec<Row>,
    pub links: Links,
}
chrome!(UpdatesPage);

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    prodotto: String,
    #[serde(flatten)]
    place: Place,
}

pub async fn list(State(st): State<AppState>, v: Visitor, Query(lq): Query<ListQuery>) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    let product = lq.prodotto.trim().to_owned();
    let query = UpdateQuery {
        product: Some(product.clone()).filter(|p| !p.is_empty()),
        version: None,
        limit: Some(50),
        cursor: lq.place.cursor(),
    };
    let got = st
        .service_read(auth, move |r, c| {
            let page = match updates::list(r, c, &query) {
                // A product nobody published for: an empty list, as for a search.
                Err(service::Error::NotFound(_)) if query.product.is_some() => None,
                other => Some(other?),
            };
            Ok((page, c.banner.clone(), c.user.account.clone()))
        })
        .await;
    let (found, banner, who) = match got {
        Ok(x) => x,
        Err(e) => return super::signed_in_refusal(&v, &e),
    };
    let (rows, next) = match found {
        Some(p) => (
            p.items
                .into_iter()
                .map(|u| Row {
                    when: when(&u.published_at, v.lang),
                    files: u.files.len(),
                    id: u.id,
                    product: u.product,
                    version: u.version,
                })
                .collect(),
            p.next_cursor.filter(|_| p.has_more),
        ),
        None => (vec![], None),
    };
    let filters = [("prodotto", product.as_str())];
    render(&UpdatesPage {
        chrome: Chrome::new(&v, lq.place.here(BASE, &filters)).signed_in(banner, who),
        links: lq.place.links(BASE, &filters, next),
        product,
        rows,
    })
}

pub struct ShownFile {
    pub id: i64,
    pub name: String,
    pub size: String,
    pub sha256: String,
}

#[derive(Template)]
#[template(path = "update.html", config = "assets/askama.toml")]
pub struct UpdatePage {
    pub chrome: Chrome,
    pub update: SoftwareUpdate,
    pub when: String,
    pub files: Vec<ShownFile>,
    /// Whether the visitor may download (`aggiornamenti=download`).
    pub download: bool,
}
chrome!(UpdatePage);

/// A size as people read it: `812 KB`, `1.4 GB` (`1,4 GB` in Italian).
pub fn size(bytes: i64, lang: crate::server::i18n::Lang) -> String {
    #[allow(clippy::cast_precision_loss)]
    let b = bytes as f64;
    let (n, unit) = if b < 1024.0 * 1024.0 {
        return format!("{} KB", (bytes + 1023) / 1024);
    } else if b < 1024.0 * 1024.0 * 1024.0 {
        (b / (1024.0 * 1024.0), "MB")
    } else {
        (b / (1024.0 * 1024.0 * 1024.0), "GB")
    };
    let s = format!("{n:.1} {unit}");
    match lang {
        crate::server::i18n::Lang::It => s.replace('.', ","),
        crate::server::i18n::Lang::En => s,
    }
}

pub async fn show(State(st): State<AppState>, v: Visitor, Path(id): Path<i64>) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    let got = st
        .service_read(auth, move |r, c| {
            let download = updates::may_download(c);
            Ok((
                updates::show(r, c, id)?,
                download,
                c.banner.clone(),
                c.user.account.clone(),
            ))
        })
        .await;
    match got {
        Ok((update, download, banner, who)) => render(&UpdatePage {
            chrome: Chrome::new(&v, format!("{BASE}/{id}")).signed_in(banner, who),
            when: when(&update.published_at, v.lang),
            files: update
                .files
                .iter()
                .map(|f| ShownFile {
                    id: f.id,
                    name: f.filename.clone(),
                    size: size(f.size, v.lang),
                    sha256: f.sha256.clone(),
                })
                .collect(),
            update,
            download,
        }),
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

/// A file's bytes, streamed as the API streams them (a browser may resume with `Range`).
pub async fn file(
    State(st): State<AppState>,
    v: Visitor,
    Path((id, file)): Path<(i64, i64)>,
    headers: HeaderMap,
) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    match st
        .service_read(auth, move |r, c| updates::file(r, c, id, file))
        .await
    {
        Ok(f) => crate::server::routes::updates::file_download(st, &f, &headers),
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}
