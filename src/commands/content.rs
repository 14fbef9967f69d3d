//! What the reading areas' commands (`docs`, `news`, `videos`, `fiscal`, `faq`) share: the
//! list streamed page by page, one item shown in full, its files downloaded. Each noun's
//! verb files only say which area they read.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args as ClapArgs;

use crate::context::Context;
use crate::domain::content::ContentKind;
use crate::error::{CliError, CliResult, Kind};
use crate::output::stream::ListStream;
use crate::output::{Tabular, when};
use crate::wire::{Content, ContentAudience, ContentSummary};

/// The flags of every area's `list`.
#[derive(Debug, Clone, ClapArgs)]
pub struct ListArgs {
    /// Only items whose title, summary or text has every one of these words (or parts of
    /// words, in any case)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Show at most N items
    #[arg(long, short = 'L', value_name = "N", default_value_t = 30, conflicts_with = "all", value_parser = crate::cli::at_least::<u32>(1))]
    pub limit: u32,
    /// Show every item (written page by page as they arrive)
    #[arg(long)]
    pub all: bool,
}

/// The flags of every area's `download`.
#[derive(Debug, Clone, ClapArgs)]
pub struct DownloadArgs {
    /// The item's id
    pub id: i64,
    /// Directory to write into
    #[arg(long, short = 'd', value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Only the file with this name
    #[arg(long, value_name = "NAME")]
    pub file: Option<String>,
    /// Overwrite existing files
    #[arg(long)]
    pub force: bool,
}

impl Tabular for ContentSummary {
    fn headers() -> &'static [&'static str] {
        &["ID", "PUBLISHED", "STATUS", "TITLE", "SUMMARY", "FILES"]
    }
    fn cells(&self) -> Vec<String> {
        let mut summary: String = self.summary.lines().next().unwrap_or("").to_owned();
        if summary.chars().count() > 60 {
            summary = summary.chars().take(59).collect::<String>() + "…";
        }
        vec![
            self.id.to_string(),
            when(Some(&self.published_at)),
            // Customers see published items only: the column is empty for them, and left out.
            if self.published { "" } else { "unpublished" }.to_owned(),
            self.title.clone(),
            summary,
            self.file_count.to_string(),
        ]
    }
}

/// Streams the items of `kinds` (merged newest first when several), never truncating
/// silently.
pub async fn list(ctx: &Context, kinds: &[ContentKind], args: &ListArgs) -> CliResult<()> {
    let client = ctx.client()?;
    let limit = (!args.all).then_some(args.limit as usize);
    if let [kind] = kinds {
        let search = args.search.as_deref();
        return crate::output::stream::paged(
            &ctx.out,
            limit,
            ("item", "items"),
            "Nothing published here yet.",
            |n, cursor| {
                let client = &client;
                async move {
                    let p = client.contents(*kind, search, n, cursor.as_deref()).await?;
                    Ok(crate::output::stream::Page {
                        items: p.items,
                        has_more: p.has_more,
                        next_cursor: p.next_cursor,
                    })
                }
            },
        )
        .await;
    }
    let mut out = ListStream::new(&ctx.out);
    let mut more = false;
    {
        // Several areas: each read up to the limit, merged by publication (ids grow with it).
        let mut all: Vec<ContentSummary> = Vec::new();
        for kind in kinds {
            let mut cursor: Option<String> = None;
            loop {
                let page = client
                    .contents(*kind, args.search.as_deref(), 200, cursor.as_deref())
                    .await?;
                all.extend(page.items);
                cursor = page.next_cursor;
                if !page.has_more
                    || cursor.is_none()
                    || limit.is_some_and(|l| all.len() > l * kinds.len())
                {
                    more |= page.has_more;
                    break;
                }
            }
        }
        all.sort_by_key(|c| std::cmp::Reverse(c.id));
        if let Some(l) = limit
            && all.len() > l
        {
            all.truncate(l);
            more = true;
        }
        out.page(&all)?;
    }
    let shown = out.rows();
    out.finish()?;
    if shown == 0 && !ctx.out.is_json() {
        ctx.out.note("Nothing published here yet.");
    }
    if more {
        ctx.out.note(&format!(
            "Showing {}; more are published: use --limit N or --all to see them.",
            crate::output::count(shown, "item", "items")
        ));
    }
    Ok(())
}

/// One item of the first of `kinds` that has it.
pub async fn fetch(ctx: &Context, kinds: &[ContentKind], id: i64) -> CliResult<Content> {
    let client = ctx.client()?;
    let mut last = None;
    for kind in kinds {
        match client.content(*kind, id).await {
            Ok(c) => return Ok(c),
            Err(e) if e.kind == Kind::NotFound => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| CliError::new(Kind::NotFound, format!("no item {id}"))))
}

