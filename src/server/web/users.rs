//! "Gestione utenti" (the Administrator's): the company's operative users with search
//! (Cognome, Nome, Ruolo, UserName), and **Inserisci** — Nome, Cognome, E-mail, Account, an
//! optional initial password typed twice (to be changed at the first sign-in; without it the
//! user is mailed an invitation), Attivo, and the permission matrix as the manual draws it
//! (Area / Lettura / Avanzate; Assistenza online's "only their own tickets" or "all").
//! Everything is `service::users`, the API's rules.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::Field;
use super::{Chrome, FieldError, Visitor, render};
use crate::domain::permissions::{Area, Level, Permissions};
use crate::server::AppState;
use crate::server::i18n::Ui;
use crate::server::service::{self, users};
use crate::wire::{CreateUserRequest, User, UserQuery};

#[derive(Template)]
#[template(path = "users.html", config = "assets/askama.toml")]
pub struct UsersPage {
    pub chrome: Chrome,
    pub notice: Option<String>,
    pub q: String,
    pub users: Vec<User>,
}
chrome!(UsersPage);

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    creato: Option<String>,
}

pub async fn list(State(st): State<AppState>, v: Visitor, Query(lq): Query<ListQuery>) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    let query = UserQuery {
        customer: None,
        q: Some(lq.q.clone()).filter(|q| !q.trim().is_empty()),
        active: None,
    };
    let got = st
        .service_read(auth, move |r, c| {
            Ok((users::list(r, c, &query)?, c.user.account.clone()))
        })
        .await;
    let (mut list, who) = match got {
        Ok(x) => x,
        Err(e) => return super::signed_in_refusal(&v, &e),
    };
    list.sort_by(|a, b| (&a.surname, &a.name).cmp(&(&b.surname, &b.name)));
    let t = v.lang.ui();
    render(&UsersPage {
        chrome: Chrome::new(&v, "/utenti").signed_in(None, who),
        notice: lq.creato.map(|a| t.user_created.replace("{account}", &a)),
        q: lq.q,
        users: list,
    })
}

/// One row of the permission matrix.
pub struct MatrixRow {
    pub key: &'static str,
    pub label: &'static str,
    pub read: bool,
    pub has_advanced: bool,
    pub advanced: bool,
    /// Assistenza online: `own`, `all` or empty.
    pub scope: &'static str,
}

/// The advanced level of an area, when it has one beyond reading (Assistenza online's are
/// chosen apart).
fn advanced_level(area: Area) -> Option<Level> {
    match area {
        Area::Aggiornamenti => Some(Level::Download),
        Area::Documenti | Area::NewsTecniche | Area::NewsCommerciali | Area::Video => {
            Some(Level::Detail)
        }
        Area::Corsi => Some(Level::Enrol),
        Area::Faq | Area::Acquisti | Area::Assistenza => None,
    }
}

fn matrix(t: &Ui, p: &Permissions) -> Vec<MatrixRow> {
    Area::ALL
        .into_iter()
        .map(|area| {
            let level = p.get(area);
            MatrixRow {
                key: area.key(),
                label: t.area(area),
                read: level != Level::Off,
                has_advanced: advanced_level(area).is_some(),
                advanced: advanced_level(area) == Some(level),
                scope: match level {
                    Level::Own if area == Area::Assistenza => "own",
                    Level::All if area == Area::Assistenza => "all",
                    _ => "",
                },
            }
        })
        .collect()
}

/// The matrix the form's checkboxes say.
fn from_form(fields: &BTreeMap<String, String>) -> Permissions {
    let on = |name: String| fields.get(&name).is_some_and(|v| !v.is_empty());
    let mut p = Permissions::default();
    for area in Area::ALL {
        let read = on(format!("{}_lettura", area.key()));
        let level = match area {
            Area::Assistenza => match fields.get("assistenza_avanzate").map(String::as_str) {
                Some("own") => Level::Own,
                Some("all") => Level::All,
                _ if read => Level::Read,
                _ => Level::Off,
            },
            Area::Acquisti => {
                if read {
                    Level::On
                } else {
                    Level::Off
                }
            }
            _ => match advanced_level(area) {
                Some(adv) if on(format!("{}_avanzate", area.key())) => adv,
                _ if read => Level::Read,
                _ => Level::Off,
            },
        };
        let _ = p.set(area, level);
    }
    p
}

#[derive(Template)]
#[template(path = "new_user.html", config = "assets/askama.toml")]
pub struct NewUserPage {
    pub chrome: Chrome,
    pub heading: &'static str,
    pub submit: &'static str,
    pub notice: Option<&'static str>,
    /// The account being edited (None: a new user).
    pub editing: Option<String>,
    pub fields: Vec<Field>,
    pub active: bool,
    pub matrix: Vec<MatrixRow>,
}

chrome!(NewUserPage);

/// Whether the user form creates a user or edits one (its account), and what it says.
struct Mode {
    editing: Option<String>,
    notice: Option<&'static str>,
}

