//! The reading areas — documents, technical and commercial news, videos, fiscal notices and
//! FAQ: lists and items for customers (each behind its permission, each item only for its
//! audience), and publishing, editing and unpublishing for the help desk.

use super::error::{Missing, Published, Reach, StaffTask};
use super::{Error, Result};
use crate::domain::content::{self, Access, ContentKind};
use crate::domain::validate;
use crate::domain::validate::Invalid;
use crate::server::auth::Caller;
use crate::server::clock;
use crate::server::store::{
    AudienceRow, ContentFilter, ContentRow, NewAttachment, NewContent, Repo, Viewer,
};
use crate::wire::{
    Content, ContentAudience, ContentFile, ContentPage, ContentQuery, ContentSummary,
    EditContentRequest, PublishContentRequest, Role, Suggestion,
};

/// The area named `s` in a path (`documents`, `news-tech`, …).
pub fn kind(s: &str) -> Result<ContentKind> {
    ContentKind::ALL
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| Error::NotFound(Missing::Area(s.to_owned())))
}

/// The caller's access to `kind`; `at_least` not reached is refused naming the permission.
pub fn require(c: &Caller, kind: ContentKind, at_least: Access) -> Result<Viewer> {
    let access = content::access(kind, c.user.role, &c.user.permissions);
    if access < at_least {
        let reach = if at_least == Access::Detail && access == Access::List {
            Reach::OpenItems(kind)
        } else {
            Reach::Area(kind)
        };
        return Err(Error::NeedsPermission {
            reach,
            permission: content::needed(kind, at_least),
        });
    }
    Ok(match (c.user.role, c.user.company_id) {
        (Role::Staff, _) | (_, None) => Viewer::Staff,
        (_, Some(company)) => Viewer::Company(company),
    })
}

/// Whether the caller may open the area's items (`detail`, FAQ at `read`), as [`show`] asks.
pub fn may_open(c: &Caller, kind: ContentKind) -> bool {
    require(c, kind, Access::Detail).is_ok()
}

/// Only the help desk publishes.
pub fn require_staff(c: &Caller) -> Result<()> {
    c.require_staff_to(StaffTask::PublishContents)
}

fn item(repo: &dyn Repo, kind: ContentKind, id: i64, viewer: Viewer) -> Result<ContentRow> {
    repo.content(kind, id, viewer)?
        .ok_or(Error::NotFound(Missing::ContentItem { kind, id }))
}

/// A page of the area's items the caller may see that match `q`.
pub fn list(
    repo: &dyn Repo,
    caller: &Caller,
    kind: ContentKind,
    q: &ContentQuery,
) -> Result<ContentPage> {
    let (limit, before) = super::page(q.limit, q.cursor.as_deref())?;
    let text = q.q.clone().unwrap_or_default();
    super::line("q", &text)?;
    let words = crate::domain::search::query(&text);
    let viewer = require(caller, kind, Access::List)?;
    // Text with nothing searchable in it matches nothing rather than everything.
    if !text.trim().is_empty() && words.is_empty() {
        return Ok(ContentPage {
            items: vec![],
            has_more: false,
            next_cursor: None,
        });
    }
    let filter = ContentFilter {
        kind,
        viewer,
        words,
        before,
    };
    let (rows, has_more, next_cursor) =
        super::keyset(repo.contents(&filter, limit + 1)?, limit, |r| r.id);
    Ok(ContentPage {
        items: rows.iter().map(summary).collect(),
        has_more,
        next_cursor,
    })
}

/// The areas suggestions come from, in the order they are shown.
const SUGGESTED: [ContentKind; 2] = [ContentKind::Faq, ContentKind::Documents];

