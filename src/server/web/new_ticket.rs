//! "Inserisci nuovo ticket": the AVVISO (one problem per ticket), customer and user shown, the
//! notification e-mail, the section among the contract's (one list grouped by macro area and
//! area, which needs no script), the catalog's notices, subject, description, up to three
//! attachments with the limits said before choosing them, the priority; sent as one
//! multipart form to `service::tickets::open` — the API's rules, contract and mails.

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

use super::{Chrome, FieldError, Visitor, render};
use crate::domain::ticket::Priority;
use crate::server::AppState;

use crate::server::service::{self, catalog, contents, files, tickets};
use crate::wire::{CatalogMacroArea, CatalogQuery, CreateTicketRequest};

pub struct SectionOption {
    /// `m.a.s`: positions in the contract's tree.
    pub value: String,
    pub label: String,
}

pub struct SectionGroup {
    pub label: String,
    pub options: Vec<SectionOption>,
}

#[derive(Template)]
#[template(path = "new_ticket.html", config = "assets/askama.toml")]
pub struct NewTicketPage {
    pub chrome: Chrome,
    pub customer: String,
    pub user: String,
    pub groups: Vec<SectionGroup>,
    pub notices: Vec<Notice>,
    pub section: String,
    pub subject: String,
    pub description: String,
    pub notify_email: String,
    pub priority: String,
    pub priorities: Vec<(&'static str, &'static str)>,
    /// What the FAQ and documents suggest for the subject and description (None: not asked).
    pub suggestions: Option<Vec<Shown>>,
}

chrome!(NewTicketPage);

/// A suggestion as the page lists it.
pub struct Shown {
    /// The item's page, when the visitor may open it.
    pub href: Option<String>,
    pub area: &'static str,
    pub title: String,
    pub summary: String,
}

fn shown(found: Vec<crate::wire::Suggestion>, lang: crate::server::i18n::Lang) -> Vec<Shown> {
    let t = lang.ui();
    found
        .into_iter()
        .map(|s| Shown {
            href: s
                .openable
                .then(|| format!("{}/{}", super::contents::base(s.kind), s.id)),
            area: t.section(&super::contents::area_section(s.kind)),
            title: s.title,
            summary: s.summary,
        })
        .collect()
}

/// The suggestions alone, for the page's script to put beside the form as the user types.
#[derive(Template)]
#[template(path = "suggestions.html", config = "assets/askama.toml")]
pub struct SuggestionsPart {
    pub t: &'static crate::server::i18n::Ui,
    pub suggestions: Option<Vec<Shown>>,
}

#[derive(Debug, serde::Deserialize)]
pub struct SuggestionQuery {
    #[serde(default)]
    q: String,
}

/// `GET /ticket/nuovo/suggerimenti?q=…`: the FAQ and documents that match what is typed.
pub async fn suggestions(
    State(st): State<AppState>,
    v: Visitor,
    axum::extract::Query(sq): axum::extract::Query<SuggestionQuery>,
) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    let found = st
        .service_read(auth, move |r, c| contents::suggest(r, c, &sq.q, 5))
        .await;
    match found {
        Ok(found) => {
            let part = SuggestionsPart {
                t: v.lang.ui(),
                suggestions: Some(shown(found, v.lang)),
            };
            match part.render() {
                Ok(html) => axum::response::Html(html).into_response(),
                Err(_) => super::render_error(&v),
            }
        }
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}

/// What was typed, kept when the form comes back.
#[derive(Debug, Default)]
struct Typed {
    section: String,
    subject: String,
    description: String,
    notify_email: String,
    priority: String,
}

/// A notice of the catalog, and the node it belongs to (`i`, `i.j` or `i.j.k`, as the
/// options' values), so the page's script can show only the chosen path's.
pub struct Notice {
    pub node: String,
    pub label: String,
    pub text: String,
}

