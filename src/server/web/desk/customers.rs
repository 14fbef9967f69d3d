//! "Clienti": the customers with their SMART balance and standing, and one customer's page —
//! the standing (ok, temporary with the banner's text, suspended: their pages lock at once),
//! the SMART package's movements and a manual top-up with its reason. `service::customers`,
//! as `lhs desk customers` and the API.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::super::tickets::when;
use super::super::{Chrome, FieldError, Visitor, render, render_status};
use crate::domain::standing::Standing;
use crate::server::AppState;
use crate::server::service::{self, catalog, customers};
use crate::wire::{CatalogMacroArea, CatalogPath, CatalogQuery, Customer, GrantRequest, Package};

#[derive(Template)]
#[template(path = "desk_customers.html", config = "assets/askama.toml")]
pub struct CustomersPage {
    pub chrome: Chrome,
    pub customers: Vec<Customer>,
    /// What was typed in a refused "Aggiungi un cliente".
    pub code: String,
    pub name: String,
    pub admin_email: String,
}
chrome!(CustomersPage);

pub async fn list(State(st): State<AppState>, v: Visitor) -> Response {
    list_page(&st, &v, vec![], NewCustomer::default()).await
}

async fn list_page(
    st: &AppState,
    v: &Visitor,
    errors: Vec<FieldError>,
    typed: NewCustomer,
) -> Response {
    match super::read(st, v, |r, c| customers::list(r, c)).await {
        Ok((customers, who)) => render(&CustomersPage {
            chrome: Chrome::new(v, "/desk/clienti")
                .errors(errors)
                .signed_in(None, who),
            customers,
            code: typed.code,
            name: typed.name,
            admin_email: typed.admin_email,
        }),
        Err(page) => page,
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct NewCustomer {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    admin_email: String,
}

/// "Aggiungi un cliente": the customer and its Administrator, who is mailed an invitation
/// (staff administrators only, as the API).
pub async fn create(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(f): Form<NewCustomer>,
) -> Response {
    let auth = match super::super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let req = crate::wire::CreateCustomerRequest {
        code: f.code.trim().to_uppercase(),
        name: f.name.trim().to_owned(),
        admin_email: f.admin_email.trim().to_owned(),
    };
    let code = req.code.clone();
    let env = st.env();
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            customers::create(r, c, &env, &req)?;
            Ok(true)
        })
        .await;
    match done {
        Ok(true) => Redirect::to(&format!("/desk/clienti/{code}?fatto")).into_response(),
        Ok(false) => super::super::not_found(&v),
        Err(
            e @ (service::Error::Invalid { .. }
            | service::Error::CustomerExists(_)
            | service::Error::CodeIsAnAccount(_)),
        ) => {
            let field = match e.field() {
                Some("name") => "name",
                Some("admin_email") => "admin_email",
                _ => "code",
            };
            let errors = vec![FieldError {
                field,
                message: super::super::say(v.lang, &e),
            }];
            list_page(&st, &v, errors, f).await
        }
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}

/// An area of the catalog with its sections, as the contract form shows them.
pub struct ContractArea {
    pub label: String,
    /// (value `i.j.k`, section, in the contract).
    pub sections: Vec<(String, String, bool)>,
}

/// The catalog's areas with the contract's sections ticked.
fn contract_areas(all: &[CatalogMacroArea], mine: &[CatalogMacroArea]) -> Vec<ContractArea> {
    let has = |m: &str, a: &str, s: &str| {
        mine.iter().any(|x| {
            x.name == m
                && x.areas
                    .iter()
                    .any(|y| y.name == a && y.sections.iter().any(|z| z == s))
        })
    };
    let mut out = Vec::new();
    for (i, m) in all.iter().enumerate() {
        for (j, a) in m.areas.iter().enumerate() {
            out.push(ContractArea {
                label: format!("{} › {}", m.name, a.name),
                sections: a
                    .sections
                    .iter()
                    .enumerate()
                    .map(|(k, s)| (format!("{i}.{j}.{k}"), s.clone(), has(&m.name, &a.name, s)))
                    .collect(),
            });
        }
    }
    out
}

/// The catalog paths the ticked values name (unknown values are left out).
fn chosen_paths(all: &[CatalogMacroArea], values: &[String]) -> Vec<CatalogPath> {
    values
        .iter()
        .filter_map(|v| {
            let mut at = v.split('.').map(|x| x.parse::<usize>().ok());
            let (i, j, k) = (at.next()??, at.next()??, at.next()??);
            let macro_area = all.get(i)?;
            let area = macro_area.areas.get(j)?;
            Some(CatalogPath {
                macro_area: macro_area.name.clone(),
                area: area.name.clone(),
                section: area.sections.get(k)?.clone(),
            })
        })
        .collect()
}

/// `POST /desk/clienti/{code}/contratto`: the ticked sections become the contract.
pub async fn set_contract(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(code): Path<String>,
    axum::extract::RawForm(body): axum::extract::RawForm,
) -> Response {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let csrf = pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let auth = match super::super::posted(&v, &headers, &csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let ticked: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "sezione")
        .map(|(_, v)| v)
        .collect();
    let target = code.clone();
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            let all = catalog::view(r, c, &CatalogQuery::default())?;
            customers::set_contract(r, c, &target, &chosen_paths(&all, &ticked))?;
            Ok(true)
        })
        .await;
    match done {
        Ok(true) => Redirect::to(&format!("/desk/clienti/{code}?fatto")).into_response(),
        Ok(false) => super::super::not_found(&v),
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}