/// The FAQ and technical documents that may answer `text` (a ticket's subject and
/// description as typed so far), best first, at most `max`: only what the caller may read,
/// each found by at least one of the text's telling words; the more words an item matches
/// (a title's counting double), the higher it goes.
pub fn suggest(
    repo: &dyn Repo,
    caller: &Caller,
    text: &str,
    max: usize,
) -> Result<Vec<Suggestion>> {
    let text: String = text.chars().take(2000).collect();
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    validate::multi_line("q", &text).map_err(|m| Error::invalid("q", m))?;
    let words = crate::domain::search::keywords(&text, 8);
    let mut found: Vec<(usize, ContentRow, bool)> = Vec::new();
    for kind in SUGGESTED {
        let access = content::access(kind, caller.user.role, &caller.user.permissions);
        if access == Access::None {
            continue;
        }
        let viewer = require(caller, kind, Access::List)?;
        for w in &words {
            let filter = ContentFilter {
                kind,
                viewer,
                words: vec![w.clone()],
                before: None,
            };
            for row in repo.contents(&filter, 20)? {
                let title = crate::domain::search::terms(&row.title);
                let in_title = w.forms.iter().any(|f| {
                    title.split(' ').any(|t| {
                        if f.prefix {
                            t.starts_with(&f.text)
                        } else {
                            t == f.text
                        }
                    })
                });
                let score = if in_title { 2 } else { 1 };
                match found.iter_mut().find(|(_, r, _)| r.id == row.id) {
                    Some(entry) => entry.0 += score,
                    None => found.push((score, row, access >= Access::Detail)),
                }
            }
        }
    }
    // Best first; among equals, the newest.
    found.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.id.cmp(&a.1.id)));
    Ok(found
        .into_iter()
        .take(max)
        .map(|(_, r, openable)| Suggestion {
            kind: r.kind,
            id: r.id,
            title: r.title,
            summary: r.summary,
            openable,
        })
        .collect())
}

/// One item, in full.
pub fn show(repo: &dyn Repo, caller: &Caller, kind: ContentKind, id: i64) -> Result<Content> {
    let viewer = require(caller, kind, Access::Detail)?;
    let row = item(repo, kind, id, viewer)?;
    full(repo, &row, viewer == Viewer::Staff)
}

/// A file of an item, with its bytes.
pub fn file(
    repo: &dyn Repo,
    caller: &Caller,
    kind: ContentKind,
    id: i64,
    file: i64,
) -> Result<(ContentFile, Vec<u8>)> {
    let viewer = require(caller, kind, Access::Detail)?;
    item(repo, kind, id, viewer)?;
    repo.content_file_data(id, file)?
        .ok_or(Error::NotFound(Missing::ContentFile { item: id, file }))
}

/// An item's fields, as the rules check them.
pub fn check(
    title: &str,
    summary: &str,
    body: &str,
    video_url: Option<&str>,
    duration_seconds: Option<i64>,
) -> Result<()> {
    refusals(title, summary, body, video_url, duration_seconds)
        .into_iter()
        .next()
        .map_or(Ok(()), Err)
}

/// Every field's refusal of an item at once (a form shows them all), in the form's order.
pub fn refusals(
    title: &str,
    summary: &str,
    body: &str,
    video_url: Option<&str>,
    duration_seconds: Option<i64>,
) -> Vec<Error> {
    let mut found = Vec::new();
    let mut keep = |r: Result<()>| {
        if let Err(e) = r {
            found.push(e);
        }
    };
    keep(super::text("title", title, 200));
    if !summary.is_empty() {
        keep(super::long_text("summary", summary, 2_000));
    }
    keep(super::long_text("body", body, 50_000));
    if let Some(u) = video_url {
        keep(validate::web_address("video_url", u).map_err(|m| Error::invalid("video_url", m)));
    }
    if let Some(d) = duration_seconds
        && !(0..=1_000_000).contains(&d)
    {
        keep(Err(Error::range("duration_seconds", 0, 1_000_000)));
    }
    found
}

/// A new item's fields, as the rules check them (before its files are read).
pub fn check_new(req: &PublishContentRequest) -> Result<()> {
    check(
        &req.title,
        req.summary.as_deref().unwrap_or(""),
        &req.body,
        req.video_url.as_deref(),
        req.duration_seconds,
    )
}

/// Staff: publishes an item for its audience, with its files (already checked one by one).
pub fn publish(
    repo: &dyn Repo,
    caller: &Caller,
    kind: ContentKind,
    req: &PublishContentRequest,
    files: &[NewAttachment],
) -> Result<Content> {
    check_new(req)?;
    require_staff(caller)?;
    let now = clock::now();
    let new = NewContent {
        kind,
        title: req.title.clone(),
        summary: req.summary.clone().unwrap_or_default(),
        body: req.body.clone(),
        video_url: req.video_url.clone(),
        duration_seconds: req.duration_seconds,
        audience: audience_in(repo, &req.audience)?,
        author_id: caller.user.id,
    };
    let id = repo.insert_content(&new, &now)?;
    for f in files {
        repo.insert_content_file(id, f, &now)?;
    }
    full(repo, &item(repo, kind, id, Viewer::Staff)?, true)
}

