//! `lhs videos view`.

use crate::commands::content;
use crate::context::Context;
use crate::error::CliResult;

/// Show one of the videos in full
///
/// `list` needs `video=read`; opening an item (`view`) needs `video=detail` (Administrators always may).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's id (see `lhs videos list`)
    pub id: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    content::view(ctx, super::KINDS, args.id).await
}