/// The contract's sections as the list shows them, and the notices of their nodes.
fn choices(tree: &[CatalogMacroArea]) -> (Vec<SectionGroup>, Vec<Notice>) {
    let mut groups = Vec::new();
    let mut notices = Vec::new();
    for (i, m) in tree.iter().enumerate() {
        if let Some(n) = &m.notice {
            notices.push(Notice {
                node: i.to_string(),
                label: m.name.clone(),
                text: n.clone(),
            });
        }
        for (j, a) in m.areas.iter().enumerate() {
            if let Some(n) = &a.notice {
                notices.push(Notice {
                    node: format!("{i}.{j}"),
                    label: format!("{} › {}", m.name, a.name),
                    text: n.clone(),
                });
            }
            for (s, text) in &a.section_notices {
                let k = a.sections.iter().position(|x| x == s).unwrap_or(usize::MAX);
                notices.push(Notice {
                    node: format!("{i}.{j}.{k}"),
                    label: format!("{} › {} › {s}", m.name, a.name),
                    text: text.clone(),
                });
            }
            groups.push(SectionGroup {
                label: format!("{} › {}", m.name, a.name),
                options: a
                    .sections
                    .iter()
                    .enumerate()
                    .map(|(k, s)| SectionOption {
                        value: format!("{i}.{j}.{k}"),
                        label: s.clone(),
                    })
                    .collect(),
            });
        }
    }
    (groups, notices)
}

/// The (macro area, area, section) an option's value names in `tree`.
fn chosen(tree: &[CatalogMacroArea], value: &str) -> Option<(String, String, String)> {
    let mut at = value.split('.').map(|x| x.parse::<usize>().ok());
    let (macro_at, area_at, section_at) = (at.next()??, at.next()??, at.next()??);
    let macro_area = tree.get(macro_at)?;
    let area = macro_area.areas.get(area_at)?;
    let section = area.sections.get(section_at)?;
    Some((macro_area.name.clone(), area.name.clone(), section.clone()))
}

async fn form(st: &AppState, v: &Visitor, typed: Typed, errors: Vec<FieldError>) -> Response {
    form_with(st, v, typed, errors, false).await
}

/// The form; with `suggest`, the FAQ and documents matching the subject and description too.
async fn form_with(
    st: &AppState,
    v: &Visitor,
    typed: Typed,
    errors: Vec<FieldError>,
    suggest: bool,
) -> Response {
    let Some(auth) = v.auth() else {
        return super::to_sign_in(v, None);
    };
    let text = format!("{}\n{}", typed.subject, typed.description);
    let got = st
        .service_read(auth, move |r, c| {
            tickets::may_open(c)?;
            let found = if suggest {
                Some(contents::suggest(r, c, &text, 5)?)
            } else {
                None
            };
            let tree = catalog::view(r, c, &CatalogQuery::default())?;
            let customer = c
                .user
                .company_name
                .clone()
                .zip(c.user.company_code.clone())
                .map(|(n, code)| format!("{n} ({code})"))
                .unwrap_or_default();
            Ok((
                (tree, found),
                customer,
                c.user.full_name(),
                c.banner.clone(),
                c.user.account.clone(),
            ))
        })
        .await;
    let ((tree, found), customer, user, banner, who) = match got {
        Ok(x) => x,
        Err(e) => return super::signed_in_refusal(v, &e),
    };
    let (groups, notices) = choices(&tree);
    render(&NewTicketPage {
        chrome: Chrome::new(v, "/ticket/nuovo")
            .errors(errors)
            .signed_in(banner, who),
        customer,
        user,
        groups,
        notices,
        section: typed.section,
        subject: typed.subject,
        description: typed.description,
        notify_email: typed.notify_email,
        priority: if typed.priority.is_empty() {
            "normale".into()
        } else {
            typed.priority
        },
        priorities: [Priority::Normale, Priority::Bloccante, Priority::Priority]
            .map(|p| (p.as_str(), v.lang.ui().priority(p)))
            .to_vec(),
        suggestions: found.map(|f| shown(f, v.lang)),
    })
}

