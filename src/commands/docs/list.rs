//! `lhs docs list`.

use crate::commands::content::{self, ListArgs};
use crate::context::Context;
use crate::error::CliResult;

/// List the published documents, newest first
///
/// `list` needs `documenti=read`; opening an item (`view`, `download`) needs `documenti=detail` (Administrators always may).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub list: ListArgs,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    content::list(ctx, super::KINDS, &args.list).await
}
