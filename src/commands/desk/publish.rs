//! `lhs desk publish`: a document, news item, video, fiscal notice or FAQ for customers.

use std::path::PathBuf;

use crate::context::Context;
use crate::domain::content::ContentKind;
use crate::error::{CliError, CliResult};
use crate::wire::{ContentAudience, PublishContentRequest};

/// clap value parser for an area name.
pub fn parse_kind(s: &str) -> Result<ContentKind, String> {
    ContentKind::parse(s).ok_or_else(|| {
        format!("unknown area `{s}`: use docs, news-tech, news-sales, video, fiscal or faq")
    })
}

/// Who an item is for, from the flags `publish` and `edit` share.
pub fn audience(
    who: Option<&str>,
    macro_area: Option<String>,
    area: Option<String>,
) -> CliResult<Option<ContentAudience>> {
    if let Some(m) = macro_area {
        if who.is_some_and(|w| !w.eq_ignore_ascii_case("all")) {
            return Err(CliError::usage(
                "--audience CODE,… and --macro-area name two different audiences: give one",
            ));
        }
        return Ok(Some(ContentAudience::Contract {
            macro_area: m,
            area,
        }));
    }
    if area.is_some() {
        return Err(CliError::usage("--area needs --macro-area"));
    }
    Ok(who.map(|w| {
        if w.eq_ignore_ascii_case("all") {
            ContentAudience::All {}
        } else {
            ContentAudience::Customers {
                customers: w
                    .split(',')
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty())
                    .collect(),
            }
        }
    }))
}

/// Publish in one of the portal's areas
///
/// The item is for every customer (--audience all, the default), for the customers listed
/// (--audience C0001,C0002), or for those whose contract includes a catalog node
/// (--macro-area M [--area A]). Files: up to 5 of 5 MB (PDF, ZIP, PNG, JPG, XML, TXT, CSV,
/// DOCX, XLSX). Prints the new item's id.
///
/// Examples:
///   lhs desk publish docs --title "Chiusura IVA 2025" --summary "Le novità" \
///       --body-file guida.md --attach guida.pdf
///   lhs desk publish news-tech --title "Manutenzione" \
///       --body "Sabato dalle 8 alle 12" --macro-area "Software Gestionale"
///   lhs desk publish video --title "Prima nota" --body "In 5 minuti" \
///       --video-url https://video.example/pn --duration 300
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The area: docs, news-tech, news-sales, video, fiscal or faq
    #[arg(value_name = "AREA", value_parser = parse_kind)]
    pub kind: ContentKind,
    /// One line: the title
    #[arg(long, value_name = "TEXT")]
    pub title: String,
    /// A short summary shown in lists
    #[arg(long, value_name = "TEXT")]
    pub summary: Option<String>,
    /// The text (`-`: standard input)
    #[arg(long, value_name = "TEXT", conflicts_with = "body_file")]
    pub body: Option<String>,
    /// Read the text from FILE (`-`: standard input)
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// Attach a file (repeatable, at most 5)
    #[arg(long = "attach", short = 'a', value_name = "FILE")]
    pub attach: Vec<PathBuf>,
    /// all, or customer codes (comma-separated)
    #[arg(long, value_name = "all|CODE,…")]
    pub audience: Option<String>,
    /// Only customers whose contract includes this macro area
    #[arg(long, value_name = "NAME")]
    pub macro_area: Option<String>,
    /// …and this area of it
    #[arg(long, value_name = "NAME", requires = "macro_area")]
    pub area: Option<String>,
    /// Videos: where to watch it (http:// or https://)
    #[arg(long, value_name = "URL")]
    pub video_url: Option<String>,
    /// Videos: the length, e.g. 300s, 5m, 1h
    #[arg(long, value_name = "DURATION", value_parser = crate::domain::duration::parse)]
    pub duration: Option<std::time::Duration>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let files = read_files(&args.attach)?;
    let body = crate::commands::tickets::comment::text_from(
        ctx,
        args.body,
        args.body_file.as_ref(),
        "--body",
        "\n# Write the text above. Lines starting with # are ignored.\n",
    )?;
    crate::domain::validate::text("title", &args.title, 200)
        .map_err(|m| CliError::invalid(m.to_string().replace("`title`", "--title")))?;
    let req = PublishContentRequest {
        title: args.title,
        summary: args.summary,
        body,
        video_url: args.video_url,
        duration_seconds: args
            .duration
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
        audience: audience(args.audience.as_deref(), args.macro_area, args.area)?
            .unwrap_or(ContentAudience::All {}),
    };
    let client = ctx.client_for_transfers()?;
    let total: u64 = files.iter().map(|f| f.data.len() as u64).sum();
    let bar = if files.is_empty() {
        indicatif::ProgressBar::hidden()
    } else {
        crate::output::progress::bytes(&ctx.out, total, "Uploading")
    };
    let c = client.publish(args.kind, &req, &files, &bar).await?;
    bar.finish_and_clear();
    if ctx.out.is_json() {
        ctx.out.json(&c)?;
    } else {
        ctx.out.print(&format!("{}\n", c.summary.id))?;
    }
    ctx.out.success(&format!(
        "Published in {}: #{} {}",
        c.summary.kind.label(),
        c.summary.id,
        c.summary.title
    ));
    Ok(())
}

/// Reads and checks the files to publish, before anything is sent.
fn read_files(paths: &[PathBuf]) -> CliResult<Vec<crate::api::upload::LocalFile>> {
    use crate::domain::content::{MAX_FILES, check_file};
    if paths.len() > MAX_FILES {
        return Err(CliError::invalid(format!(
            "{} files given; at most {MAX_FILES} per item",
            paths.len()
        )));
    }
    paths
        .iter()
        .map(|p| {
            let data = std::fs::read(p).map_err(|e| {
                CliError::new(
                    crate::error::Kind::NotFound,
                    format!("cannot read {}: {e}", p.display()),
                )
            })?;
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("file")
                .to_owned();
            let content_type = check_file(&name, &data).map_err(CliError::invalid)?;
            Ok(crate::api::upload::LocalFile {
                name,
                content_type,
                data: bytes::Bytes::from(data),
            })
        })
        .collect()
}
