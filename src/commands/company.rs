//! `lhs company`: Aziende — the company a vtenext contact belongs to.

use crate::context::Context;
use crate::error::CliResult;

/// Aziende: your company's record (vtenext)
///
/// The account the CRM keeps for the company your contact belongs to: name, number, phones,
/// addresses, VAT number. No other company is ever shown.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn run(ctx: &Context, _args: Args) -> CliResult<()> {
    ctx.portal()?.company(ctx).await
}
