//! "Contenuti": the reading areas as the desk keeps them — each area's items, withdrawn ones
//! too; publish one with its audience and files, edit it, withdraw it. `service::contents`,
//! as `lhs desk publish|published|edit|unpublish` and the API.

use askama::Template;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::super::contents::{area_section, base as area_base};
use super::super::pager::{Links, Place};
use super::super::tickets::when;
use super::super::{Chrome, FieldError, Visitor, render};
use crate::domain::content::ContentKind;
use crate::server::AppState;
use crate::server::i18n::Lang;
use crate::server::service::{self, catalog, contents, files};
use crate::wire::{
    CatalogQuery, ContentAudience, ContentFile, ContentQuery, EditContentRequest,
    PublishContentRequest,
};

const BASE: &str = "/desk/contenuti";

/// The area's name in the visitor's language.
fn label(kind: ContentKind, lang: Lang) -> &'static str {
    lang.ui().section(&area_section(kind))
}

fn kind_of(slug: &str) -> ContentKind {
    ContentKind::parse(slug).unwrap_or(ContentKind::Documents)
}

pub struct Row {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub published: bool,
    pub files: i64,
}

#[derive(Template)]
#[template(path = "desk_contents.html", config = "assets/askama.toml")]
pub struct ListPage {
    pub chrome: Chrome,
    /// (slug, name, chosen) of every area.
    pub kinds: Vec<(&'static str, &'static str, bool)>,
    pub slug: &'static str,
    pub area: &'static str,
    pub q: String,
    pub rows: Vec<Row>,
    pub links: Links,
    pub notice: Option<String>,
}
chrome!(ListPage);

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    tipo: String,
    #[serde(default)]
    q: String,
    #[serde(flatten)]
    place: Place,
    pubblicato: Option<String>,
    ritirato: Option<String>,
}

pub async fn list(State(st): State<AppState>, v: Visitor, Query(lq): Query<ListQuery>) -> Response {
    let kind = kind_of(&lq.tipo);
    let query = ContentQuery {
        q: Some(lq.q.clone()).filter(|q| !q.trim().is_empty()),
        limit: Some(50),
        cursor: lq.place.cursor(),
    };
    let (page, who) =
        match super::read(&st, &v, move |r, c| Ok(contents::list(r, c, kind, &query))).await {
            Ok(x) => x,
            Err(page) => return page,
        };
    let t = v.lang.ui();
    let mut errors = Vec::new();
    let (rows, links) = match page {
        Ok(p) => {
            let next = p.next_cursor.filter(|_| p.has_more);
            let links = lq
                .place
                .links(BASE, &[("tipo", kind.as_str()), ("q", &lq.q)], next);
            let rows = p
                .items
                .into_iter()
                .map(|i| Row {
                    when: when(&i.published_at, v.lang),
                    id: i.id,
                    title: i.title,
                    published: i.published,
                    files: i.file_count,
                })
                .collect();
            (rows, links)
        }
        Err(e @ service::Error::Invalid { .. }) => {
            errors.push(FieldError {
                field: "q",
                message: super::super::say(v.lang, &e),
            });
            (vec![], Links::default())
        }
        Err(e) => return super::super::signed_in_refusal(&v, &e),
    };
    let notice = match (lq.pubblicato, lq.ritirato) {
        (Some(title), _) => Some(t.item_published.replace("{title}", &title)),
        (_, Some(_)) => Some(t.item_unpublished.to_owned()),
        _ => None,
    };
    render(&ListPage {
        chrome: Chrome::new(&v, format!("{BASE}?tipo={}", kind.as_str()))
            .errors(errors)
            .signed_in(None, who),
        kinds: ContentKind::ALL
            .iter()
            .map(|k| (k.as_str(), label(*k, v.lang), *k == kind))
            .collect(),
        slug: kind.as_str(),
        area: label(kind, v.lang),
        q: lq.q,
        rows,
        links,
        notice,
    })
}

