//! Software updates' rules shared by their routes and the sweep: who may see and download
//! them, the conversion of stored rows to the wire, and the removal of files left behind by
//! uploads cut short.

use crate::domain::content::Access;
use crate::domain::update;
use crate::server::auth::Caller;
use crate::server::error::{ApiError, ApiResult};
use crate::server::store::{Repo, StoreResult, UpdateRow, Viewer};
use crate::wire::{Role, SoftwareUpdate, UpdateFile};

/// The caller's access to software updates; `at_least` not reached is 403 naming the
/// permission.
pub fn require(c: &Caller, at_least: Access) -> ApiResult<Viewer> {
    if update::access(c.user.role, &c.user.permissions) < at_least {
        let what = if at_least == Access::Detail {
            "downloading software updates"
        } else {
            "the software updates area"
        };
        return Err(ApiError::forbidden(
            "permission_denied",
            format!(
                "{what} needs the permission {}; ask your company's Administrator",
                update::needed(at_least)
            ),
        ));
    }
    Ok(match (c.user.role, c.user.company_id) {
        (Role::Staff, _) | (_, None) => Viewer::Staff,
        (_, Some(company)) => Viewer::Company(company),
    })
}

/// Only the help desk publishes updates.
pub fn require_staff(c: &Caller) -> ApiResult<()> {
    Ok(c.require_staff_to(crate::server::service::error::StaffTask::PublishUpdates)?)
}

pub fn wire(repo: &dyn Repo, row: &UpdateRow) -> ApiResult<SoftwareUpdate> {
    Ok(SoftwareUpdate {
        id: row.id,
        product: row.product.clone(),
        version: row.version.clone(),
        published_at: row.published_at.clone(),
        published: row.unpublished_at.is_none(),
        notes: row.notes.clone(),
        files: repo
            .update_files(row.id)?
            .into_iter()
            .map(|f| UpdateFile {
                id: f.id,
                filename: f.filename,
                size: f.size,
                sha256: f.sha256,
            })
            .collect(),
    })
}

/// Files of uploads that never completed (the client went away, the server stopped): gone
/// once older than a day (no upload lasts that long).
pub fn sweep_orphan_files(repo: &dyn Repo) -> StoreResult<usize> {
    let before = crate::server::clock::in_past(std::time::Duration::from_secs(24 * 3600));
    let ids = repo.orphan_update_files(&before)?;
    repo.discard_update_files(&ids)?;
    Ok(ids.len())
}
