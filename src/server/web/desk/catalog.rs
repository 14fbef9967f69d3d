//! "Catalogo": the macro areas, areas and sections customers choose from, each with its
//! notice (shown by the new-ticket form when it is chosen). Every technician reads it; a
//! staff administrator sets or clears a notice and adds sections. `service::catalog`, as
//! `lhs desk notice` and the API.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::super::{Chrome, FieldError, Visitor, render};
use crate::server::AppState;
use crate::server::service::{self, catalog};
use crate::wire::{CatalogMacroArea, CatalogNoticeRequest, CatalogPath, CatalogQuery};

const BASE: &str = "/desk/catalogo";

/// One node of the catalog as the page lists it (depth first).
pub struct Node {
    /// 1 macro area, 2 area, 3 section.
    pub level: u8,
    pub id: String,
    pub name: String,
    /// `Macro › Area › Section`, for the edit button's accessible name.
    pub path: String,
    pub macro_area: String,
    pub area: String,
    pub section: String,
    pub notice: Option<String>,
    /// The notice as typed, when the page comes back with its error (that node's form is
    /// open, its field `#notice-edit`).
    pub editing: Option<String>,
}

fn nodes(tree: &[CatalogMacroArea]) -> Vec<Node> {
    let mut out = Vec::new();
    for (i, m) in tree.iter().enumerate() {
        out.push(Node {
            level: 1,
            id: format!("n{i}"),
            name: m.name.clone(),
            path: m.name.clone(),
            macro_area: m.name.clone(),
            area: String::new(),
            section: String::new(),
            notice: m.notice.clone(),
            editing: None,
        });
        for (j, a) in m.areas.iter().enumerate() {
            out.push(Node {
                level: 2,
                id: format!("n{i}-{j}"),
                name: a.name.clone(),
                path: format!("{} › {}", m.name, a.name),
                macro_area: m.name.clone(),
                area: a.name.clone(),
                section: String::new(),
                notice: a.notice.clone(),
                editing: None,
            });
            for (k, s) in a.sections.iter().enumerate() {
                out.push(Node {
                    level: 3,
                    id: format!("n{i}-{j}-{k}"),
                    name: s.clone(),
                    path: format!("{} › {} › {s}", m.name, a.name),
                    macro_area: m.name.clone(),
                    area: a.name.clone(),
                    section: s.clone(),
                    notice: a.section_notices.get(s).cloned(),
                    editing: None,
                });
            }
        }
    }
    out
}

#[derive(Template)]
#[template(path = "desk_catalog.html", config = "assets/askama.toml")]
pub struct CatalogPage {
    pub chrome: Chrome,
    pub nodes: Vec<Node>,
    /// Existing macro areas and areas, offered as the add form's suggestions.
    pub macro_areas: Vec<String>,
    pub areas: Vec<String>,
    pub admin: bool,
    pub notice: Option<&'static str>,
    pub typed: NewSection,
}
chrome!(CatalogPage);

#[derive(Debug, Default, Deserialize)]
pub struct Done {
    avviso: Option<String>,
    sezione: Option<String>,
}

pub async fn show(State(st): State<AppState>, v: Visitor, Query(d): Query<Done>) -> Response {
    let t = v.lang.ui();
    let notice = if d.avviso.is_some() {
        Some(t.notice_saved)
    } else {
        d.sezione.map(|_| t.section_added)
    };
    page(&st, &v, notice, vec![], None, NewSection::default(), None).await
}

