//! Attachments on the client side: the portal's rules checked locally before any request, and
//! multipart bodies that advance a progress bar as they are sent.

use std::path::{Path, PathBuf};

use futures_util::stream;
use indicatif::ProgressBar;
use reqwest::multipart::{Form, Part};

use crate::domain::attachment;
use crate::error::{CliError, CliResult, Kind};

#[derive(Debug, Clone)]
pub struct LocalFile {
    pub name: String,
    pub content_type: &'static str,
    pub data: bytes::Bytes,
}

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

/// A form with the files (part name `file`), plus an optional `ticket` JSON part. The bar
/// advances as the bytes are handed to the connection.
pub fn form(files: &[LocalFile], ticket_json: Option<&str>, bar: &ProgressBar) -> Form {
    bar.set_position(0);
    let mut form = Form::new();
    if let Some(j) = ticket_json {
        form = form.text("ticket", j.to_owned());
    }
    for f in files {
        let chunks: Vec<bytes::Bytes> = f
            .data
            .chunks(32 * 1024)
            .map(|c| f.data.slice_ref(c))
            .collect();
        let bar = bar.clone();
        let body = reqwest::Body::wrap_stream(stream::iter(chunks.into_iter().map(move |c| {
            bar.inc(c.len() as u64);
            Ok::<_, std::io::Error>(c)
        })));
        let part = Part::stream_with_length(body, f.data.len() as u64)
            .file_name(f.name.clone())
            .mime_str(f.content_type)
            .expect("static content types are valid");
        form = form.part("file", part);
    }
    form
}
