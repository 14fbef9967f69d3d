//! `lhs desk updates publish`.

use std::path::PathBuf;

use crate::api::updates::DiskFile;
use crate::context::Context;
use crate::domain::update::{MAX_FILE_SIZE, MAX_FILES};
use crate::error::{CliError, CliResult, Kind};
use crate::output::human_bytes;
use crate::wire::PublishUpdateRequest;

/// Publish a software update of a product, with its release notes and files
///
/// The update is for the customers whose contract includes the product (a macro area of the
/// catalog). Files of any type, up to 10 of 4 GiB each, are streamed from disk with a progress
/// bar; nothing is published unless every file arrives whole. Prints the new update's id.
///
/// Examples:
///   lhs desk updates publish --product "Software Gestionale" --version 2025.2 \
///       --notes-file NOTE.md setup-2025.2.exe
///   lhs desk updates publish -p "Fatturazione Elettronica" -V 3.1 \
///       --notes "Nuovi esiti SDI" fe-3.1.zip fe-3.1.pdf
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, disable_version_flag = true)]
pub struct Args {
    /// The product: a macro area of the catalog (see `lhs catalog`)
    #[arg(long, short = 'p', value_name = "PRODUCT")]
    pub product: String,
    /// The version, e.g. 2025.2 or v3.1.0-rc1
    #[arg(long, short = 'V', value_name = "VERSION")]
    pub version: String,
    /// The release notes
    #[arg(long, value_name = "TEXT", conflicts_with = "notes_file")]
    pub notes: Option<String>,
    /// Read the release notes from FILE (`-`: standard input)
    #[arg(long, value_name = "FILE")]
    pub notes_file: Option<PathBuf>,
    /// The files (1 to 10)
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

/// Checks every file before anything is sent: it exists, is not empty, fits, and no two
/// share a name.
fn disk_files(paths: &[PathBuf]) -> CliResult<Vec<DiskFile>> {
    if paths.len() > MAX_FILES {
        return Err(CliError::invalid(format!(
            "{} files given; at most {MAX_FILES} per update",
            paths.len()
        )));
    }
    let mut out: Vec<DiskFile> = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| {
            CliError::new(Kind::NotFound, format!("cannot read {}: {e}", p.display()))
        })?;
        if !meta.is_file() {
            return Err(CliError::invalid(format!("{} is not a file", p.display())));
        }
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("file")
            .to_owned();
        crate::domain::attachment::check_filename(&name).map_err(CliError::invalid)?;
        if meta.len() == 0 {
            return Err(CliError::invalid(format!("{} is empty", p.display())));
        }
        if meta.len() > MAX_FILE_SIZE {
            return Err(CliError::invalid(format!(
                "{} is {}; at most {} per file",
                p.display(),
                human_bytes(meta.len()),
                human_bytes(MAX_FILE_SIZE)
            )));
        }
        if out.iter().any(|f| f.name == name) {
            return Err(CliError::invalid(format!("two files are named {name}")));
        }
        out.push(DiskFile {
            path: p.clone(),
            name,
            size: meta.len(),
        });
    }
    Ok(out)
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    crate::domain::validate::text("product", &args.product, 200)
        .map_err(|m| CliError::invalid(m.to_string().replace("`product`", "--product")))?;
    crate::domain::update::version(&args.version).map_err(CliError::invalid)?;
    let files = disk_files(&args.files)?;
    let notes = crate::commands::tickets::comment::text_from(
        ctx,
        args.notes,
        args.notes_file.as_ref(),
        "--notes",
        "\n# Write the release notes above. Lines starting with # are ignored.\n",
    )?;
    let req = PublishUpdateRequest {
        product: args.product,
        version: args.version,
        notes,
    };
    // Refusals the portal would give after the first bytes, given before any is sent: an
    // unknown product (404), a version already published.
    let existing = ctx
        .client()?
        .updates(Some(&req.product), Some(&req.version), 1, None)
        .await?;
    if let Some(u) = existing.items.first() {
        return Err(CliError::new(
            Kind::Conflict,
            format!(
                "{} {} is already published (#{})",
                u.product, u.version, u.id
            ),
        )
        .hint("publish it under a new --version"));
    }
    let client = ctx.client_for_transfers()?;
    let total: u64 = files.iter().map(|f| f.size).sum();
    let bar = crate::output::progress::bytes(&ctx.out, total, "Uploading");
    let result = client.publish_update(&req, &files, &bar).await;
    bar.finish_and_clear();
    let u = result?;
    if ctx.out.is_json() {
        ctx.out.json(&u)?;
    } else {
        ctx.out.print(&format!("{}\n", u.id))?;
    }
    ctx.out.success(&format!(
        "Published {} {} (#{}, {} file{}, {})",
        u.product,
        u.version,
        u.id,
        u.files.len(),
        if u.files.len() == 1 { "" } else { "s" },
        human_bytes(total)
    ));
    Ok(())
}
