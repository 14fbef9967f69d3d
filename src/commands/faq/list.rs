//! `lhs faq list`.

use crate::commands::content::ListArgs;
use crate::context::Context;
use crate::error::CliResult;

/// List the published FAQ, newest first
///
/// Needs the permission `faq=read` (Administrators always may).
///
/// On a vtenext portal: its knowledge base, the same for every customer of the CRM.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub list: ListArgs,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    ctx.portal()?.faq_list(ctx, &args).await
}
