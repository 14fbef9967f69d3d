//! `lhs tickets attach`.

use std::path::PathBuf;

use super::upload;
use crate::context::Context;
use crate::error::CliResult;

/// Attach files to an open ticket.
///
/// Up to 3 files per call: JPG, JPEG, PNG, PDF, XML or ZIP, at most 1000 KB each. They are
/// checked before anything is uploaded.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket number
    pub number: i64,
    /// Files to attach
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let files = upload::check_files(&args.files)?;
    let client = ctx.client_for_transfers()?;
    let bar = crate::output::progress::bytes(&ctx.out, upload::total_size(&files), "Uploading");
    let t = client.attach(args.number, &files, &bar).await?;
    bar.finish_and_clear();
    if ctx.out.is_json() {
        ctx.out.json(&t)?;
    }
    ctx.out.success(&format!(
        "{} file{} attached to ticket {}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        args.number
    ));
    Ok(())
}
