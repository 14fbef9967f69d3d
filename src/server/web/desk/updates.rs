//! "Aggiornamenti" at the desk: every version of every product (withdrawn ones too), withdraw
//! one, publish a new one with its release notes and files — streamed into the store as they
//! arrive, up to 4 GiB each (the API's `routes::store_update_file`), with a progress bar when
//! script runs. `service::updates`, as `lhs desk updates publish|unpublish` and the API.

use askama::Template;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::super::pager::{Links, Place};
use super::super::tickets::when;
use super::super::{Chrome, FieldError, Visitor, render};
use crate::server::AppState;
use crate::server::routes::{Streamed, drain, store_update_file};
use crate::server::service::{self, catalog, updates};
use crate::wire::{CatalogQuery, PublishUpdateRequest, UpdateQuery};

const BASE: &str = "/desk/aggiornamenti";

pub struct Row {
    pub id: i64,
    pub product: String,
    pub version: String,
    pub when: String,
    pub files: usize,
    pub published: bool,
}

#[derive(Debug, Default, Clone)]
pub struct Typed {
    pub product: String,
    pub version: String,
    pub notes: String,
}

#[derive(Template)]
#[template(path = "desk_updates.html", config = "assets/askama.toml")]
pub struct UpdatesPage {
    pub chrome: Chrome,
    pub rows: Vec<Row>,
    pub links: Links,
    pub products: Vec<String>,
    pub typed: Typed,
    pub notice: Option<String>,
}
chrome!(UpdatesPage);

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(flatten)]
    place: Place,
    pubblicato: Option<String>,
    ritirato: Option<String>,
}

pub async fn list(State(st): State<AppState>, v: Visitor, Query(q): Query<ListQuery>) -> Response {
    let t = v.lang.ui();
    let notice = match (q.pubblicato.as_deref(), q.ritirato) {
        (Some(what), _) => Some(t.update_published.replace("{what}", what)),
        (_, Some(_)) => Some(t.update_unpublished.to_owned()),
        _ => None,
    };
    page(&st, &v, &q.place, notice, vec![], Typed::default()).await
}

async fn page(
    st: &AppState,
    v: &Visitor,
    place: &Place,
    notice: Option<String>,
    errors: Vec<FieldError>,
    typed: Typed,
) -> Response {
    let query = UpdateQuery {
        limit: Some(50),
        cursor: place.cursor(),
        ..UpdateQuery::default()
    };
    let got = super::read(st, v, move |r, c| {
        Ok((
            updates::list(r, c, &query)?,
            catalog::view(r, c, &CatalogQuery::default())?,
        ))
    })
    .await;
    let ((list, tree), who) = match got {
        Ok(x) => x,
        Err(page) => return page,
    };
    let next = list.next_cursor.filter(|_| list.has_more);
    render(&UpdatesPage {
        chrome: Chrome::new(v, BASE).errors(errors).signed_in(None, who),
        links: place.links(BASE, &[], next),
        rows: list
            .items
            .into_iter()
            .map(|u| Row {
                when: when(&u.published_at, v.lang),
                id: u.id,
                product: u.product,
                version: u.version,
                files: u.files.len(),
                published: u.published,
            })
            .collect(),
        products: tree.into_iter().map(|m| m.name).collect(),
        typed,
        notice,
    })
}

fn field_of(e: &service::Error) -> &'static str {
    match e.field() {
        Some("version") => "version",
        Some("notes") => "notes",
        Some("files") => "file",
        _ => "product",
    }
}

