//! The reading areas' rules shared by their routes: who may see an area and at which depth,
//! which items a caller sees, and the conversions between stored rows and the wire.

use crate::domain::content::{self, Access, ContentKind};
use crate::domain::validate;
use crate::server::auth::Caller;
use crate::server::error::{ApiError, ApiResult};
use crate::server::store::{AudienceRow, ContentRow, Repo, Viewer};
use crate::wire::{Content, ContentAudience, ContentSummary, Role};
use serde_json::json;

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
    Ok(c.require_staff_to(crate::server::service::error::StaffTask::PublishContents)?)
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
pub fn audience_in(repo: &dyn Repo, a: &ContentAudience) -> ApiResult<AudienceRow> {
    match a {
        ContentAudience::All {} => Ok(AudienceRow::All),
        ContentAudience::Customers { customers } => {
            if customers.is_empty() || customers.len() > 1000 {
                return Err(ApiError::invalid(
                    "audience",
                    "name 1 to 1000 customer codes in `customers`",
                ));
            }
            let mut ids = Vec::new();
            let mut unknown = Vec::new();
            for code in customers {
                validate::customer_code(code).map_err(|m| ApiError::invalid("audience", m))?;
                match repo.company_by_code(code)? {
                    Some(c) if !ids.contains(&c.id) => ids.push(c.id),
                    Some(_) => {}
                    None => unknown.push(code.clone()),
                }
            }
            if !unknown.is_empty() {
                return Err(ApiError::conflict(
                    "unknown_customer",
                    format!(
                        "no customer {}; see `lhs desk customers list`",
                        unknown
                            .iter()
                            .map(|c| format!("`{c}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .with_details(json!({ "field": "audience", "unknown": unknown })));
            }
            Ok(AudienceRow::Customers(ids))
        }
        ContentAudience::Contract { macro_area, area } => {
            for name in std::iter::once(macro_area).chain(area) {
                validate::text("audience", name, 200)
                    .map_err(|m| ApiError::invalid("audience", m))?;
            }
            let (m, a) = repo
                .catalog_node(macro_area, area.as_deref())?
                .ok_or_else(|| {
                    ApiError::conflict(
                        "not_in_catalog",
                        format!(
                            "no catalog node `{macro_area}{}`; see `lhs catalog`",
                            area.as_deref()
                                .map(|x| format!(" › {x}"))
                                .unwrap_or_default()
                        ),
                    )
                    .with_details(json!({ "field": "audience" }))
                })?;
            Ok(AudienceRow::Contract {
                macro_area: m,
                area: a,
            })
        }
    }
}
