//! The Store's packages at the help desk: every package with its minutes, price and whether
//! it is on sale; change one (orders already placed keep theirs), withdraw it or put it back
//! on sale, put a new one on sale. `service::shop`, as `lhs desk store` and the API.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::super::{Chrome, FieldError, Visitor, render};
use crate::domain::shop::{euro, parse_euro};
use crate::server::AppState;
use crate::server::service::{self, shop};
use crate::wire::{EditStorePackage, NewStorePackage, StorePackage};

const BASE: &str = "/desk/pacchetti";

pub struct Shown {
    pub code: String,
    pub name: String,
    pub minutes: i64,
    pub price: String,
    /// The price as typed in the edit form (`99,50`).
    pub price_input: String,
    pub active: bool,
    /// The package's form as typed, when the page comes back with its errors (that form is
    /// open, its fields `#edit-name`, `#edit-minutes`, `#edit-price`).
    pub editing: Option<EditForm>,
}

fn price_input(cents: i64, lang: crate::server::i18n::Lang) -> String {
    let sep = match lang {
        crate::server::i18n::Lang::It => ',',
        crate::server::i18n::Lang::En => '.',
    };
    if cents % 100 == 0 {
        (cents / 100).to_string()
    } else {
        format!("{}{sep}{:02}", cents / 100, cents % 100)
    }
}

#[derive(Template)]
#[template(path = "desk_packages.html", config = "assets/askama.toml")]
pub struct PackagesPage {
    pub chrome: Chrome,
    pub packages: Vec<Shown>,
    pub notice: Option<String>,
    pub typed: NewPackage,
}
chrome!(PackagesPage);

#[derive(Debug, Default, Deserialize)]
pub struct Done {
    aggiunto: Option<String>,
    salvato: Option<String>,
}

pub async fn list(State(st): State<AppState>, v: Visitor, Query(d): Query<Done>) -> Response {
    let t = v.lang.ui();
    let notice = match (d.aggiunto, d.salvato) {
        (Some(c), _) => Some(t.package_added.replace("{code}", &c)),
        (_, Some(c)) => Some(t.package_saved.replace("{code}", &c)),
        _ => None,
    };
    page(&st, &v, notice, vec![], None, NewPackage::default(), None).await
}

