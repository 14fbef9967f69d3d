//! The reading areas' rules shared by their routes: who may see an area and at which depth,
//! which items a caller sees, and the conversions between stored rows and the wire.

use crate::domain::content::{self, Access, ContentKind};
use crate::server::auth::Caller;
use crate::server::error::{ApiError, ApiResult};
use crate::server::store::{AudienceRow, ContentRow, Repo, Viewer};
use crate::wire::{Content, ContentAudience, ContentSummary, Role};

/// The caller's access to `kind`; `at_least` not reached is 403 naming the permission.
pub fn require(c: &Caller, kind: ContentKind, at_least: Access) -> ApiResult<Viewer> {
    let access = content::access(kind, c.user.role, &c.user.permissions);
    if access < at_least {
        let what = if at_least == Access::Detail && access == Access::List {
            format!("opening {} items", kind.label())
        } else {
            format!("the {} area", kind.label())
        };
        return Err(ApiError::forbidden(
            "permission_denied",
            format!(
                "{what} needs the permission {}; ask your company's Administrator",
                content::needed(kind, at_least)
            ),
        ));
    }
    Ok(match (c.user.role, c.user.company_id) {
        (Role::Staff, _) | (_, None) => Viewer::Staff,
        (_, Some(company)) => Viewer::Company(company),
    })
}

/// Only the help desk publishes.
pub fn require_staff(c: &Caller) -> ApiResult<()> {
    if c.is_staff() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "staff_only",
            "only the help desk publishes in the portal's areas",
        ))
    }
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
pub fn full(repo: &dyn Repo, row: &ContentRow, staff: bool) -> ApiResult<Content> {
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

fn audience_out(repo: &dyn Repo, a: &AudienceRow) -> ApiResult<ContentAudience> {
    Ok(match a {
        AudienceRow::All => ContentAudience {
            kind: "all".into(),
            customers: vec![],
            macro_area: None,
            area: None,
        },
        AudienceRow::Customers(ids) => {
            let mut codes: Vec<String> = repo
                .list_companies()?
                .into_iter()
                .filter(|c| ids.contains(&c.id))
                .map(|c| c.code)
                .collect();
            codes.sort();
            ContentAudience {
                kind: "customers".into(),
                customers: codes,
                macro_area: None,
                area: None,
            }
        }
        AudienceRow::Contract { macro_area, area } => {
            let (m, a) = repo
                .catalog_node_names(*macro_area, *area)?
                .unwrap_or_default();
            ContentAudience {
                kind: "contract".into(),
                customers: vec![],
                macro_area: Some(m),
                area: a,
            }
        }
    })
}

/// An audience from the wire: codes and catalog names checked and turned into ids.
pub fn audience_in(repo: &dyn Repo, a: &ContentAudience) -> ApiResult<AudienceRow> {
    let field = |m: String| ApiError::invalid("audience", m);
    match a.kind.as_str() {
        "all" => {
            if !a.customers.is_empty() || a.macro_area.is_some() || a.area.is_some() {
                return Err(field(
                    "an `all` audience names no customers and no catalog node".into(),
                ));
            }
            Ok(AudienceRow::All)
        }
        "customers" => {
            if a.customers.is_empty() {
                return Err(field(
                    "name at least one customer code in `customers`".into(),
                ));
            }
            if a.customers.len() > 1000 {
                return Err(field("at most 1000 customers".into()));
            }
            let mut ids = Vec::new();
            for code in &a.customers {
                let c = repo.company_by_code(code)?.ok_or_else(|| {
                    ApiError::invalid("audience", format!("no customer `{code}`"))
                })?;
                if !ids.contains(&c.id) {
                    ids.push(c.id);
                }
            }
            Ok(AudienceRow::Customers(ids))
        }
        "contract" => {
            let Some(m) = a.macro_area.as_deref() else {
                return Err(field("a `contract` audience needs `macro_area`".into()));
            };
            let (macro_area, area) = repo.catalog_node(m, a.area.as_deref())?.ok_or_else(|| {
                field(format!(
                    "no catalog node `{m}{}`; see `lhs catalog`",
                    a.area
                        .as_deref()
                        .map(|x| format!(" › {x}"))
                        .unwrap_or_default()
                ))
            })?;
            Ok(AudienceRow::Contract { macro_area, area })
        }
        other => Err(field(format!(
            "unknown audience `{other}`: use all, customers or contract"
        ))),
    }
}
