//! `lhs faq view`.

use crate::context::Context;
use crate::error::CliResult;

/// Show one of the FAQ in full
///
/// Needs the permission `faq=read` (Administrators always may). On a vtenext portal also its
/// comments, newest first.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's id (see `lhs faq list`)
    pub id: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    ctx.portal()?.faq_view(ctx, args.id).await
}