/// What the form holds (typed, or the item's).
#[derive(Debug, Default, Clone)]
pub struct Typed {
    pub title: String,
    pub summary: String,
    pub body: String,
    pub video_url: String,
    pub duration: String,
    /// `all`, `customers` or `contract`.
    pub audience: String,
    pub customers: String,
    pub macro_area: String,
    pub area: String,
}

impl Typed {
    fn from(get: impl Fn(&str) -> String) -> Typed {
        Typed {
            title: get("title").trim().to_owned(),
            summary: get("summary").trim().to_owned(),
            body: get("body").trim().to_owned(),
            video_url: get("video_url").trim().to_owned(),
            duration: get("duration").trim().to_owned(),
            audience: get("audience"),
            customers: get("customers"),
            macro_area: get("macro_area").trim().to_owned(),
            area: get("area").trim().to_owned(),
        }
    }

    fn of(item: &crate::wire::Content) -> Typed {
        let mut t = Typed {
            title: item.summary.title.clone(),
            summary: item.summary.summary.clone(),
            body: item.body.clone(),
            video_url: item.video_url.clone().unwrap_or_default(),
            duration: item
                .summary
                .duration_seconds
                .map(|d| d.to_string())
                .unwrap_or_default(),
            audience: "all".into(),
            ..Typed::default()
        };
        match &item.audience {
            Some(ContentAudience::Customers { customers }) => {
                t.audience = "customers".into();
                t.customers = customers.join(", ");
            }
            Some(ContentAudience::Contract { macro_area, area }) => {
                t.audience = "contract".into();
                t.macro_area.clone_from(macro_area);
                t.area = area.clone().unwrap_or_default();
            }
            _ => {}
        }
        t
    }

    /// The audience chosen, or the field's refusal.
    fn audience(&self, t: &crate::server::i18n::Ui) -> Result<ContentAudience, FieldError> {
        match self.audience.as_str() {
            "customers" => {
                let customers: Vec<String> = self
                    .customers
                    .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
                    .filter(|c| !c.is_empty())
                    .map(str::to_uppercase)
                    .collect();
                if customers.is_empty() {
                    return Err(FieldError {
                        field: "customers",
                        message: t.enter_customer_codes.into(),
                    });
                }
                Ok(ContentAudience::Customers { customers })
            }
            "contract" => {
                if self.macro_area.is_empty() {
                    return Err(FieldError {
                        field: "macro_area",
                        message: t.enter_macro_area.into(),
                    });
                }
                Ok(ContentAudience::Contract {
                    macro_area: self.macro_area.clone(),
                    area: Some(self.area.clone()).filter(|a| !a.is_empty()),
                })
            }
            _ => Ok(ContentAudience::All {}),
        }
    }

    fn video(&self) -> (Option<String>, Option<i64>, bool) {
        let url = Some(self.video_url.clone()).filter(|u| !u.is_empty());
        let bad = !self.duration.is_empty() && self.duration.parse::<i64>().is_err();
        (url, self.duration.parse().ok(), bad)
    }

    /// Every refusal of the fields, in the form's order.
    fn refusals(&self, lang: Lang, kind: ContentKind) -> Vec<FieldError> {
        let t = lang.ui();
        let (url, duration, bad_duration) = self.video();
        let mut errors: Vec<FieldError> = contents::refusals(
            &self.title,
            &self.summary,
            &self.body,
            url.as_deref().filter(|_| kind == ContentKind::Videos),
            duration.filter(|_| kind == ContentKind::Videos),
        )
        .iter()
        .map(|e| {
            let field = field_of(e);
            FieldError {
                field,
                message: match field {
                    "title" if self.title.is_empty() => t.enter_title.into(),
                    "body" if self.body.is_empty() => t.enter_body.into(),
                    _ => super::super::say(lang, e),
                },
            }
        })
        .collect();
        if bad_duration && kind == ContentKind::Videos {
            errors.push(FieldError {
                field: "duration",
                message: super::super::say(
                    lang,
                    &service::Error::range("duration_seconds", 0, 1_000_000),
                ),
            });
        }
        if let Err(e) = self.audience(t) {
            errors.push(e);
        }
        errors
    }
}

