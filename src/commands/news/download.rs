//! `lhs news download`.

use crate::commands::content::{self, DownloadArgs};
use crate::context::Context;
use crate::error::CliResult;

/// Download the files of one news item
///
/// Each file is checked against its SHA-256 before it is written.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub download: DownloadArgs,
    /// Technical (tech) or commercial (sales) [default: whichever has the id]
    #[arg(long, value_enum)]
    pub kind: Option<super::NewsKind>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    content::download(ctx, super::kinds(args.kind), &args.download).await
}
