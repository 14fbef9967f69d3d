//! Software updates: lists, versions and files (streamed to a sink, resumable) for
//! customers; publishing (files streamed from disk) and unpublishing for the help desk.

use std::path::PathBuf;

use futures_util::stream;
use indicatif::ProgressBar;
use reqwest::Method;
use reqwest::multipart::{Form, Part};

use super::{ApiClient, Retry};
use crate::error::{CliError, CliResult, Kind};
use crate::wire::{PublishUpdateRequest, SoftwareUpdate, UpdatePage};

/// A file on disk to publish: read while it is sent, never whole.
#[derive(Debug, Clone)]
pub struct DiskFile {
    pub path: PathBuf,
    pub name: String,
    pub size: u64,
}

/// Bytes read from disk per piece handed to the connection.
const PIECE: usize = 256 * 1024;

fn file_body(f: &DiskFile, bar: &ProgressBar) -> reqwest::Body {
    use tokio::io::AsyncReadExt;
    let bar = bar.clone();
    let path = f.path.clone();
    let pieces = stream::unfold(None::<tokio::fs::File>, move |file| {
        let bar = bar.clone();
        let path = path.clone();
        async move {
            let mut file = match file {
                Some(f) => f,
                None => match tokio::fs::File::open(&path).await {
                    Ok(f) => f,
                    Err(e) => return Some((Err(e), None)),
                },
            };
            let mut buf = vec![0u8; PIECE];
            match file.read(&mut buf).await {
                Ok(0) => None,
                Ok(n) => {
                    buf.truncate(n);
                    bar.inc(n as u64);
                    Some((Ok(bytes::Bytes::from(buf)), Some(file)))
                }
                Err(e) => Some((Err(e), None)),
            }
        }
    });
    reqwest::Body::wrap_stream(pieces)
}

impl ApiClient {
    /// A page of software updates, newest first.
    pub async fn updates(
        &self,
        product: Option<&str>,
        version: Option<&str>,
        limit: usize,
        cursor: Option<&str>,
    ) -> CliResult<UpdatePage> {
        let q = crate::wire::UpdateQuery {
            product: product.map(str::to_owned),
            version: version.map(str::to_owned),
            limit: Some(i64::try_from(limit).unwrap_or(i64::MAX)),
            cursor: cursor.map(str::to_owned),
        };
        self.get(&super::with_query("/updates", &q)).await
    }

    pub async fn update(&self, id: i64) -> CliResult<SoftwareUpdate> {
        self.get(&format!("/updates/{id}")).await
    }

    /// Streams one file of an update into `sink`, asking for the bytes from `from` on (a
    /// resumed download). `sink` gets each piece with its offset in the file: the first one
    /// is at `from`, or at 0 when the portal sends the whole file instead. A connection lost
    /// midway is a [`Kind::Network`] error after the bytes already handed to `sink`.
    pub async fn update_file(
        &self,
        id: i64,
        file: i64,
        from: u64,
        sink: &mut (dyn FnMut(u64, &[u8]) -> CliResult<()> + Send),
    ) -> CliResult<()> {
        let path = format!("/updates/{id}/files/{file}");
        let mut resp = self
            .send_raw(&Method::GET, &path, Retry::Safe, &|| {
                let rb = self.request(Method::GET, &path);
                if from > 0 {
                    rb.header(reqwest::header::RANGE, format!("bytes={from}-"))
                } else {
                    rb
                }
            })
            .await?;
        let status = resp.status();
        if !status.is_success() {
            let bytes = resp.bytes().await.unwrap_or_default();
            return Err(self.api_error(status, &bytes));
        }
        let mut at = if status == reqwest::StatusCode::PARTIAL_CONTENT {
            from
        } else {
            0
        };
        loop {
            match resp.chunk().await {
                Ok(Some(c)) => {
                    sink(at, &c)?;
                    at += c.len() as u64;
                }
                Ok(None) => break,
                Err(e) => {
                    return Err(CliError::new(
                        Kind::Network,
                        format!("the download was interrupted: {e}"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Publishes an update with its files, streamed from disk (never retried: a repeat
    /// would be refused as a duplicate version anyway).
    pub async fn publish_update(
        &self,
        req: &PublishUpdateRequest,
        files: &[DiskFile],
        bar: &ProgressBar,
    ) -> CliResult<SoftwareUpdate> {
        let json = serde_json::to_string(req).map_err(|e| CliError::other(e.to_string()))?;
        self.send(Method::POST, "/updates", Retry::Never, &|| {
            bar.set_position(0);
            let mut form = Form::new().part(
                "update",
                Part::text(json.clone())
                    .mime_str("application/json")
                    .expect("a valid content type"),
            );
            for f in files {
                let part = Part::stream_with_length(file_body(f, bar), f.size)
                    .file_name(f.name.clone())
                    .mime_str("application/octet-stream")
                    .expect("a valid content type");
                form = form.part("file", part);
            }
            self.request(Method::POST, "/updates").multipart(form)
        })
        .await
    }

    pub async fn unpublish_update(&self, id: i64) -> CliResult<SoftwareUpdate> {
        self.post(&format!("/updates/{id}/unpublish"), &serde_json::json!({}))
            .await
    }
}