fn new_user_page(
    v: &Visitor,
    who: String,
    typed: &BTreeMap<String, String>,
    perms: &Permissions,
    active: bool,
    errors: Vec<FieldError>,
) -> Response {
    user_form(
        v,
        who,
        typed,
        perms,
        active,
        errors,
        &Mode {
            editing: None,
            notice: None,
        },
    )
}

fn user_form(
    v: &Visitor,
    who: String,
    typed: &BTreeMap<String, String>,
    perms: &Permissions,
    active: bool,
    errors: Vec<FieldError>,
    mode: &Mode,
) -> Response {
    let t = v.lang.ui();
    let value = |k: &str| typed.get(k).cloned().unwrap_or_default();
    let mut fields = vec![
        Field::new("name", t.name_label, "text", "off").value(value("name")),
        Field::new("surname", t.surname_label, "text", "off").value(value("surname")),
        Field::new("email", "E-mail", "email", "off").value(value("email")),
    ];
    if mode.editing.is_none() {
        fields.push(
            Field::new("account", t.account_label, "text", "off")
                .hint(t.account_rule)
                .value(value("account")),
        );
    }
    fields.push(
        Field::new(
            "password",
            if mode.editing.is_some() {
                t.set_password_label
            } else {
                t.initial_password
            },
            "password",
            "new-password",
        )
        .hint(t.initial_password_hint),
    );
    fields.push(Field::new(
        "confirm",
        t.confirm_label,
        "password",
        "new-password",
    ));
    render(&NewUserPage {
        chrome: Chrome::new(
            v,
            match &mode.editing {
                Some(a) => format!("/utente/{a}"),
                None => "/utenti/nuovo".into(),
            },
        )
        .errors(errors)
        .signed_in(None, who),
        heading: if mode.editing.is_some() {
            t.edit_user
        } else {
            t.insert_user
        },
        submit: if mode.editing.is_some() {
            t.save
        } else {
            t.insert
        },
        notice: mode.notice,
        editing: mode.editing.clone(),
        fields,
        active,
        matrix: matrix(t, perms),
    })
}

pub async fn new_page(State(st): State<AppState>, v: Visitor) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    match st
        .service_read(auth, |_, c| {
            users::may_create(c)?;
            Ok(c.user.account.clone())
        })
        .await
    {
        Ok(who) => new_user_page(
            &v,
            who,
            &BTreeMap::new(),
            &Permissions::default(),
            true,
            vec![],
        ),
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

/// The field of the form a refusal is about.
fn field_of(e: &service::Error) -> &'static str {
    match e.field() {
        Some("name") => "name",
        Some("surname") => "surname",
        Some("email") => "email",
        Some("password") => "password",
        _ => "account",
    }
}

