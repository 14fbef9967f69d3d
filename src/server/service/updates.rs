//! Software updates (Aggiornamenti software): versions of the catalog's products with release
//! notes and files, for the customers whose contract includes the product
//! (`aggiornamenti=read` to list, `aggiornamenti=download` for the files); publishing and
//! unpublishing for the help desk; and the removal of files left behind by uploads cut short.
//!
//! Files can be hundreds of MB: an upload is stored as it streams in, in chunks of 1 MiB, each
//! in its own short write ([`begin_file`], [`put_chunk`], [`finish_file`]), and the update is
//! published over the finished files ([`publish`]); a download reads the chunks back
//! ([`chunk`]). Neither side holds a whole file in memory.

use super::error::{Missing, Published, Reach, StaffTask};
use super::{Error, Result};
use crate::domain::attachment::check_filename;
use crate::domain::content::Access;
use crate::domain::update::{self, MAX_FILE_SIZE, MAX_FILES};
use crate::domain::validate::{FileProblem, Invalid};
use crate::server::AppState;
use crate::server::auth::Caller;
use crate::server::clock;
use crate::server::store::{
    NewUpdate, Repo, StoreResult, UpdateFileRow, UpdateFilter, UpdateRow, Viewer,
};
use crate::wire::{
    PublishUpdateRequest, Role, SoftwareUpdate, UpdateFile, UpdatePage, UpdateQuery,
};

/// The caller's access to software updates; `at_least` not reached is refused naming the
/// permission.
pub fn require(c: &Caller, at_least: Access) -> Result<Viewer> {
    if update::access(c.user.role, &c.user.permissions) < at_least {
        return Err(Error::NeedsPermission {
            reach: if at_least == Access::Detail {
                Reach::DownloadingUpdates
            } else {
                Reach::Updates
            },
            permission: update::needed(at_least).to_owned(),
        });
    }
    Ok(match (c.user.role, c.user.company_id) {
        (Role::Staff, _) | (_, None) => Viewer::Staff,
        (_, Some(company)) => Viewer::Company(company),
    })
}

/// Whether the caller may download the files (`aggiornamenti=download`), as [`file`] asks.
pub fn may_download(c: &Caller) -> bool {
    require(c, Access::Detail).is_ok()
}

/// Only the help desk publishes updates.
pub fn require_staff(c: &Caller) -> Result<()> {
    c.require_staff_to(StaffTask::PublishUpdates)
}