/// `POST /desk/aggiornamenti`: the form's fields come first (the page puts the files last),
/// are checked before any file is read, then every file is stored as it streams in.
pub async fn publish(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    mut mp: Multipart,
) -> Response {
    let t = v.lang.ui();
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut ids: Vec<i64> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut checked: Option<(crate::server::auth::Auth, PublishUpdateRequest, i64)> = None;
    let mut refusal: Option<FieldError> = None;
    loop {
        let mut field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                refusal = Some(FieldError {
                    field: "file",
                    message: t.upload_failed.into(),
                });
                break;
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        if name != "file" {
            let text = field.text().await.unwrap_or_default();
            texts.push((name, text));
            continue;
        }
        let filename = field.file_name().unwrap_or("").to_owned();
        if checked.is_none() {
            // The first file: who is sending, and are the fields right?
            if !v.accepts(&headers, &text_of(&texts, "csrf")) {
                drain(&mut mp).await;
                return super::super::refused(&v);
            }
            let Some(auth) = v.auth() else {
                drain(&mut mp).await;
                return super::super::to_sign_in(&v, None);
            };
            let typed = typed_of(&texts);
            if let Some(e) = empty_fields(&typed, t).into_iter().next() {
                refusal = Some(e);
                break;
            }
            let req = PublishUpdateRequest {
                product: typed.product.clone(),
                version: typed.version.clone(),
                notes: typed.notes.clone(),
            };
            let check = req.clone();
            let got = st
                .service_read(auth.clone(), move |r, c| {
                    if !super::is_desk(c) {
                        return Ok(None);
                    }
                    updates::require_staff(c)?;
                    Ok(Some(updates::check_new(r, &check)?))
                })
                .await;
            match got {
                Ok(Some(m)) => checked = Some((auth, req, m)),
                Ok(None) => {
                    drain(&mut mp).await;
                    return super::super::not_found(&v);
                }
                Err(e)
                    if e.field().is_some() || matches!(e, service::Error::VersionExists { .. }) =>
                {
                    refusal = Some(FieldError {
                        field: field_of(&e),
                        message: super::super::say(v.lang, &e),
                    });
                    break;
                }
                Err(e) => {
                    drain(&mut mp).await;
                    return super::super::signed_in_refusal(&v, &e);
                }
            }
        }
        // A file input left empty sends a part without a name.
        if filename.is_empty() {
            while let Ok(Some(_)) = field.chunk().await {}
            continue;
        }
        if let Err(e) = updates::check_file(&names, &filename) {
            refusal = Some(FieldError {
                field: "file",
                message: super::super::say(v.lang, &e),
            });
            break;
        }
        let id = match updates::begin_file(&st, filename.clone()).await {
            Ok(id) => id,
            Err(e) => return super::super::signed_in_refusal(&v, &e),
        };
        ids.push(id);
        names.push(filename);
        if let Err(s) = store_update_file(&st, &mut field, id).await {
            refusal = Some(FieldError {
                field: "file",
                message: match s {
                    Streamed::Cut { .. } => t.upload_failed.into(),
                    Streamed::Refused(e) => super::super::say(v.lang, &e),
                },
            });
            break;
        }
    }
    let typed = typed_of(&texts);
    let mut errors = match (refusal, checked) {
        (Some(e), _) => vec![e],
        (None, None) => {
            // No file part at all: the fields' refusals, and the missing files.
            let mut errors = empty_fields(&typed, t);
            errors.push(FieldError {
                field: "file",
                message: t.choose_files.into(),
            });
            errors
        }
        (None, Some(_)) if ids.is_empty() => vec![FieldError {
            field: "file",
            message: t.choose_files.into(),
        }],
        (None, Some((auth, req, macro_area))) => {
            let files = ids.clone();
            let done = st
                .service_write(auth, move |r, c| {
                    updates::publish(r, c, &req, macro_area, &files)
                })
                .await;
            match done {
                Ok(u) => {
                    let what = format!("{} {}", u.product, u.version);
                    return Redirect::to(&format!(
                        "{BASE}?pubblicato={}",
                        form_urlencoded::byte_serialize(what.as_bytes()).collect::<String>()
                    ))
                    .into_response();
                }
                Err(e) => vec![FieldError {
                    field: field_of(&e),
                    message: super::super::say(v.lang, &e),
                }],
            }
        }
    };
    if !ids.is_empty() {
        let _ = updates::discard_files(&st, ids).await;
    }
    drain(&mut mp).await;
    if !v.accepts(&headers, &text_of(&texts, "csrf")) {
        return super::super::refused(&v);
    }
    if errors.iter().all(|e| e.field != "file") {
        errors.push(FieldError {
            field: "file",
            message: t.files_again.into(),
        });
    }
    page(&st, &v, &Place::default(), None, errors, typed).await
}

/// A text field of the posted form (empty when absent).
fn text_of(texts: &[(String, String)], name: &str) -> String {
    texts
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn typed_of(texts: &[(String, String)]) -> Typed {
    Typed {
        product: text_of(texts, "product").trim().to_owned(),
        version: text_of(texts, "version").trim().to_owned(),
        notes: text_of(texts, "notes").trim().to_owned(),
    }
}

/// The version and notes left empty, said in the form's words.
fn empty_fields(typed: &Typed, t: &crate::server::i18n::Ui) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if typed.version.is_empty() {
        errors.push(FieldError {
            field: "version",
            message: t.enter_version.into(),
        });
    }
    if typed.notes.is_empty() {
        errors.push(FieldError {
            field: "notes",
            message: t.enter_notes.into(),
        });
    }
    errors
}

#[derive(Debug, Deserialize)]
pub struct Csrf {
    #[serde(default)]
    csrf: String,
}

/// `POST /desk/aggiornamenti/{id}/ritira`.
pub async fn unpublish(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<Csrf>,
) -> Response {
    let auth = match super::super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            updates::unpublish(r, c, id)?;
            Ok(true)
        })
        .await;
    match done {
        Ok(true) => Redirect::to(&format!("{BASE}?ritirato")).into_response(),
        Ok(false) => super::super::not_found(&v),
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}
