//! `lhs fiscal download`.

use crate::commands::content::{self, DownloadArgs};
use crate::context::Context;
use crate::error::CliResult;

/// Download the files of one of the fiscal notices
///
/// Writes every file (or only --file NAME) into --dir and prints the paths; each file is
/// checked against its SHA-256 before it is written. Existing files are not overwritten
/// unless --force.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub download: DownloadArgs,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    content::download(ctx, super::KINDS, &args.download).await
}