pub fn wire(repo: &dyn Repo, row: &UpdateRow) -> Result<SoftwareUpdate> {
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

fn load(repo: &dyn Repo, id: i64, viewer: Viewer) -> Result<UpdateRow> {
    repo.update(id, viewer)?
        .ok_or(Error::NotFound(Missing::Update(id)))
}

/// A page of the updates the caller may see, newest first.
pub fn list(repo: &dyn Repo, caller: &Caller, q: &UpdateQuery) -> Result<UpdatePage> {
    if let Some(v) = &q.version {
        update::version(v).map_err(|m| Error::invalid("version", m))?;
    }
    let (limit, before) = super::page(q.limit, q.cursor.as_deref())?;
    let viewer = require(caller, Access::List)?;
    let product = match q.product.as_deref() {
        None => None,
        Some(p) => Some(
            repo.catalog_node(p, None)?
                .ok_or_else(|| Error::NotFound(Missing::Product(p.to_owned())))?
                .0,
        ),
    };
    let f = UpdateFilter {
        viewer,
        product,
        version: q.version.clone(),
        before,
    };
    let (rows, has_more, next_cursor) =
        super::keyset(repo.updates(&f, limit + 1)?, limit, |r| r.id);
    Ok(UpdatePage {
        items: rows
            .iter()
            .map(|r| wire(repo, r))
            .collect::<Result<Vec<_>>>()?,
        has_more,
        next_cursor,
    })
}

pub fn show(repo: &dyn Repo, caller: &Caller, id: i64) -> Result<SoftwareUpdate> {
    let viewer = require(caller, Access::List)?;
    wire(repo, &load(repo, id, viewer)?)
}

/// A file of an update the caller may download (its bytes come with [`chunk`]).
pub fn file(repo: &dyn Repo, caller: &Caller, id: i64, file: i64) -> Result<UpdateFileRow> {
    let viewer = require(caller, Access::Detail)?;
    load(repo, id, viewer)?;
    repo.update_files(id)?
        .into_iter()
        .find(|f| f.id == file)
        .ok_or(Error::NotFound(Missing::UpdateFile { update: id, file }))
}

/// Chunk `seq` of a file whose download [`file`] allowed.
pub async fn chunk(st: &AppState, file: i64, seq: i64) -> Result<Option<Vec<u8>>> {
    st.service_read_anon(move |r| Ok(r.update_chunk(file, seq)?))
        .await
}

/// The update's fields, checked against the catalog and the published versions before any
/// file is received; answers the product's macro area.
pub fn check_new(repo: &dyn Repo, req: &PublishUpdateRequest) -> Result<i64> {
    super::text("product", &req.product, 200)?;
    update::version(&req.version).map_err(|m| Error::invalid("version", m))?;
    super::long_text("notes", &req.notes, 50_000)?;
    let (m, _) = repo
        .catalog_node(&req.product, None)?
        .ok_or_else(|| Error::UnknownProduct(req.product.clone()))?;
    if repo.update_version_exists(m, &req.version)? {
        return Err(Error::VersionExists {
            product: req.product.clone(),
            version: req.version.clone(),
        });
    }
    Ok(m)
}

/// Whether one more file named `name` may join those already received (`names`).
pub fn check_file(names: &[String], name: &str) -> Result<()> {
    if names.len() == MAX_FILES {
        return Err(Error::invalid(
            "files",
            Invalid::TooManyFiles {
                max: MAX_FILES,
                update: true,
            },
        ));
    }
    check_filename(name).map_err(|m| Error::invalid("files", m))?;
    if names.iter().any(|n| n == name) {
        return Err(Error::invalid(
            "files",
            Invalid::DuplicateFile(name.to_owned()),
        ));
    }
    Ok(())
}

/// Whether a file may grow to `size` bytes.
pub fn check_size(name: &str, size: u64) -> Result<()> {
    if size > MAX_FILE_SIZE {
        return Err(Error::FileTooLarge {
            name: name.to_owned(),
            limit_gib: MAX_FILE_SIZE >> 30,
        });
    }
    Ok(())
}

/// Starts storing a received file; answers its id.
pub async fn begin_file(st: &AppState, name: String) -> Result<i64> {
    let now = clock::now();
    st.service_write_anon(move |r| Ok(r.begin_update_file(&name, &now)?))
        .await
}

/// Stores chunk `seq` of file `file`.
pub async fn put_chunk(st: &AppState, file: i64, seq: i64, data: Vec<u8>) -> Result<()> {
    st.service_write_anon(move |r| Ok(r.put_update_chunk(file, seq, &data)?))
        .await
}

/// Records a received file as complete (`size` bytes, `sha256`); an empty file is refused.
pub async fn finish_file(
    st: &AppState,
    file: i64,
    name: &str,
    size: u64,
    sha256: String,
) -> Result<()> {
    if size == 0 {
        return Err(Error::invalid(
            "files",
            Invalid::File {
                name: name.to_owned(),
                problem: FileProblem::Empty { short: true },
            },
        ));
    }
    let size = i64::try_from(size).unwrap_or(i64::MAX);
    st.service_write_anon(move |r| Ok(r.finish_update_file(file, size, &sha256)?))
        .await
}

/// Removes the files of an upload that will not be published.
pub async fn discard_files(st: &AppState, files: Vec<i64>) -> Result<()> {
    st.service_write_anon(move |r| Ok(r.discard_update_files(&files)?))
        .await
}

/// Staff: publishes the update over its received files (`macro_area` as [`check_new`]
/// answered; checked again, since another upload may have published the version meanwhile).
pub fn publish(
    repo: &dyn Repo,
    caller: &Caller,
    req: &PublishUpdateRequest,
    macro_area: i64,
    files: &[i64],
) -> Result<SoftwareUpdate> {
    require_staff(caller)?;
    if files.is_empty() {
        return Err(Error::invalid("files", Invalid::NoFile { update: true }));
    }
    if repo.update_version_exists(macro_area, &req.version)? {
        return Err(Error::VersionExists {
            product: req.product.clone(),
            version: req.version.clone(),
        });
    }
    let id = repo.insert_update(
        &NewUpdate {
            macro_area_id: macro_area,
            version: req.version.clone(),
            notes: req.notes.clone(),
            author_id: caller.user.id,
        },
        files,
        &clock::now(),
    )?;
    wire(repo, &load(repo, id, Viewer::Staff)?)
}

/// Staff: withdraws an update.
pub fn unpublish(repo: &dyn Repo, caller: &Caller, id: i64) -> Result<SoftwareUpdate> {
    require_staff(caller)?;
    load(repo, id, Viewer::Staff)?;
    if !repo.unpublish_update(id, &clock::now())? {
        return Err(Error::AlreadyUnpublished(Published::Update(id)));
    }
    wire(repo, &load(repo, id, Viewer::Staff)?)
}

/// Files of uploads that never completed (the client went away, the server stopped): gone
/// once older than a day (no upload lasts that long).
pub fn sweep_orphan_files(repo: &dyn Repo) -> StoreResult<usize> {
    let before = crate::server::clock::in_past(std::time::Duration::from_secs(24 * 3600));
    let ids = repo.orphan_update_files(&before)?;
    repo.discard_update_files(&ids)?;
    Ok(ids.len())
}
