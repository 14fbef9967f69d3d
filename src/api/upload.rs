//! Files on their way to the portal: read and checked by the command, sent here as multipart
//! parts that advance a progress bar as the bytes are handed to the connection.

use futures_util::stream;
use indicatif::ProgressBar;
use reqwest::multipart::{Form, Part};

/// A file read from disk and checked against the portal's rules.
#[derive(Debug, Clone)]
pub struct LocalFile {
    pub name: String,
    pub content_type: &'static str,
    pub data: bytes::Bytes,
}

/// A form with the files (part name `file`), plus an optional `ticket` JSON part. The bar
/// advances as the bytes are handed to the connection.
pub(super) fn form(files: &[LocalFile], ticket_json: Option<&str>, bar: &ProgressBar) -> Form {
    form_named(files, ticket_json.map(|j| ("ticket", j)), bar)
}

/// A form with the files (part name `file`) and an optional JSON part of the given name.
pub(super) fn form_named(
    files: &[LocalFile],
    json: Option<(&str, &str)>,
    bar: &ProgressBar,
) -> Form {
    bar.set_position(0);
    let mut form = Form::new();
    if let Some((name, j)) = json {
        form = form.text(name.to_owned(), j.to_owned());
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
