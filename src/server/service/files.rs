//! Files people upload with a ticket or a publication: how many per upload, and whether each
//! is acceptable — its name (a plain base name) and its type by name and by content (the
//! manual's rules for ticket attachments: JPG, JPEG, PNG, PDF, XML, ZIP up to 1000 KB). The
//! API's multipart reader and the web pages' forms ask here for every file.

use super::{Error, Result};
use crate::domain::attachment;
use crate::domain::validate::Invalid;
use crate::server::store::NewAttachment;

/// What an upload accepts: how many files, and the check of each (its content type, or why
/// not).
pub struct FileRules {
    pub max_files: usize,
    pub check: fn(&str, &[u8]) -> std::result::Result<&'static str, Invalid>,
}

/// Ticket attachments: the manual's rules.
pub const TICKET_FILES: FileRules = FileRules {
    max_files: attachment::MAX_FILES,
    check: attachment::check,
};

/// Files of the reading areas (documents, news, …).
pub const CONTENT_FILES: FileRules = FileRules {
    max_files: crate::domain::content::MAX_FILES,
    check: crate::domain::content::check_file,
};

/// The next file of an upload that already holds `received` files: refused naming the file,
/// or ready to store.
pub fn accept(
    rules: &FileRules,
    received: usize,
    filename: &str,
    data: &[u8],
) -> Result<NewAttachment> {
    if received == rules.max_files {
        return Err(Error::invalid(
            "files",
            Invalid::TooManyFiles {
                max: rules.max_files,
                update: false,
            },
        ));
    }
    let refuse = |reason: Invalid| Error::BadFile {
        filename: filename.to_owned(),
        reason: reason.into(),
    };
    attachment::check_filename(filename).map_err(refuse)?;
    let content_type = (rules.check)(filename, data).map_err(refuse)?;
    Ok(NewAttachment {
        filename: filename.to_owned(),
        content_type: content_type.to_owned(),
        sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(data)),
        data: data.to_vec(),
    })
}
