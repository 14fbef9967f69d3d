//! A page that is one form: its fields, the errors of the last attempt (summary and beside
//! each field), the values kept. The password pages are such forms.

use askama::Template;
use axum::response::Response;

use super::{Chrome, FieldError, Visitor, render};

/// One field of a form.
#[derive(Debug, Clone)]
pub struct Field {
    /// Its `id` and `name`.
    pub id: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    /// The `type` of its input.
    pub kind: &'static str,
    pub autocomplete: &'static str,
    /// The value kept from the last attempt (never a password).
    pub value: String,
}

impl Field {
    pub fn new(
        id: &'static str,
        label: &'static str,
        kind: &'static str,
        autocomplete: &'static str,
    ) -> Field {
        Field {
            id,
            label,
            hint: None,
            kind,
            autocomplete,
            value: String::new(),
        }
    }

    #[must_use]
    pub fn hint(mut self, hint: &'static str) -> Field {
        self.hint = Some(hint);
        self
    }

    #[must_use]
    pub fn value(mut self, value: impl Into<String>) -> Field {
        self.value = value.into();
        self
    }
}

#[derive(Template)]
#[template(path = "form.html", config = "assets/askama.toml")]
pub struct FormPage {
    pub chrome: Chrome,
    pub heading: &'static str,
    pub notice: Option<&'static str>,
    pub intro: Option<&'static str>,
    pub fields: Vec<Field>,
    pub submit: &'static str,
    /// A link under the form: (href, text).
    pub after: Option<(&'static str, &'static str)>,
}

chrome!(FormPage);

/// What a form page shows, besides the chrome.
pub struct Form {
    pub here: &'static str,
    pub heading: &'static str,
    pub notice: Option<&'static str>,
    pub intro: Option<&'static str>,
    pub fields: Vec<Field>,
    pub submit: &'static str,
    pub after: Option<(&'static str, &'static str)>,
}

/// The page of `form` for `v`, with `errors` (status 422 when there are some).
pub fn page(v: &Visitor, form: Form, errors: Vec<FieldError>) -> Response {
    render(&FormPage {
        chrome: Chrome::new(v, form.here).errors(errors),
        heading: form.heading,
        notice: form.notice,
        intro: form.intro,
        fields: form.fields,
        submit: form.submit,
        after: form.after,
    })
}