/// Staff: edits an item (fields left out stay as they are).
pub fn edit(
    repo: &dyn Repo,
    caller: &Caller,
    kind: ContentKind,
    id: i64,
    req: &EditContentRequest,
) -> Result<Content> {
    require_staff(caller)?;
    let row = item(repo, kind, id, Viewer::Staff)?;
    let title = req.title.clone().unwrap_or(row.title.clone());
    let summary = req.summary.clone().unwrap_or(row.summary.clone());
    let body = req.body.clone().unwrap_or(row.body.clone());
    let video_url = req.video_url.clone().or(row.video_url.clone());
    let duration_seconds = req.duration_seconds.or(row.duration_seconds);
    check(
        &title,
        &summary,
        &body,
        video_url.as_deref(),
        duration_seconds,
    )?;
    let audience = match &req.audience {
        Some(a) => audience_in(repo, a)?,
        None => row.audience.clone(),
    };
    repo.update_content(
        id,
        &NewContent {
            kind,
            title,
            summary,
            body,
            video_url,
            duration_seconds,
            audience,
            author_id: caller.user.id,
        },
        &clock::now(),
    )?;
    full(repo, &item(repo, kind, id, Viewer::Staff)?, true)
}

/// Staff: withdraws an item from its area.
pub fn unpublish(repo: &dyn Repo, caller: &Caller, kind: ContentKind, id: i64) -> Result<Content> {
    require_staff(caller)?;
    item(repo, kind, id, Viewer::Staff)?;
    if !repo.unpublish_content(id, &clock::now())? {
        return Err(Error::AlreadyUnpublished(Published::Content { kind, id }));
    }
    full(repo, &item(repo, kind, id, Viewer::Staff)?, true)
}

pub fn summary(row: &ContentRow) -> ContentSummary {
    ContentSummary {
        id: row.id,
        kind: row.kind,
        title: row.title.clone(),
        summary: row.summary.clone(),
        duration_seconds: row.duration_seconds,
        file_count: row.file_count,
        published_at: row.published_at.clone(),
        updated_at: row.updated_at.clone(),
        published: row.unpublished_at.is_none(),
    }
}

/// The item in full; its audience only for the help desk.
pub fn full(repo: &dyn Repo, row: &ContentRow, staff: bool) -> Result<Content> {
    Ok(Content {
        summary: summary(row),
        body: row.body.clone(),
        video_url: row.video_url.clone(),
        files: repo.content_files(row.id)?,
        audience: if staff {
            Some(audience_out(repo, &row.audience)?)
        } else {
            None
        },
    })
}

fn audience_out(repo: &dyn Repo, a: &AudienceRow) -> Result<ContentAudience> {
    Ok(match a {
        AudienceRow::All => ContentAudience::All {},
        AudienceRow::Customers(ids) => {
            let mut customers: Vec<String> = repo
                .list_companies()?
                .into_iter()
                .filter(|c| ids.contains(&c.id))
                .map(|c| c.code)
                .collect();
            customers.sort();
            ContentAudience::Customers { customers }
        }
        AudienceRow::Contract { macro_area, area } => {
            let (macro_area, area) = repo
                .catalog_node_names(*macro_area, *area)?
                .unwrap_or_default();
            ContentAudience::Contract { macro_area, area }
        }
    })
}

/// An audience from the wire: codes and catalog names checked and turned into ids.
pub fn audience_in(repo: &dyn Repo, a: &ContentAudience) -> Result<AudienceRow> {
    match a {
        ContentAudience::All {} => Ok(AudienceRow::All),
        ContentAudience::Customers { customers } => {
            if customers.is_empty() || customers.len() > 1000 {
                return Err(Error::invalid(
                    "audience",
                    Invalid::AudienceCodes { max: 1000 },
                ));
            }
            let mut ids = Vec::new();
            let mut unknown = Vec::new();
            for code in customers {
                validate::customer_code(code).map_err(|m| Error::invalid("audience", m))?;
                match repo.company_by_code(code)? {
                    Some(c) if !ids.contains(&c.id) => ids.push(c.id),
                    Some(_) => {}
                    None => unknown.push(code.clone()),
                }
            }
            if !unknown.is_empty() {
                return Err(Error::UnknownCustomers(unknown));
            }
            Ok(AudienceRow::Customers(ids))
        }
        ContentAudience::Contract { macro_area, area } => {
            for name in std::iter::once(macro_area).chain(area) {
                validate::text("audience", name, 200).map_err(|m| Error::invalid("audience", m))?;
            }
            let (m, a) = repo
                .catalog_node(macro_area, area.as_deref())?
                .ok_or_else(|| {
                    Error::UnknownCatalogNode(format!(
                        "{macro_area}{}",
                        area.as_deref()
                            .map(|x| format!(" › {x}"))
                            .unwrap_or_default()
                    ))
                })?;
            Ok(AudienceRow::Contract {
                macro_area: m,
                area: a,
            })
        }
    }
}
