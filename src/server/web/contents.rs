//! The reading areas — Documenti tecnici, Video, Informative fiscali, News tecniche, News
//! commerciali, FAQ: a list with free search (titles and summaries for `read`, the items
//! themselves for `detail`), an item with its body, video link and files (downloaded, never
//! shown inline). Each is `service::contents`, the API's rules and audiences.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::pager::{Links, Place};
use super::tickets::when;
use super::{Chrome, FieldError, Visitor, render};
use crate::domain::content::ContentKind;
use crate::server::AppState;

use crate::server::service::{self, contents};
use crate::wire::{Content, ContentQuery};

/// The page path of an area.
pub fn base(kind: ContentKind) -> &'static str {
    match kind {
        ContentKind::Documents => "/documenti",
        ContentKind::NewsTech => "/news-tecniche",
        ContentKind::NewsSales => "/news-commerciali",
        ContentKind::Videos => "/video",
        ContentKind::Fiscal => "/informative-fiscali",
        ContentKind::Faq => "/faq",
    }
}

pub struct Item {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub when: String,
    pub files: i64,
}

#[derive(Template)]
#[template(path = "contents.html", config = "assets/askama.toml")]
pub struct ListPage {
    pub chrome: Chrome,
    pub area: &'static str,
    pub base: &'static str,
    pub q: String,
    pub items: Vec<Item>,
    /// Whether the visitor may open the items.
    pub detail: bool,
    pub links: Links,
}

chrome!(ListPage);

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(flatten)]
    place: Place,
}

pub async fn list(
    State(st): State<AppState>,
    v: Visitor,
    kind: ContentKind,
    Query(lq): Query<ListQuery>,
) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    let query = ContentQuery {
        q: Some(lq.q.clone()).filter(|q| !q.trim().is_empty()),
        limit: Some(50),
        cursor: lq.place.cursor(),
    };
    let got = st
        .service_read(auth, move |r, c| {
            let page = contents::list(r, c, kind, &query);
            let detail = contents::may_open(c, kind);
            Ok((page, detail, c.banner.clone(), c.user.account.clone()))
        })
        .await;
    let (page, detail, banner, who) = match got {
        Ok(x) => x,
        Err(e) => return super::signed_in_refusal(&v, &e),
    };
    let t = v.lang.ui();
    let mut errors = Vec::new();
    let page = match page {
        Ok(p) => Some(p),
        Err(e @ service::Error::Invalid { .. }) => {
            errors.push(FieldError {
                field: "q",
                message: super::say(v.lang, &e),
            });
            None
        }
        Err(e) => return super::signed_in_refusal(&v, &e),
    };
    let area = t.section(&area_section(kind));
    let (items, links) = match page {
        Some(p) => {
            let next = p.next_cursor.filter(|_| p.has_more);
            let links = lq.place.links(base(kind), &[("q", &lq.q)], next);
            let items = p
                .items
                .into_iter()
                .map(|i| Item {
                    when: when(&i.published_at, v.lang),
                    id: i.id,
                    title: i.title,
                    summary: i.summary,
                    files: i.file_count,
                })
                .collect();
            (items, links)
        }
        None => (vec![], Links::default()),
    };
    render(&ListPage {
        chrome: Chrome::new(&v, base(kind))
            .errors(errors)
            .signed_in(banner, who),
        area,
        base: base(kind),
        q: lq.q,
        items,
        detail,
        links,
    })
}

pub fn area_section(kind: ContentKind) -> crate::server::service::home::Section {
    use crate::server::service::home::Section;
    match kind {
        ContentKind::Documents => Section::Documents,
        ContentKind::NewsTech => Section::NewsTech,
        ContentKind::NewsSales => Section::NewsSales,
        ContentKind::Videos => Section::Videos,
        ContentKind::Fiscal => Section::Fiscal,
        ContentKind::Faq => Section::Faq,
    }
}

#[derive(Template)]
#[template(path = "content_item.html", config = "assets/askama.toml")]
pub struct ItemPage {
    pub chrome: Chrome,
    pub area: &'static str,
    pub base: &'static str,
    pub published: String,
    pub item: Content,
}
chrome!(ItemPage);

pub async fn show(st: AppState, v: Visitor, kind: ContentKind, id: i64) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    match st
        .service_read(auth, move |r, c| {
            Ok((
                contents::show(r, c, kind, id)?,
                c.banner.clone(),
                c.user.account.clone(),
            ))
        })
        .await
    {
        Ok((item, banner, who)) => {
            let t = v.lang.ui();
            render(&ItemPage {
                chrome: Chrome::new(&v, format!("{}/{id}", base(kind))).signed_in(banner, who),
                area: t.section(&area_section(kind)),
                base: base(kind),
                published: when(&item.summary.published_at, v.lang),
                item,
            })
        }
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

pub async fn file(st: AppState, v: Visitor, kind: ContentKind, id: i64, file: i64) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    match st
        .service_read(auth, move |r, c| contents::file(r, c, kind, id, file))
        .await
    {
        Ok((meta, data)) => {
            crate::server::routes::file_response(&meta.filename, &meta.content_type, data)
        }
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

/// The routes of every area.
pub fn routes(router: axum::Router<AppState>) -> axum::Router<AppState> {
    use axum::routing::get;
    let mut r = router;
    for kind in ContentKind::ALL {
        let b = base(kind);
        r = r
            .route(
                b,
                get(
                    move |st: State<AppState>, v: Visitor, q: Query<ListQuery>| {
                        list(st, v, kind, q)
                    },
                ),
            )
            .route(
                &format!("{b}/{{id}}"),
                get(
                    move |State(st): State<AppState>, v: Visitor, Path(id): Path<i64>| {
                        show(st, v, kind, id)
                    },
                ),
            )
            .route(
                &format!("{b}/{{id}}/file/{{file}}"),
                get(
                    move |State(st): State<AppState>,
                          v: Visitor,
                          Path((id, f)): Path<(i64, i64)>| {
                        file(st, v, kind, id, f)
                    },
                ),
            );
    }
    r
}
