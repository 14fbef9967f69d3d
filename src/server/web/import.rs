//! Importing the company's users from a CSV file, as `lhs users import` does — the same
//! reading and the same decisions (`domain::sheet`: columns in Italian or English, `;` or `,`,
//! UTF-8, UTF-16 or Windows-1252, every field rule per row; create the new accounts, update
//! existing ones only when asked) — with a preview of every row's outcome before anything is
//! written; each row applied through `service::users` (the API's rules; an initial password is
//! hashed and must be changed at the first sign-in). And the export of the users as CSV.

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::{Chrome, FieldError, Visitor, render};
use crate::domain::sheet::{self, Plan, SheetUser};
use crate::server::AppState;
use crate::server::i18n::Ui;
use crate::server::service::users;
use crate::wire::UserQuery;

/// One row of the outcome table.
pub struct Outcome {
    pub row: usize,
    pub account: String,
    pub outcome: &'static str,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "import.html", config = "assets/askama.toml")]
pub struct ImportPage {
    pub chrome: Chrome,
    pub summary: Option<String>,
    pub rows: Vec<Outcome>,
    pub update: bool,
}

chrome!(ImportPage);

fn page(
    v: &Visitor,
    who: String,
    errors: Vec<FieldError>,
    summary: Option<String>,
    rows: Vec<Outcome>,
    update: bool,
) -> Response {
    render(&ImportPage {
        chrome: Chrome::new(v, "/utenti/importa")
            .errors(errors)
            .signed_in(None, who),
        summary,
        rows,
        update,
    })
}

/// The Administrator's own account, or the refusal (only Administrators import).
async fn administrator(
    st: &AppState,
    v: &Visitor,
) -> Result<(crate::server::auth::Auth, String), Box<Response>> {
    let Some(auth) = v.auth() else {
        return Err(Box::new(super::to_sign_in(v, None)));
    };
    match st
        .service_read(auth.clone(), |_, c| {
            users::may_create(c)?;
            Ok(c.user.account.clone())
        })
        .await
    {
        Ok(who) => Ok((auth, who)),
        Err(e) => Err(Box::new(super::signed_in_refusal(v, &e))),
    }
}

pub async fn form(State(st): State<AppState>, v: Visitor) -> Response {
    match administrator(&st, &v).await {
        Ok((_, who)) => page(&v, who, vec![], None, vec![], false),
        Err(r) => *r,
    }
}

fn skip_reason(t: &Ui, diff: &[&str]) -> String {
    t.import_differs.replace("{fields}", &diff.join(", "))
}

/// The CSV of the company's users (what the import reads back unchanged).
pub async fn export(State(st): State<AppState>, v: Visitor) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    match st
        .service_read(auth, |r, c| users::list(r, c, &UserQuery::default()))
        .await
    {
        Ok(list) => match sheet::export(&list, false) {
            Ok(bytes) => {
                let mut resp = bytes.into_response();
                let h = resp.headers_mut();
                h.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                );
                h.insert(
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"utenti.csv\""),
                );
                resp
            }
            Err(e) => {
                tracing::error!(error = %e, "users export failed");
                super::render_error(&v)
            }
        },
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

