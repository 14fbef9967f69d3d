//! `lhs projects list`.

use crate::commands::crm::ListArgs;
use crate::context::Context;
use crate::error::CliResult;

/// List your company's projects (Progetti)
///
/// Newest first, with the portal's columns: name, start date, status. --mine keeps the projects
/// related to you.
/// Money and dates as the CRM writes them; --json and CSV add `…_amount`, `…_currency` and
/// `…_iso` beside them. vtenext portals only.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub list: ListArgs,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    ctx.portal()?.records(ctx, super::MODULE, &args.list).await
}