pub async fn create(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    let csrf = fields.get("csrf").cloned().unwrap_or_default();
    if !v.accepts(&headers, &csrf) {
        return super::refused(&v);
    }
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    let who = match st
        .service_read(auth.clone(), |_, c| {
            users::may_create(c)?;
            Ok(c.user.account.clone())
        })
        .await
    {
        Ok(w) => w,
        Err(e) => return super::signed_in_refusal(&v, &e),
    };
    let t = v.lang.ui();
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let perms = from_form(&fields);
    let active = fields.contains_key("active");
    let password = Some(get("password")).filter(|p| !p.is_empty());
    let req = CreateUserRequest {
        name: get("name"),
        surname: get("surname"),
        email: get("email").trim().to_owned(),
        account: get("account").trim().to_owned(),
        password: password.clone(),
        permissions: Some(perms.to_map()),
        active: Some(active),
        language: None,
    };
    let again = |errors| new_user_page(&v, who.clone(), &fields, &perms, active, errors);
    if password.is_some() && get("password") != get("confirm") {
        return again(vec![FieldError {
            field: "confirm",
            message: t.passwords_differ.into(),
        }]);
    }
    let refused = users::refusals_of_new(&req);
    if !refused.is_empty() {
        // In the form's order; an empty field asks for itself.
        let mut errors: Vec<FieldError> = refused
            .iter()
            .map(|e| {
                let field = field_of(e);
                let message = match (field, get(field).trim().is_empty()) {
                    ("name", true) => t.enter_name.into(),
                    ("surname", true) => t.enter_surname.into(),
                    ("email", true) => t.enter_email.into(),
                    ("account", true) => t.enter_user_account.into(),
                    _ => super::say(v.lang, e),
                };
                FieldError { field, message }
            })
            .collect();
        let order = ["name", "surname", "email", "account", "password"];
        errors.sort_by_key(|e| order.iter().position(|f| *f == e.field));
        return again(errors);
    }
    let hash = match &password {
        Some(p) => match st.passwords.hash(p.clone()).await {
            Ok(h) => Some(h),
            Err(e) => return super::signed_in_refusal(&v, &e),
        },
        None => None,
    };
    let env = st.env();
    let account = req.account.clone();
    match st
        .service_write(auth, move |r, c| {
            users::create(r, c, &env, &req, hash.as_deref())
        })
        .await
    {
        Ok(_) => {
            let mut s = form_urlencoded::Serializer::new(String::new());
            s.append_pair("creato", &account);
            Redirect::to(&format!("/utenti?{}", s.finish())).into_response()
        }
        Err(e @ (service::Error::AccountTaken(_) | service::Error::Invalid { .. })) => {
            again(vec![FieldError {
                field: field_of(&e),
                message: super::say(v.lang, &e),
            }])
        }
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct Saved {
    salvato: Option<String>,
    inviato: Option<String>,
}

/// The values and matrix of a user, as the form shows them.
fn typed_of(u: &User) -> (BTreeMap<String, String>, Permissions) {
    let typed = BTreeMap::from([
        ("name".to_owned(), u.name.clone()),
        ("surname".to_owned(), u.surname.clone()),
        ("email".to_owned(), u.email.clone()),
    ]);
    let mut perms = Permissions::default();
    let _ = perms.apply_map(u.permissions.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    (typed, perms)
}

/// `GET /utenti/{account}`: where a user's page was; it is `/utente/{account}` now.
pub async fn moved(Path(account): Path<String>) -> Response {
    let account: String = form_urlencoded::byte_serialize(account.as_bytes()).collect();
    Redirect::permanent(&format!("/utente/{account}")).into_response()
}

pub async fn edit_page(
    State(st): State<AppState>,
    v: Visitor,
    Path(account): Path<String>,
    Query(q): Query<Saved>,
) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    let acc = account.clone();
    match st
        .service_read(auth, move |r, c| {
            Ok((users::show(r, c, &acc)?, c.user.account.clone()))
        })
        .await
    {
        Ok((u, who)) => {
            let t = v.lang.ui();
            let (typed, perms) = typed_of(&u);
            let notice = if q.salvato.is_some() {
                Some(t.user_saved)
            } else if q.inviato.is_some() {
                Some(t.reset_sent)
            } else {
                None
            };
            user_form(
                &v,
                who,
                &typed,
                &perms,
                u.active,
                vec![],
                &Mode {
                    editing: Some(u.account),
                    notice,
                },
            )
        }
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

/// Saves a user's names, e-mail, Attivo, matrix and (when given) a password the user must
/// change at the next sign-in; disabling ends the user's sessions at once.
pub async fn save(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(account): Path<String>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    let csrf = fields.get("csrf").cloned().unwrap_or_default();
    let auth = match super::posted(&v, &headers, &csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let t = v.lang.ui();
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let perms = from_form(&fields);
    let active = fields.contains_key("active");
    let password = Some(get("password")).filter(|p| !p.is_empty());
    let who = match st
        .service_read(auth.clone(), |_, c| Ok(c.user.account.clone()))
        .await
    {
        Ok(w) => w,
        Err(e) => return super::signed_in_refusal(&v, &e),
    };
    let mode = Mode {
        editing: Some(account.clone()),
        notice: None,
    };
    let again = |errors| user_form(&v, who.clone(), &fields, &perms, active, errors, &mode);
    if password.is_some() && get("password") != get("confirm") {
        return again(vec![FieldError {
            field: "confirm",
            message: t.passwords_differ.into(),
        }]);
    }
    let hash = match &password {
        Some(p) => {
            let check = p.clone();
            if let Err(e) = st
                .service_read(auth.clone(), move |_, c| users::may_set_password(c, &check))
                .await
            {
                return again(vec![FieldError {
                    field: "password",
                    message: super::say(v.lang, &e),
                }]);
            }
            match st.passwords.hash(p.clone()).await {
                Ok(h) => Some(h),
                Err(e) => return super::signed_in_refusal(&v, &e),
            }
        }
        None => None,
    };
    let req = crate::wire::UpdateUserRequest {
        name: Some(get("name")),
        surname: Some(get("surname")),
        email: Some(get("email").trim().to_owned()),
        permissions: Some(perms.to_map()),
        active: Some(active),
        language: None,
        password: None,
    };
    let acc = account.clone();
    match st
        .service_write(auth, move |r, c| {
            users::update(r, c, &acc, &req, hash.as_deref())
        })
        .await
    {
        Ok(_) => Redirect::to(&format!("/utente/{account}?salvato")).into_response(),
        Err(e @ service::Error::Invalid { .. }) => again(vec![FieldError {
            field: field_of(&e),
            message: super::say(v.lang, &e),
        }]),
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

/// Mails the user a code to choose a new password (an invitation if they never chose one).
pub async fn send_reset(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Path(account): Path<String>,
    Form(f): Form<super::TokenOnly>,
) -> Response {
    let auth = match super::posted(&v, &headers, &f.csrf) {
        Ok(a) => a,
        Err(page) => return page,
    };
    let env = st.env();
    let acc = account.clone();
    match st
        .service_write(auth, move |r, c| users::send_reset(r, c, &env, &acc))
        .await
    {
        Ok(_) => Redirect::to(&format!("/utente/{account}?inviato")).into_response(),
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}