pub async fn submit(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    mut mp: Multipart,
) -> Response {
    let t = v.lang.ui();
    let (mut csrf, mut update, mut apply, mut bytes) = (String::new(), false, false, None);
    while let Ok(Some(field)) = mp.next_field().await {
        match field.name().unwrap_or("") {
            "file" => bytes = field.bytes().await.ok().map(|b| b.to_vec()),
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            "update" => update = !field.text().await.unwrap_or_default().is_empty(),
            "azione" => apply = field.text().await.unwrap_or_default() == "importa",
            _ => {}
        }
    }
    if let Err(r) = super::posted(&v, &headers, &csrf) {
        return r;
    }
    let (auth, who) = match administrator(&st, &v).await {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        let e = vec![FieldError {
            field: "file",
            message: t.choose_csv.into(),
        }];
        return page(&v, who, e, None, vec![], update);
    };
    let (text, _) = sheet::decode(bytes);
    let parsed = match sheet::parse(&text) {
        Ok(s) => s,
        Err(e) => {
            let message = format!("{} {}: {}", t.row_label, e.row, e.message);
            return page(
                &v,
                who,
                vec![FieldError {
                    field: "file",
                    message,
                }],
                None,
                vec![],
                update,
            );
        }
    };
    let existing = match st
        .service_read(auth.clone(), |r, c| {
            users::list(r, c, &UserQuery::default())
        })
        .await
    {
        Ok(x) => x,
        Err(e) => return super::signed_in_refusal(&v, &e),
    };
    let mut rows: Vec<Outcome> = parsed
        .errors
        .iter()
        .map(|e| Outcome {
            row: e.row,
            account: e.account.clone(),
            outcome: t.outcome_error,
            detail: e.message.clone(),
        })
        .collect();
    let plans = sheet::plan(parsed.users, &existing, update);
    let written = apply && parsed.errors.is_empty();
    for p in plans {
        let (u, planned, detail): (SheetUser, &'static str, String) = match p {
            Plan::Create(u) => (u, t.outcome_create, String::new()),
            Plan::Update(u) => (u, t.outcome_update, String::new()),
            Plan::Unchanged(u) => (u, t.outcome_unchanged, String::new()),
            Plan::Skip(u, diff) => (u, t.outcome_skip, skip_reason(t, &diff)),
        };
        let (outcome, detail) =
            if written && (planned == t.outcome_create || planned == t.outcome_update) {
                apply_row(&st, &auth, &v, &u, planned == t.outcome_create).await
            } else {
                (planned, detail)
            };
        rows.push(Outcome {
            row: u.row,
            account: u.account,
            outcome,
            detail,
        });
    }
    rows.sort_by_key(|r| r.row);
    let count = |o: &str| rows.iter().filter(|r| r.outcome == o).count();
    let summary = if !parsed.errors.is_empty() {
        t.import_invalid
            .replace("{n}", &parsed.errors.len().to_string())
    } else if written {
        t.import_done
            .replace("{created}", &count(t.outcome_created).to_string())
            .replace("{updated}", &count(t.outcome_updated).to_string())
            .replace("{failed}", &count(t.outcome_error).to_string())
    } else {
        t.import_preview
            .replace("{create}", &count(t.outcome_create).to_string())
            .replace("{update}", &count(t.outcome_update).to_string())
            .replace("{unchanged}", &count(t.outcome_unchanged).to_string())
            .replace("{skip}", &count(t.outcome_skip).to_string())
    };
    page(&v, who, vec![], Some(summary), rows, update)
}

/// Applies one row through the users service: its outcome and, on a refusal, why.
async fn apply_row(
    st: &AppState,
    auth: &crate::server::auth::Auth,
    visitor: &Visitor,
    row: &SheetUser,
    create: bool,
) -> (&'static str, String) {
    let words = visitor.lang.ui();
    let refused =
        |e: &crate::server::service::Error| (words.outcome_error, super::say(visitor.lang, e));
    if create {
        let req = row.create_request();
        if let Err(e) = users::check_new(&req) {
            return refused(&e);
        }
        let hash = match &req.password {
            Some(p) => match st.passwords.hash(p.clone()).await {
                Ok(h) => Some(h),
                Err(e) => return refused(&e),
            },
            None => None,
        };
        let env = st.env();
        match st
            .service_write(auth.clone(), move |r, c| {
                users::create(r, c, &env, &req, hash.as_deref())
            })
            .await
        {
            Ok(_) => (words.outcome_created, String::new()),
            Err(e) => refused(&e),
        }
    } else {
        let req = row.update_request();
        let account = row.account.clone();
        match st
            .service_write(auth.clone(), move |r, c| {
                users::update(r, c, &account, &req, None)
            })
            .await
        {
            Ok(_) => (words.outcome_updated, String::new()),
            Err(e) => refused(&e),
        }
    }
}
