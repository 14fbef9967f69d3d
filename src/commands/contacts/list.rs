//! `lhs contacts list`.

use crate::commands::crm::ListArgs;
use crate::context::Context;
use crate::error::CliResult;

/// List your colleagues: your company's contacts (Contatti)
///
/// Every contact of your company the CRM shows on its portal. --mine lists only yourself.
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
