//! The password pages: "Hai dimenticato la password?" (a code is mailed), choosing a new
//! password with the mailed code (also the invitation's first password), and changing it —
//! also the change forced at the first login after a password someone else set. Each is a
//! `service::auth` use case, with the API's throttles and rules.

use axum::extract::{Form, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form::{self, Field};
use super::{FieldError, Visitor};
use crate::server::AppState;
use crate::server::auth::ClientAddr;

use crate::server::service::{self, auth};

/// The field of a form that a refusal is about: the one it names when the form has it,
/// `default` otherwise.
fn field_of(e: &service::Error, fields: &[&'static str], default: &'static str) -> &'static str {
    let named = match e {
        service::Error::WrongCurrentPassword => Some("current_password"),
        service::Error::SamePassword => Some("new_password"),
        service::Error::CodeRefused => Some("code"),
        e => e.field(),
    };
    named
        .and_then(|n| fields.iter().copied().find(|f| *f == n))
        .unwrap_or(default)
}

fn refusal(
    v: &Visitor,
    e: &service::Error,
    fields: &[&'static str],
    default: &'static str,
) -> Vec<FieldError> {
    vec![FieldError {
        field: field_of(e, fields, default),
        message: super::say(v.lang, e),
    }]
}

// ---- forgotten password ---------------------------------------------------------------------

fn forgot_form(v: &Visitor, account: &str, notice: Option<&'static str>) -> form::Form {
    let t = v.lang.ui();
    form::Form {
        here: "/password/dimenticata",
        heading: t.forgot_title,
        notice,
        intro: Some(t.forgot_intro),
        fields: vec![
            Field::new("account", t.account_label, "text", "username")
                .hint(t.account_hint)
                .value(account),
        ],
        submit: t.send_code,
        after: Some(("/password/nuova", t.have_a_code)),
    }
}

pub async fn forgot_page(v: Visitor) -> Response {
    form::page(&v, forgot_form(&v, "", None), vec![])
}

#[derive(Debug, Deserialize)]
pub struct Forgot {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    account: String,
}

pub async fn forgot(
    State(st): State<AppState>,
    v: Visitor,
    ClientAddr(peer): ClientAddr,
    headers: HeaderMap,
    Form(f): Form<Forgot>,
) -> Response {
    if !v.accepts(&headers, &f.csrf) {
        return super::refused(&v);
    }
    let t = v.lang.ui();
    if f.account.trim().is_empty() {
        let e = vec![FieldError {
            field: "account",
            message: t.enter_account.into(),
        }];
        return form::page(&v, forgot_form(&v, "", None), e);
    }
    match auth::forgot(&st, peer, &f.account).await {
        // Whether or not the account exists, the same answer.
        Ok(()) => Redirect::to("/password/nuova?inviato").into_response(),
        Err(service::Error::Store(e)) => {
            tracing::error!(error = %e, "forgot-password failed");
            super::render_error(&v)
        }
        Err(e) => {
            let errors = refusal(&v, &e, &["account"], "account");
            form::page(&v, forgot_form(&v, &f.account, None), errors)
        }
    }
}

/// `first` (the mailed code, or the current password) and the new password typed twice, as
/// both forms that set a password ask for them.
fn with_new_password(t: &crate::server::i18n::Ui, first: Field) -> Vec<Field> {
    vec![
        first,
        Field::new(
            "new_password",
            t.new_password_label,
            "password",
            "new-password",
        )
        .hint(t.password_rule),
        Field::new("confirm", t.confirm_label, "password", "new-password"),
    ]
}

// ---- a new password with a mailed code --------------------------------------------------------

fn reset_form(v: &Visitor, notice: Option<&'static str>) -> form::Form {
    let t = v.lang.ui();
    form::Form {
        here: "/password/nuova",
        heading: t.reset_title,
        notice,
        intro: Some(t.reset_intro),
        fields: with_new_password(
            t,
            Field::new("code", t.code_label, "text", "one-time-code").hint(t.code_hint),
        ),
        submit: t.set_password,
        after: Some(("/password/dimenticata", t.ask_a_code)),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct Sent {
    inviato: Option<String>,
}

pub async fn reset_page(v: Visitor, Query(s): Query<Sent>) -> Response {
    let notice = s.inviato.map(|_| v.lang.ui().code_sent);
    form::page(&v, reset_form(&v, notice), vec![])
}

#[derive(Debug, Deserialize)]
pub struct Reset {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm: String,
}

/// The page-level checks of a new password: given, and typed twice the same.
fn new_password_errors(v: &Visitor, new: &str, confirm: &str) -> Vec<FieldError> {
    let t = v.lang.ui();
    let mut errors = Vec::new();
    if new.is_empty() {
        errors.push(FieldError {
            field: "new_password",
            message: t.enter_new_password.into(),
        });
    } else if new != confirm {
        errors.push(FieldError {
            field: "confirm",
            message: t.passwords_differ.into(),
        });
    }
    errors
}

pub async fn reset(
    State(st): State<AppState>,
    v: Visitor,
    ClientAddr(peer): ClientAddr,
    headers: HeaderMap,
    Form(f): Form<Reset>,
) -> Response {
    if !v.accepts(&headers, &f.csrf) {
        return super::refused(&v);
    }
    let t = v.lang.ui();
    let mut errors = Vec::new();
    if f.code.trim().is_empty() {
        errors.push(FieldError {
            field: "code",
            message: t.enter_code.into(),
        });
    }
    errors.extend(new_password_errors(&v, &f.new_password, &f.confirm));
    if !errors.is_empty() {
        return form::page(&v, reset_form(&v, None), errors);
    }
    match auth::reset(&st, peer, &f.code, f.new_password).await {
        Ok(()) => Redirect::to("/accedi?impostata").into_response(),
        Err(service::Error::Store(e)) => {
            tracing::error!(error = %e, "password reset failed");
            super::render_error(&v)
        }
        Err(e) => {
            let errors = refusal(&v, &e, &["code", "new_password"], "code");
            form::page(&v, reset_form(&v, None), errors)
        }
    }
}

// ---- changing the password --------------------------------------------------------------------

fn change_form(v: &Visitor, forced: bool) -> form::Form {
    let t = v.lang.ui();
    form::Form {
        here: "/password/cambia",
        heading: t.change_title,
        notice: forced.then_some(t.change_forced),
        intro: None,
        fields: with_new_password(
            t,
            Field::new(
                "current_password",
                t.current_password_label,
                "password",
                "current-password",
            ),
        ),
        submit: t.set_password,
        after: Some(("/", t.back_home)),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct Forced {
    primo: Option<String>,
}

pub async fn change_page(v: Visitor, Query(q): Query<Forced>) -> Response {
    if v.auth().is_none() {
        return super::to_sign_in(&v, None);
    }
    form::page(&v, change_form(&v, q.primo.is_some()), vec![])
}

#[derive(Debug, Deserialize)]
pub struct Change {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn change(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(f): Form<Change>,
) -> Response {
    if !v.accepts(&headers, &f.csrf) {
        return super::refused(&v);
    }
    let Some(session) = v.auth_pending() else {
        return super::to_sign_in(&v, None);
    };
    let t = v.lang.ui();
    let mut errors = Vec::new();
    if f.current_password.is_empty() {
        errors.push(FieldError {
            field: "current_password",
            message: t.enter_password.into(),
        });
    }
    errors.extend(new_password_errors(&v, &f.new_password, &f.confirm));
    if !errors.is_empty() {
        return form::page(&v, change_form(&v, false), errors);
    }
    match auth::change_password(&st, session, f.current_password, f.new_password).await {
        Ok(()) => Redirect::to("/").into_response(),
        Err(
            e @ (service::Error::Token(_)
            | service::Error::LoginDisabled
            | service::Error::Suspended { .. }),
        ) => super::signed_in_refusal(&v, &e),
        Err(service::Error::Store(e)) => {
            tracing::error!(error = %e, "password change failed");
            super::render_error(&v)
        }
        Err(e) => {
            let errors = refusal(
                &v,
                &e,
                &["current_password", "new_password"],
                "new_password",
            );
            form::page(&v, change_form(&v, false), errors)
        }
    }
}