pub async fn page(State(st): State<AppState>, v: Visitor) -> Response {
    form(&st, &v, Typed::default(), vec![]).await
}

/// The field of the form a refusal of the service is about.
fn field_of(e: &service::Error) -> &'static str {
    match e.field() {
        Some("subject") => "subject",
        Some("description") => "description",
        Some("notify_email") => "notify_email",
        Some("files") => "file",
        _ => "section",
    }
}

pub async fn submit(
    State(st): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    mp: Multipart,
) -> Response {
    let t = v.lang.ui();
    let posted = super::upload::read(mp, &files::TICKET_FILES, v.lang).await;
    let csrf = posted.text("csrf");
    let suggest = posted.text("azione") == "suggerisci";
    let typed = Typed {
        section: posted.text("section"),
        subject: posted.text("subject"),
        description: posted.text("description"),
        notify_email: posted.text("notify_email").trim().to_owned(),
        priority: posted.text("priority"),
    };
    let files = posted.files;
    let mut errors: Vec<FieldError> = posted
        .file_error
        .map(|message| FieldError {
            field: "file",
            message,
        })
        .into_iter()
        .collect();
    if !v.accepts(&headers, &csrf) {
        return super::refused(&v);
    }
    let Some(auth) = v.auth() else {
        return super::to_sign_in(&v, None);
    };
    // "Cerca nelle FAQ e nei documenti" without script: the same form back, with what the
    // FAQ and documents suggest; nothing is opened (files must be chosen again).
    if suggest {
        return form_with(&st, &v, typed, vec![], true).await;
    }
    if typed.section.is_empty() {
        errors.insert(
            0,
            FieldError {
                field: "section",
                message: t.choose_section.into(),
            },
        );
    }
    if typed.subject.trim().is_empty() {
        errors.push(FieldError {
            field: "subject",
            message: t.enter_subject.into(),
        });
    }
    if typed.description.trim().is_empty() {
        errors.push(FieldError {
            field: "description",
            message: t.enter_description.into(),
        });
    }
    if !errors.is_empty() {
        return form(&st, &v, typed, errors).await;
    }
    let priority = match typed.priority.as_str() {
        "bloccante" => Priority::Bloccante,
        "priority" => Priority::Priority,
        _ => Priority::Normale,
    };
    let env = st.env();
    let (section, subject, description, notify) = (
        typed.section.clone(),
        typed.subject.clone(),
        typed.description.clone(),
        typed.notify_email.clone(),
    );
    let got = st
        .service_write(auth, move |r, c| {
            let tree = catalog::view(r, c, &CatalogQuery::default())?;
            let Some((macro_area, area, section)) = chosen(&tree, &section) else {
                return Ok(Err(()));
            };
            let req = tickets::Open {
                ticket: CreateTicketRequest {
                    macro_area,
                    area,
                    section,
                    subject: subject.clone(),
                    description: description.clone(),
                    priority: Some(priority),
                    notify_email: Some(notify.clone()).filter(|n| !n.is_empty()),
                },
                files: files.clone(),
                key: None,
            };
            Ok(Ok(tickets::open(r, c, &env, &req)?.value.summary.number))
        })
        .await;
    match got {
        Ok(Ok(number)) => Redirect::to(&format!("/ticket/{number}?aperto")).into_response(),
        Ok(Err(())) => {
            let errors = vec![FieldError {
                field: "section",
                message: t.choose_section.into(),
            }];
            form(&st, &v, typed, errors).await
        }
        Err(
            e @ (service::Error::Invalid { .. }
            | service::Error::BadFile { .. }
            | service::Error::SectionNotInContract(_)),
        ) => {
            let errors = vec![FieldError {
                field: field_of(&e),
                message: super::say(v.lang, &e),
            }];
            form(&st, &v, typed, errors).await
        }
        Err(e) => super::signed_in_refusal(&v, &e),
    }
}