pub fn render(c: &Content) -> String {
    let s = &c.summary;
    let mut o = String::new();
    let _ = writeln!(o, "{} · {} #{}", s.title, s.kind.label(), s.id);
    let _ = writeln!(
        o,
        "Published:  {}{}",
        when(Some(&s.published_at)),
        if s.published { "" } else { " (unpublished)" }
    );
    if s.updated_at != s.published_at {
        let _ = writeln!(o, "Updated:    {}", when(Some(&s.updated_at)));
    }
    if let Some(url) = &c.video_url {
        let _ = writeln!(o, "Video:      {url}");
    }
    if let Some(d) = s.duration_seconds {
        let _ = writeln!(o, "Duration:   {}:{:02}", d / 60, d % 60);
    }
    if let Some(a) = &c.audience {
        let who = match a {
            ContentAudience::Customers { customers } => customers.join(", "),
            ContentAudience::Contract { macro_area, area } => format!(
                "contracts with {macro_area}{}",
                area.as_deref()
                    .map(|x| format!(" › {x}"))
                    .unwrap_or_default()
            ),
            ContentAudience::All {} => "all customers".into(),
        };
        let _ = writeln!(o, "For:        {who}");
    }
    if !s.summary.is_empty() {
        let _ = writeln!(o, "\n{}", s.summary);
    }
    if !c.body.is_empty() {
        let _ = writeln!(o);
        for line in c.body.lines() {
            let _ = writeln!(o, "  {line}");
        }
    }
    if !c.files.is_empty() {
        let _ = writeln!(o, "\nFiles ({})", c.files.len());
        for f in &c.files {
            let _ = writeln!(
                o,
                "  {}  {}  {} KB  {}",
                f.id,
                f.filename,
                (f.size + 1023) / 1024,
                f.content_type
            );
        }
    }
    o
}

pub async fn view(ctx: &Context, kinds: &[ContentKind], id: i64) -> CliResult<()> {
    let c = fetch(ctx, kinds, id).await?;
    if ctx.out.is_json() {
        ctx.out.json(&c)
    } else {
        ctx.out.print(&render(&c))
    }
}

/// Writes an item's files (or the one named) into the directory, refusing to overwrite.
pub async fn download(ctx: &Context, kinds: &[ContentKind], args: &DownloadArgs) -> CliResult<()> {
    let c = fetch(ctx, kinds, args.id).await?;
    let files: Vec<_> = c
        .files
        .iter()
        .filter(|f| {
            args.file
                .as_deref()
                .is_none_or(|n| f.filename.eq_ignore_ascii_case(n))
        })
        .collect();
    if files.is_empty() {
        return Err(match &args.file {
            Some(n) => CliError::new(
                Kind::NotFound,
                format!("item {} has no file named `{n}`", args.id),
            )
            .hint(format!(
                "its files: {}",
                c.files
                    .iter()
                    .map(|f| f.filename.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            None => CliError::new(Kind::NotFound, format!("item {} has no files", args.id)),
        });
    }
    // The folder is made when the first file is written (write_atomic), once the portal has
    // said yes: a refusal leaves nothing behind.
    let mut targets = Vec::new();
    for f in &files {
        let path = args
            .dir
            .join(crate::domain::attachment::sanitize_filename(&f.filename));
        crate::output::refuse_overwrite(&path, args.force, "--dir")?;
        targets.push((*f, path));
    }
    let client = ctx.client_for_transfers()?;
    let mut written = String::new();
    let total: i64 = targets.iter().map(|(f, _)| f.size).sum();
    let bar =
        crate::output::progress::bytes(&ctx.out, u64::try_from(total).unwrap_or(0), "Downloading");
    for (f, path) in targets {
        bar.set_message(format!("Downloading {}", f.filename));
        let bytes = client
            .content_file(c.summary.kind, c.summary.id, f.id, &bar)
            .await
            .inspect_err(|_| bar.finish_and_clear())?;
        let sum = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
        if sum != f.sha256 {
            bar.finish_and_clear();
            return Err(CliError::new(
                Kind::Network,
                format!(
                    "{}: the download does not match its SHA-256; nothing was written",
                    f.filename
                ),
            ));
        }
        crate::config::write_atomic(&path, &bytes, false)?;
        let _ = writeln!(written, "{}", path.display());
    }
    bar.finish_and_clear();
    ctx.out.print(&written)?;
    ctx.out.success(&format!(
        "{} of item {} downloaded",
        crate::output::count(files.len(), "file", "files"),
        args.id
    ));
    Ok(())
}