pub struct Movement {
    pub when: String,
    pub minutes: i64,
    pub what: String,
    pub by: String,
}

#[derive(Template)]
#[template(path = "desk_customer.html", config = "assets/askama.toml")]
pub struct CustomerPage {
    pub chrome: Chrome,
    /// The whole catalog by area, each section ticked when the contract enables it.
    pub contract: Vec<ContractArea>,
    pub notice: Option<&'static str>,
    pub customer: Customer,
    pub standing: &'static str,
    pub package: Package,
    pub movements: Vec<Movement>,
    /// What was typed in a refused form.
    pub message: String,
    pub minutes: String,
    pub note: String,
}
chrome!(CustomerPage);

#[derive(Debug, Deserialize, Default)]
pub struct Done {
    fatto: Option<String>,
}

struct Typed {
    message: String,
    minutes: String,
    note: String,
}

async fn page(
    st: &AppState,
    v: &Visitor,
    code: String,
    notice: Option<&'static str>,
    errors: Vec<FieldError>,
    typed: Typed,
) -> Response {
    let wanted = code.clone();
    let got = super::read(st, v, move |r, c| {
        let all = catalog::view(r, c, &CatalogQuery::default())?;
        let mine = customers::contract(r, c, &wanted)?;
        Ok((
            customers::show(r, c, &wanted)?,
            customers::package(r, c, &wanted)?,
            contract_areas(&all, &mine),
        ))
    })
    .await;
    let ((customer, package, contract), who) = match got {
        Ok(x) => x,
        Err(page) => return page,
    };
    let t = v.lang.ui();
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        &CustomerPage {
            chrome: Chrome::new(v, format!("/desk/clienti/{code}"))
                .errors(errors)
                .signed_in(None, who),
            notice,
            contract,
            standing: match customer.standing {
                Standing::Ok => t.standing_ok,
                Standing::Temporary => t.standing_temporary,
                Standing::Suspended => t.standing_suspended,
            },
            movements: package
                .movements
                .iter()
                .map(|m| Movement {
                    when: when(&m.at, v.lang),
                    minutes: m.minutes,
                    what: match (m.ticket, m.order, &m.note) {
                        (Some(n), _, _) => format!("{} {n}", t.ticket_word),
                        (_, Some(o), _) => format!("{} {o}", t.order_label),
                        (_, _, Some(note)) => note.clone(),
                        _ => m.kind.clone(),
                    },
                    by: m.by.clone().unwrap_or_default(),
                })
                .collect(),
            customer,
            package,
            message: typed.message,
            minutes: typed.minutes,
            note: typed.note,
        },
        status,
    )
}

pub async fn show(
    State(st): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
    Query(d): Query<Done>,
) -> Response {
    let t = v.lang.ui();
    let notice = d.fatto.map(|_| t.user_saved);
    let typed = Typed {
        message: String::new(),
        minutes: String::new(),
        note: String::new(),
    };
    page(&st, &v, code, notice, vec![], typed).await
}

#[derive(Debug, Deserialize)]
pub struct CustomerForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    standing: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    courses: String,
}

/// `POST /desk/clienti/{code}/posizione` (the standing), `/minuti` (a top-up or a correction)
/// and `/corsi` (the courses subscription).
pub async fn act(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path((code, action)): Path<(String, String)>,
    Form(f): Form<CustomerForm>,
) -> Response {
    let auth = match super::super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let t = v.lang.ui();
    let typed = Typed {
        message: f.message.clone(),
        minutes: f.minutes.clone(),
        note: f.note.clone(),
    };
    let minutes = f.minutes.trim().parse::<i64>().ok();
    if action == "minuti" && minutes.is_none() {
        let errors = vec![FieldError {
            field: "minutes",
            message: t.enter_grant.into(),
        }];
        return page(&st, &v, code, None, errors, typed).await;
    }
    let standing = match f.standing.as_str() {
        "temporary" => Standing::Temporary,
        "suspended" => Standing::Suspended,
        _ => Standing::Ok,
    };
    let message = Some(f.message.trim().to_owned()).filter(|m| !m.is_empty());
    let note = Some(f.note.trim().to_owned()).filter(|m| !m.is_empty());
    let courses_on = f.courses == "on";
    let (which, target) = (action.clone(), code.clone());
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            match which.as_str() {
                "posizione" => {
                    customers::set_standing(r, c, &target, standing, message.as_deref())?;
                }
                "minuti" => {
                    customers::grant(
                        r,
                        c,
                        &target,
                        &GrantRequest {
                            minutes: minutes.unwrap_or(0),
                            note: note.clone(),
                        },
                    )?;
                }
                "corsi" => {
                    customers::set_courses(r, c, &target, courses_on)?;
                }
                _ => return Ok(false),
            }
            Ok(true)
        })
        .await;
    match done {
        Ok(true) => Redirect::to(&format!("/desk/clienti/{code}?fatto")).into_response(),
        Ok(false) => super::super::not_found(&v),
        Err(e @ service::Error::Invalid { .. }) => {
            let field = match e.field() {
                Some("message") => "message",
                Some("note") => "note",
                _ => "minutes",
            };
            let errors = vec![FieldError {
                field,
                // The rule's range (never 0), said as how to write the minutes.
                message: if field == "minutes" {
                    t.enter_grant.into()
                } else {
                    super::super::say(v.lang, &e)
                },
            }];
            page(&st, &v, code, None, errors, typed).await
        }
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}
