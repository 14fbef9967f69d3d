//! `lhs docs download`.

use crate::commands::content::DownloadArgs;
use crate::context::Context;
use crate::error::CliResult;

/// Download the files of one of the documents
///
/// Writes every file (or only --file NAME) into --dir and prints the paths; each file is
/// checked against its SHA-256 before it is written. Existing files are not overwritten
/// unless --force.
///
/// On a vtenext portal: the document's one file, byte for byte (checked against the size the
/// CRM gives).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub download: DownloadArgs,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    ctx.portal_for_transfers()?
        .docs_download(ctx, &args.download)
        .await
}