async fn page(
    st: &AppState,
    v: &Visitor,
    notice: Option<String>,
    errors: Vec<FieldError>,
    problem: Option<String>,
    typed: NewPackage,
    editing: Option<(String, EditForm)>,
) -> Response {
    match super::read(st, v, |r, c| shop::packages(r, c)).await {
        Ok((packages, who)) => render(&PackagesPage {
            chrome: Chrome::new(v, BASE)
                .errors(errors)
                .problem(problem)
                .signed_in(None, who),
            packages: packages
                .into_iter()
                .map(|p: StorePackage| Shown {
                    price: euro(p.price_cents, v.lang.code()),
                    price_input: price_input(p.price_cents, v.lang),
                    editing: editing
                        .as_ref()
                        .filter(|(code, _)| *code == p.code)
                        .map(|(_, f)| f.clone()),
                    code: p.code,
                    name: p.name,
                    minutes: p.minutes,
                    active: p.active,
                })
                .collect(),
            notice,
            typed,
        }),
        Err(page) => page,
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct NewPackage {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub minutes: String,
    #[serde(default)]
    pub price: String,
}

/// A rule's refusal in the form's words: the numbers' ranges said as how to write them.
fn say_field(v: &Visitor, field: &'static str, e: &service::Error, name_empty: bool) -> String {
    let t = v.lang.ui();
    match field {
        "name" if name_empty => t.enter_package_name.into(),
        "minutes" => t.enter_package_minutes.into(),
        "price" => t.enter_price.into(),
        _ => super::super::say(v.lang, e),
    }
}

fn field_of(e: &service::Error) -> &'static str {
    match e.field() {
        Some("name") => "name",
        Some("minutes") => "minutes",
        Some("price_cents") => "price",
        _ => "code",
    }
}

/// The numbers as typed, or the fields' refusals.
fn numbers(
    t: &crate::server::i18n::Ui,
    minutes: &str,
    price: &str,
) -> (Option<i64>, Option<i64>, Vec<FieldError>) {
    let mut errors = Vec::new();
    // Read here; their ranges are the rules' (service::shop).
    let m = minutes.trim().parse::<i64>().ok();
    if m.is_none() {
        errors.push(FieldError {
            field: "minutes",
            message: t.enter_package_minutes.into(),
        });
    }
    let p = parse_euro(price).ok();
    if p.is_none() {
        errors.push(FieldError {
            field: "price",
            message: t.enter_price.into(),
        });
    }
    (m, p, errors)
}

/// `POST /desk/pacchetti`: a new package on sale; every field's refusal at once.
pub async fn create(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(f): Form<NewPackage>,
) -> Response {
    let auth = match super::super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let t = v.lang.ui();
    let (minutes, price, mut errors) = numbers(t, &f.minutes, &f.price);
    let req = NewStorePackage {
        code: f.code.trim().to_uppercase(),
        name: f.name.trim().to_owned(),
        minutes: minutes.unwrap_or(1),
        price_cents: price.unwrap_or(0),
    };
    for e in shop::refusals_of_new(&req) {
        let field = field_of(&e);
        if !errors.iter().any(|x| x.field == field) {
            errors.push(FieldError {
                field,
                message: say_field(&v, field, &e, req.name.is_empty()),
            });
        }
    }
    let order = |f: &str| {
        ["code", "name", "minutes", "price"]
            .iter()
            .position(|x| *x == f)
    };
    errors.sort_by_key(|e| order(e.field));
    if !errors.is_empty() {
        return page(&st, &v, None, errors, None, f, None).await;
    }
    let code = req.code.clone();
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            shop::add_package(r, c, &req)?;
            Ok(true)
        })
        .await;
    match done {
        Ok(true) => Redirect::to(&format!("{BASE}?aggiunto={code}")).into_response(),
        Ok(false) => super::super::not_found(&v),
        Err(e @ service::Error::PackageExists(_)) => {
            let errors = vec![FieldError {
                field: "code",
                message: super::super::say(v.lang, &e),
            }];
            page(&st, &v, None, errors, None, f, None).await
        }
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub minutes: String,
    #[serde(default)]
    pub price: String,
    /// The checkbox: present when ticked.
    #[serde(default)]
    pub active: Option<String>,
}

/// A field of the package's own form, as the error summary links to it.
fn edit_field(field: &str) -> &'static str {
    match field {
        "minutes" => "edit-minutes",
        "price" => "edit-price",
        _ => "edit-name",
    }
}

/// `POST /desk/pacchetti/{code}`: the package's name, minutes, price and whether on sale.
pub async fn edit(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<EditForm>,
) -> Response {
    let auth = match super::super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let t = v.lang.ui();
    let (minutes, price, mut errors) = numbers(t, &f.minutes, &f.price);
    let name = f.name.trim().to_owned();
    if name.is_empty() {
        errors.insert(
            0,
            FieldError {
                field: "name",
                message: t.enter_package_name.into(),
            },
        );
    }
    if !errors.is_empty() {
        for e in &mut errors {
            e.field = edit_field(e.field);
        }
        return page(
            &st,
            &v,
            None,
            errors,
            None,
            NewPackage::default(),
            Some((code, f)),
        )
        .await;
    }
    let req = EditStorePackage {
        name: Some(name),
        minutes,
        price_cents: price,
        active: Some(f.active.is_some()),
    };
    let target = code.clone();
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            shop::edit_package(r, c, &target, &req)?;
            Ok(true)
        })
        .await;
    match done {
        Ok(true) => Redirect::to(&format!(
            "{BASE}?salvato={}",
            form_urlencoded::byte_serialize(code.as_bytes()).collect::<String>()
        ))
        .into_response(),
        Ok(false) => super::super::not_found(&v),
        Err(e @ service::Error::Invalid { .. }) => {
            let field = field_of(&e);
            let errors = vec![FieldError {
                field: edit_field(field),
                message: say_field(&v, field, &e, false),
            }];
            page(
                &st,
                &v,
                None,
                errors,
                None,
                NewPackage::default(),
                Some((code, f)),
            )
            .await
        }
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}
