//! `lhs records MODULE view`.

use crate::commands::crm::{Module, RecordRef, parse_ref};
use crate::context::Context;
use crate::error::CliResult;

/// Show one record of the module in full
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record's id or number (see `lhs records MODULE list`)
    #[arg(value_name = "ID|NUMBER", value_parser = parse_ref)]
    pub id: RecordRef,
}

pub async fn run(ctx: &Context, module: &Module, args: Args) -> CliResult<()> {
    ctx.portal()?.record(ctx, module, &args.id).await
}
