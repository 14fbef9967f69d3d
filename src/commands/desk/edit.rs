//! `lhs desk edit`: changes a published item.

use std::path::PathBuf;

use crate::context::Context;
use crate::domain::content::ContentKind;
use crate::error::CliResult;
use crate::wire::EditContentRequest;

/// Change a published item
///
/// Only what you name changes. The audience flags replace the whole audience.
///
/// Example:
///   lhs desk edit docs 12 --title "Chiusura IVA 2025 (aggiornato)" \
///       --body-file guida.md
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The area: docs, news-tech, news-sales, video, fiscal or faq
    #[arg(value_name = "AREA", value_parser = super::publish::parse_kind)]
    pub kind: ContentKind,
    /// The item's id
    pub id: i64,
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub summary: Option<String>,
    /// The new text (`-`: standard input)
    #[arg(long, value_name = "TEXT", conflicts_with = "body_file")]
    pub body: Option<String>,
    /// Read the new text from FILE (`-`: standard input)
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// all, or customer codes (comma-separated)
    #[arg(long, value_name = "all|CODE,…")]
    pub audience: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub macro_area: Option<String>,
    #[arg(long, value_name = "NAME", requires = "macro_area")]
    pub area: Option<String>,
    #[arg(long, value_name = "URL")]
    pub video_url: Option<String>,
    #[arg(long, value_name = "DURATION", value_parser = crate::domain::duration::parse)]
    pub duration: Option<std::time::Duration>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let body = if args.body.is_some() || args.body_file.is_some() {
        Some(crate::commands::tickets::comment::text_from(
            ctx,
            args.body,
            args.body_file.as_ref(),
            "--body",
            "",
        )?)
    } else {
        None
    };
    let req = EditContentRequest {
        title: args.title,
        summary: args.summary,
        body,
        video_url: args.video_url,
        duration_seconds: args
            .duration
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
        audience: super::publish::audience(args.audience.as_deref(), args.macro_area, args.area)?,
    };
    let c = ctx.client()?.edit_content(args.kind, args.id, &req).await?;
    if ctx.out.is_json() {
        ctx.out.json(&c)?;
    }
    ctx.out
        .success(&format!("Updated #{} {}", c.summary.id, c.summary.title));
    Ok(())
}
