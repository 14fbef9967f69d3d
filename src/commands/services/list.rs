//! `lhs services list`.

use crate::commands::crm::ListArgs;
use crate::context::Context;
use crate::error::CliResult;

/// List the services your company has (Servizi)
///
/// The services related to your company, or sold to it in a quote or an invoice. --mine keeps
/// those related to you.
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
