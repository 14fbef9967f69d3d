//! `lhs services view`.

use crate::commands::crm::{RecordRef, parse_ref};
use crate::context::Context;
use crate::error::CliResult;

/// Show one service in full
///
/// Every field the portal shows, block by block (--json: every field with its label, block
/// and machine-readable form). Only your company's services: any other is "not found" (exit 5).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The service's id or number (see `lhs services list`)
    #[arg(value_name = "ID|NUMBER", value_parser = parse_ref)]
    pub id: RecordRef,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    ctx.portal()?.record(ctx, super::MODULE, &args.id).await
}
