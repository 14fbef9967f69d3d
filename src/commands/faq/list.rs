//! `lhs faq list`.

use crate::commands::content::{self, ListArgs};
use crate::context::Context;
use crate::error::CliResult;

/// List the published FAQ, newest first
///
/// Needs the permission `faq=read` (Administrators always may).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub list: ListArgs,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    content::list(ctx, super::KINDS, &args.list).await
}