fn field_of(e: &service::Error) -> &'static str {
    match e.field() {
        Some("summary") => "summary",
        Some("video_url") => "video_url",
        Some("duration_seconds") => "duration",
        Some("body") => "body",
        Some("files") => "file",
        Some("audience") => "customers",
        _ => "title",
    }
}

#[derive(Template)]
#[template(path = "desk_content_form.html", config = "assets/askama.toml")]
pub struct FormPage {
    pub chrome: Chrome,
    pub slug: &'static str,
    pub area: &'static str,
    /// The customer-side path of the area (for the item's files).
    pub area_path: &'static str,
    pub video: bool,
    /// The item being edited (None: a new one).
    pub editing: Option<i64>,
    pub published: bool,
    pub files: Vec<ContentFile>,
    pub typed: Typed,
    pub macro_areas: Vec<String>,
    pub notice: Option<&'static str>,
}
chrome!(FormPage);

#[allow(clippy::too_many_arguments)]
async fn form_page(
    st: &AppState,
    v: &Visitor,
    kind: ContentKind,
    editing: Option<i64>,
    typed: Option<Typed>,
    errors: Vec<FieldError>,
    notice: Option<&'static str>,
) -> Response {
    let got = super::read(st, v, move |r, c| {
        let tree = catalog::view(r, c, &CatalogQuery::default())?;
        let item = match editing {
            Some(id) => Some(contents::show(r, c, kind, id)?),
            None => None,
        };
        Ok((tree, item))
    })
    .await;
    let ((tree, item), who) = match got {
        Ok(x) => x,
        Err(page) => return page,
    };
    let here = match editing {
        Some(id) => format!("{BASE}/{}/{id}", kind.as_str()),
        None => format!("{BASE}/nuovo?tipo={}", kind.as_str()),
    };
    let typed = typed.unwrap_or_else(|| {
        item.as_ref().map_or_else(
            || Typed {
                audience: "all".into(),
                ..Typed::default()
            },
            Typed::of,
        )
    });
    render(&FormPage {
        chrome: Chrome::new(v, here).errors(errors).signed_in(None, who),
        slug: kind.as_str(),
        area: label(kind, v.lang),
        area_path: area_base(kind),
        video: kind == ContentKind::Videos,
        editing,
        published: item.as_ref().is_some_and(|i| i.summary.published),
        files: item.map(|i| i.files).unwrap_or_default(),
        typed,
        macro_areas: tree.into_iter().map(|m| m.name).collect(),
        notice,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct KindQuery {
    #[serde(default)]
    tipo: String,
}

/// `GET /desk/contenuti/nuovo?tipo=…`.
pub async fn new_page(
    State(st): State<AppState>,
    v: Visitor,
    Query(q): Query<KindQuery>,
) -> Response {
    form_page(&st, &v, kind_of(&q.tipo), None, None, vec![], None).await
}

/// `POST /desk/contenuti/nuovo`: the item, its audience and its files (multipart).
pub async fn create(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    mp: Multipart,
) -> Response {
    let posted = super::super::upload::read(mp, &files::CONTENT_FILES, v.lang).await;
    if !v.accepts(&headers, &posted.text("csrf")) {
        return super::super::refused(&v);
    }
    let Some(auth) = v.auth() else {
        return super::super::to_sign_in(&v, None);
    };
    let kind = kind_of(&posted.text("tipo"));
    let typed = Typed::from(|n| posted.text(n));
    let mut errors = typed.refusals(v.lang, kind);
    if let Some(message) = posted.file_error {
        errors.push(FieldError {
            field: "file",
            message,
        });
    }
    let audience = typed.audience(v.lang.ui());
    let (Ok(audience), true) = (audience, errors.is_empty()) else {
        return form_page(&st, &v, kind, None, Some(typed), errors, None).await;
    };
    let (video_url, duration_seconds, _) = typed.video();
    let video = kind == ContentKind::Videos;
    let req = PublishContentRequest {
        title: typed.title.clone(),
        summary: Some(typed.summary.clone()).filter(|s| !s.is_empty()),
        body: typed.body.clone(),
        video_url: video_url.filter(|_| video),
        duration_seconds: duration_seconds.filter(|_| video),
        audience,
    };
    let uploaded = posted.files;
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(None);
            }
            Ok(Some(contents::publish(r, c, kind, &req, &uploaded)?))
        })
        .await;
    match done {
        Ok(Some(item)) => Redirect::to(&format!(
            "{BASE}?tipo={}&pubblicato={}",
            kind.as_str(),
            form_urlencoded::byte_serialize(item.summary.title.as_bytes()).collect::<String>()
        ))
        .into_response(),
        Ok(None) => super::super::not_found(&v),
        Err(e) if e.field().is_some() => {
            let errors = vec![audience_error(&v, &typed, &e)];
            form_page(&st, &v, kind, None, Some(typed), errors, None).await
        }
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}

/// A refusal the store found (an unknown customer or catalog node), beside its field.
fn audience_error(v: &Visitor, typed: &Typed, e: &service::Error) -> FieldError {
    let field = match (field_of(e), typed.audience.as_str()) {
        ("customers", "contract") => "macro_area",
        (f, _) => f,
    };
    FieldError {
        field,
        message: super::super::say(v.lang, e),
    }
}

/// `GET /desk/contenuti/{tipo}/{id}`: the item's form.
pub async fn edit_page(
    State(st): State<AppState>,
    v: Visitor,
    Path((slug, id)): Path<(String, i64)>,
    Query(d): Query<Saved>,
) -> Response {
    let Some(kind) = ContentKind::parse(&slug) else {
        return super::super::not_found(&v);
    };
    let notice = d.salvato.map(|_| v.lang.ui().item_saved);
    form_page(&st, &v, kind, Some(id), None, vec![], notice).await
}

#[derive(Debug, Default, Deserialize)]
pub struct Saved {
    salvato: Option<String>,
}

/// `POST /desk/contenuti/{tipo}/{id}`: the item's new fields and audience.
pub async fn save(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let get = |n: &str| {
        form.iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let auth = match super::super::posted(&v, &headers, &get("csrf")) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let Some(kind) = ContentKind::parse(&slug) else {
        return super::super::not_found(&v);
    };
    let typed = Typed::from(get);
    let errors = typed.refusals(v.lang, kind);
    let audience = typed.audience(v.lang.ui());
    let (Ok(audience), true) = (audience, errors.is_empty()) else {
        return form_page(&st, &v, kind, Some(id), Some(typed), errors, None).await;
    };
    let (video_url, duration_seconds, _) = typed.video();
    let video = kind == ContentKind::Videos;
    let req = EditContentRequest {
        title: Some(typed.title.clone()),
        summary: Some(typed.summary.clone()),
        body: Some(typed.body.clone()),
        video_url: video_url.filter(|_| video),
        duration_seconds: duration_seconds.filter(|_| video),
        audience: Some(audience),
    };
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            contents::edit(r, c, kind, id, &req)?;
            Ok(true)
        })
        .await;
    match done {
        Ok(true) => Redirect::to(&format!("{BASE}/{}/{id}?salvato", kind.as_str())).into_response(),
        Ok(false) => super::super::not_found(&v),
        Err(e) if e.field().is_some() => {
            let errors = vec![audience_error(&v, &typed, &e)];
            form_page(&st, &v, kind, Some(id), Some(typed), errors, None).await
        }
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}

#[derive(Debug, Deserialize)]
pub struct Csrf {
    #[serde(default)]
    csrf: String,
}

/// `POST /desk/contenuti/{tipo}/{id}/ritira`: customers no longer see it.
pub async fn unpublish(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    Form(f): Form<Csrf>,
) -> Response {
    let auth = match super::super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let Some(kind) = ContentKind::parse(&slug) else {
        return super::super::not_found(&v);
    };
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            contents::unpublish(r, c, kind, id)?;
            Ok(true)
        })
        .await;
    match done {
        Ok(true) => {
            Redirect::to(&format!("{BASE}?tipo={}&ritirato", kind.as_str())).into_response()
        }
        Ok(false) => super::super::not_found(&v),
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}
