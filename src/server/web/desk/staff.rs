//! "Tecnici": the help desk's accounts. Every technician sees the list; a staff
//! administrator adds technicians (an invitation by mail), makes them administrators or not,
//! disables them (their sessions end at once) and enables them, and sends a new code.
//! `service::staff`, as `lhs desk staff` and the API.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::super::{Chrome, FieldError, Visitor, render};
use crate::server::AppState;
use crate::server::service::{self, staff};
use crate::wire::{CreateStaffRequest, StaffMember, UpdateStaffRequest};

const BASE: &str = "/desk/tecnici";

#[derive(Template)]
#[template(path = "desk_staff.html", config = "assets/askama.toml")]
pub struct StaffPage {
    pub chrome: Chrome,
    pub members: Vec<StaffMember>,
    /// Whether the visitor is a staff administrator (the forms are theirs).
    pub admin: bool,
    pub notice: Option<String>,
    pub typed: NewTechnician,
}
chrome!(StaffPage);

#[derive(Debug, Default, Deserialize)]
pub struct Done {
    aggiunto: Option<String>,
    salvato: Option<String>,
    inviato: Option<String>,
}

pub async fn list(State(st): State<AppState>, v: Visitor, Query(d): Query<Done>) -> Response {
    let t = v.lang.ui();
    let notice = if let Some(a) = d.aggiunto {
        Some(t.technician_added.replace("{account}", &a))
    } else if let Some(a) = d.salvato {
        Some(t.technician_saved.replace("{account}", &a))
    } else {
        d.inviato
            .map(|a| t.invitation_sent.replace("{account}", &a))
    };
    page(&st, &v, notice, vec![], None, NewTechnician::default()).await
}

async fn page(
    st: &AppState,
    v: &Visitor,
    notice: Option<String>,
    errors: Vec<FieldError>,
    problem: Option<String>,
    typed: NewTechnician,
) -> Response {
    let got = super::read(st, v, |r, c| Ok((staff::list(r, c)?, staff::may_manage(c)))).await;
    match got {
        Ok(((members, admin), who)) => render(&StaffPage {
            chrome: Chrome::new(v, BASE)
                .errors(errors)
                .problem(problem)
                .signed_in(None, who),
            members,
            admin,
            notice,
            typed,
        }),
        Err(page) => page,
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct NewTechnician {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pub account: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub surname: String,
    #[serde(default)]
    pub email: String,
    /// The checkbox: present when ticked.
    #[serde(default)]
    pub staff_admin: Option<String>,
}

fn field_of(e: &service::Error) -> &'static str {
    match e.field() {
        Some("name") => "name",
        Some("surname") => "surname",
        Some("email") => "email",
        _ => "account",
    }
}

/// "Aggiungi un tecnico" (staff administrators, as the API): every field's refusal at once.
pub async fn create(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(f): Form<NewTechnician>,
) -> Response {
    let auth = match super::super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let req = CreateStaffRequest {
        account: f.account.trim().to_owned(),
        name: f.name.trim().to_owned(),
        surname: f.surname.trim().to_owned(),
        email: f.email.trim().to_owned(),
        staff_admin: Some(f.staff_admin.is_some()),
        language: Some(crate::wire::Language::parse(v.lang.code()).unwrap_or_default()),
    };
    let t = v.lang.ui();
    let refusals = staff::refusals_of_new(&req);
    if !refusals.is_empty() {
        let errors = refusals
            .iter()
            .map(|e| FieldError {
                field: field_of(e),
                message: if req.account.is_empty() && field_of(e) == "account" {
                    t.enter_staff_account.to_owned()
                } else {
                    super::super::say(v.lang, e)
                },
            })
            .collect();
        return page(&st, &v, None, errors, None, f).await;
    }
    let account = req.account.clone();
    let env = st.env();
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            staff::create(r, c, &env, &req)?;
            Ok(true)
        })
        .await;
    match done {
        Ok(true) => {
            Redirect::to(&format!("{BASE}?aggiunto={}", urlencoding(&account))).into_response()
        }
        Ok(false) => super::super::not_found(&v),
        Err(e @ (service::Error::Invalid { .. } | service::Error::AccountTaken(_))) => {
            let errors = vec![FieldError {
                field: field_of(&e),
                message: super::super::say(v.lang, &e),
            }];
            page(&st, &v, None, errors, None, f).await
        }
        Err(e @ service::Error::StaffAdminOnly) => {
            let problem = Some(super::super::say(v.lang, &e));
            page(&st, &v, None, vec![], problem, f).await
        }
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}

fn urlencoding(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[derive(Debug, Deserialize)]
pub struct Csrf {
    #[serde(default)]
    csrf: String,
}

/// `POST /desk/tecnici/{account}/{disattiva|riattiva|amministratore|tecnico|codice}`.
pub async fn act(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path((account, action)): Path<(String, String)>,
    Form(f): Form<Csrf>,
) -> Response {
    let auth = match super::super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let change = match action.as_str() {
        "disattiva" => Some((Some(false), None)),
        "riattiva" => Some((Some(true), None)),
        "amministratore" => Some((None, Some(true))),
        "tecnico" => Some((None, Some(false))),
        "codice" => None,
        _ => return super::super::not_found(&v),
    };
    let (target, env) = (account.clone(), st.env());
    let done = st
        .service_write(auth, move |r, c| {
            if !super::is_desk(c) {
                return Ok(false);
            }
            match change {
                Some((active, staff_admin)) => {
                    let req = UpdateStaffRequest {
                        active,
                        staff_admin,
                    };
                    staff::update(r, c, &target, &req)?;
                }
                None => {
                    staff::send_reset(r, c, &env, &target)?;
                }
            }
            Ok(true)
        })
        .await;
    let said = if change.is_some() {
        "salvato"
    } else {
        "inviato"
    };
    match done {
        Ok(true) => {
            Redirect::to(&format!("{BASE}?{said}={}", urlencoding(&account))).into_response()
        }
        Ok(false) => super::super::not_found(&v),
        Err(
            e @ (service::Error::OwnStaffAccount
            | service::Error::StaffAdminOnly
            | service::Error::AccountDisabled(_)),
        ) => {
            let problem = Some(super::super::say(v.lang, &e));
            page(&st, &v, None, vec![], problem, NewTechnician::default()).await
        }
        Err(e) => super::super::signed_in_refusal(&v, &e),
    }
}
