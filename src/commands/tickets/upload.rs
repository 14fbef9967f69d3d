//! Attachments on the client side: the portal's rules checked locally before any request.

use std::path::{Path, PathBuf};

use crate::api::upload::LocalFile;
use crate::domain::attachment;
use crate::error::{CliError, CliResult, Kind};

/// Reads and checks files: at most 3, each an allowed type (by name and content), ≤ 1000 KB.
pub fn check_files(paths: &[PathBuf]) -> CliResult<Vec<LocalFile>> {
    if paths.len() > attachment::MAX_FILES {
        return Err(CliError::invalid(format!(
            "{} files given; at most {} attachments per upload",
            paths.len(),
            attachment::MAX_FILES
        ))
        .hint("attach the others afterwards with `lhs tickets attach NUMBER FILE…`"));
    }
    paths.iter().map(|p| check_file(p)).collect()
}

fn check_file(path: &Path) -> CliResult<LocalFile> {
    let data = std::fs::read(path).map_err(|e| {
        CliError::new(
            Kind::NotFound,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    let raw_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file")
        .to_owned();
    refuse_hidden_characters(path, &raw_name)?;
    let content_type = attachment::check(&raw_name, &data).map_err(|m| {
        CliError::invalid(m).hint(format!(
            "allowed: {} up to 1000 KB each; compress large logs into a ZIP",
            attachment::ALLOWED_TEXT
        ))
    })?;
    Ok(LocalFile {
        name: attachment::sanitize_filename(&raw_name),
        content_type,
        data: bytes::Bytes::from(data),
    })
}

/// A name that hides its real extension (`invoice\u{202E}gnp.pdf` reads "invoicefdp.png") is
/// refused, not quietly mended: the user should know what the file they send really is.
fn refuse_hidden_characters(path: &Path, name: &str) -> CliResult<()> {
    match attachment::hidden_character(name) {
        Some(why) => Err(CliError::invalid(format!(
            "{}: the file name {why}",
            path.display().to_string().escape_debug(),
        ))
        .hint("rename the file without it, then attach it again")),
        None => Ok(()),
    }
}

pub fn total_size(files: &[LocalFile]) -> u64 {
    files.iter().map(|f| f.data.len() as u64).sum()
}

/// The largest file a vtenext portal takes in its default configuration (`$upload_maxsize`).
pub const VTENEXT_MAX_SIZE: usize = 3_000_000;

/// Extensions a vtenext portal renames to `NAME.EXT.txt` (its `$upload_badext`).
const VTENEXT_RENAMED: &[&str] = &[
    "php", "php3", "php4", "php5", "pht", "phtml", "phps", "phar", "htm", "html", "xhtml", "js",
    "pl", "py", "rb", "cgi", "asp", "cfm", "vbs", "jsp", "exe", "bin", "bat", "com", "sh", "dll",
    "msi", "htaccess", "htpasswd",
];

/// Reads files for a vtenext portal, whose rules are its own: any type, at most 3 MB each.
/// Returns the files and the names the portal will change (risky extensions get `.txt`).
pub fn check_files_vtenext(paths: &[PathBuf]) -> CliResult<(Vec<LocalFile>, Vec<String>)> {
    let mut files = Vec::new();
    let mut renamed = Vec::new();
    for path in paths {
        let data = std::fs::read(path).map_err(|e| {
            CliError::new(
                Kind::NotFound,
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("file")
            .to_owned();
        refuse_hidden_characters(path, &name)?;
        if data.len() > VTENEXT_MAX_SIZE {
            return Err(CliError::invalid(format!(
                "{name} is {} bytes; a vtenext portal takes at most {VTENEXT_MAX_SIZE} bytes per file",
                data.len()
            ))
            .hint("compress it, or split it into several files"));
        }
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if VTENEXT_RENAMED.contains(&ext.as_str()) {
            renamed.push(name.clone());
        }
        files.push(LocalFile {
            content_type: content_type_of(&ext),
            name,
            data: bytes::Bytes::from(data),
        });
    }
    Ok((files, renamed))
}

fn content_type_of(ext: &str) -> &'static str {
    match ext {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "xml" => "application/xml",
        "json" => "application/json",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}
