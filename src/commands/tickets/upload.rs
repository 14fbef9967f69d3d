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

pub fn total_size(files: &[LocalFile]) -> u64 {
    files.iter().map(|f| f.data.len() as u64).sum()
}