async fn page(
    st: &AppState,
    v: &Visitor,
    notice: Option<&'static str>,
    errors: Vec<FieldError>,
    problem: Option<String>,
    typed: NewSection,
    editing: Option<NoticeForm>,
) -> Response {
    let got = super::read(st, v, |r, c| {
        Ok((
            catalog::view(r, c, &CatalogQuery::default())?,
            catalog::may_edit(c),
        ))
    })
    .await;
    match got {
        Ok(((tree, admin), who)) => {
            let mut areas: Vec<String> = tree
                .iter()
                .flat_map(|m| m.areas.iter().map(|a| a.name.clone()))
                .collect();
            areas.sort();
            areas.dedup();
            let mut nodes = nodes(&tree);
            if let Some(e) = editing {
                let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
                if let Some(n) = nodes.iter_mut().find(|n| {
                    same(&n.macro_area, &e.macro_area)
                        && same(&n.area, &e.area)
                        && same(&n.section, &e.section)
                }) {
                    n.editing = Some(e.notice);
                }
            }
            render(&CatalogPage {
                chrome: Chrome::new(v, BASE)
                    .errors(errors)
                    .problem(problem)
                    .signed_in(None, who),
                macro_areas: tree.iter().map(|m| m.name.clone()).collect(),
                areas,
                nodes,
                admin,
                notice,
                typed,
            })
        }
        Err(page) => page,
    }
}

/// A node's notice form: which node, and the notice as typed.
#[derive(Debug, Clone, Deserialize)]
pub struct NoticeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pub macro_area: String,
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub section: String,
    #[serde(default)]
    pub notice: String,
}

/// `POST /desk/catalogo/avviso`: sets a node's notice (empty clears it).
pub async fn set_notice(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(f): Form<NoticeForm>,
) -> Response {
    let auth = match super::super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let some = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
    let req = CatalogNoticeRequest {
        macro_area: f.macro_area.clone(),
        area: some(&f.area),
        section: some(&f.section),
        notice: some(f.notice.trim()),
    };
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            catalog::set_notice(r, c, &req)?;
            Ok(true)
        })
        .await;
    match done {
        Ok(true) => Redirect::to(&format!("{BASE}?avviso")).into_response(),
        Ok(false) => super::super::not_found(&v),
        // The notice itself refused: said beside it, as typed, its form open.
        Err(e @ service::Error::Invalid { .. }) => {
            let errors = vec![FieldError {
                field: "notice-edit",
                message: super::super::say(v.lang, &e),
            }];
            page(&st, &v, None, errors, None, NewSection::default(), Some(f)).await
        }
        Err(e @ (service::Error::StaffAdminOnly | service::Error::NotFound(_))) => {
            let problem = Some(super::super::say(v.lang, &e));
            page(&st, &v, None, vec![], problem, NewSection::default(), None).await
        }
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct NewSection {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pub macro_area: String,
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub section: String,
}

/// `POST /desk/catalogo/sezione`: adds a section (its macro area and area too, if new);
/// every empty field is said at once.
pub async fn add_section(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(f): Form<NewSection>,
) -> Response {
    let auth = match super::super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let t = v.lang.ui();
    let path = CatalogPath {
        macro_area: f.macro_area.trim().to_owned(),
        area: f.area.trim().to_owned(),
        section: f.section.trim().to_owned(),
    };
    let errors: Vec<FieldError> = [
        ("macro_area", &path.macro_area, t.enter_macro_area),
        ("area", &path.area, t.enter_area),
        ("section", &path.section, t.enter_section),
    ]
    .into_iter()
    .filter(|(_, v, _)| v.is_empty())
    .map(|(field, _, m)| FieldError {
        field,
        message: m.to_owned(),
    })
    .collect();
    if !errors.is_empty() {
        return page(&st, &v, None, errors, None, f, None).await;
    }
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            catalog::add_section(r, c, &path)?;
            Ok(true)
        })
        .await;
    match done {
        Ok(true) => Redirect::to(&format!("{BASE}?sezione")).into_response(),
        Ok(false) => super::super::not_found(&v),
        Err(e @ service::Error::Invalid { .. }) => {
            let field = match e.field() {
                Some("macro_area") => "macro_area",
                Some("area") => "area",
                _ => "section",
            };
            let errors = vec![FieldError {
                field,
                message: super::super::say(v.lang, &e),
            }];
            page(&st, &v, None, errors, None, f, None).await
        }
        Err(e @ service::Error::StaffAdminOnly) => {
            let problem = Some(super::super::say(v.lang, &e));
            page(&st, &v, None, vec![], problem, f, None).await
        }
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}
