//! The reading areas (documents, news, videos, fiscal notices, FAQ): lists, items and their
//! files for customers; publishing for the help desk.

use indicatif::ProgressBar;
use reqwest::Method;

use super::upload::{LocalFile, form_named};
use super::{ApiClient, Retry, with_query};
use crate::domain::content::ContentKind;
use crate::error::{CliError, CliResult, Kind};
use crate::wire::{Content, ContentPage, ContentQuery, EditContentRequest, PublishContentRequest};

impl ApiClient {
    /// A page of `kind`'s items, newest first.
    pub async fn contents(
        &self,
        kind: ContentKind,
        search: Option<&str>,
        limit: usize,
        cursor: Option<&str>,
    ) -> CliResult<ContentPage> {
        let q = ContentQuery {
            q: search.map(str::to_owned),
            limit: Some(i64::try_from(limit).unwrap_or(i64::MAX)),
            cursor: cursor.map(str::to_owned),
        };
        self.get(&with_query(&format!("/contents/{kind}"), &q))
            .await
    }

    /// The FAQ and documents that may answer `text` (what a new ticket says), best first.
    pub async fn suggestions(&self, text: &str) -> CliResult<Vec<crate::wire::Suggestion>> {
        let q = crate::wire::SuggestionQuery {
            q: text.chars().take(1500).collect(),
        };
        self.get(&crate::api::with_query("/suggestions", &q)).await
    }

    pub async fn content(&self, kind: ContentKind, id: i64) -> CliResult<Content> {
        self.get(&format!("/contents/{kind}/{id}")).await
    }

    /// The bytes of one file of an item.
    /// One file of an item, its bytes counted on `bar` as they arrive.
    pub async fn content_file(
        &self,
        kind: ContentKind,
        id: i64,
        file: i64,
        bar: &ProgressBar,
    ) -> CliResult<Vec<u8>> {
        let path = format!("/contents/{kind}/{id}/files/{file}");
        let mut resp = self
            .send_raw(&Method::GET, &path, Retry::Safe, &|| {
                self.request(Method::GET, &path)
            })
            .await?;
        let status = resp.status();
        let interrupted =
            |e: reqwest::Error| CliError::new(Kind::Network, format!("download interrupted: {e}"));
        if !status.is_success() {
            let body = resp.bytes().await.map_err(interrupted)?;
            return Err(self.api_error(status, &body));
        }
        let mut out = Vec::with_capacity(
            resp.content_length()
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(0),
        );
        while let Some(chunk) = resp.chunk().await.map_err(interrupted)? {
            bar.inc(chunk.len() as u64);
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }

    /// Publishes an item, with `files` (never retried: a repeat would publish twice).
    pub async fn publish(
        &self,
        kind: ContentKind,
        req: &PublishContentRequest,
        files: &[LocalFile],
        bar: &ProgressBar,
    ) -> CliResult<Content> {
        let path = format!("/contents/{kind}");
        if files.is_empty() {
            return self.post(&path, req).await;
        }
        let json = serde_json::to_string(req).map_err(|e| CliError::other(e.to_string()))?;
        self.send(Method::POST, &path, Retry::Never, &|| {
            self.request(Method::POST, &path).multipart(form_named(
                files,
                Some(("content", &json)),
                bar,
            ))
        })
        .await
    }

    pub async fn edit_content(
        &self,
        kind: ContentKind,
        id: i64,
        req: &EditContentRequest,
    ) -> CliResult<Content> {
        self.patch(&format!("/contents/{kind}/{id}"), req).await
    }

    pub async fn unpublish(&self, kind: ContentKind, id: i64) -> CliResult<Content> {
        self.post(
            &format!("/contents/{kind}/{id}/unpublish"),
            &serde_json::json!({}),
        )
        .await
    }
}
