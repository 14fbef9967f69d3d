//! `lhs records MODULE list`.

use crate::commands::crm::{ListArgs, Module};
use crate::context::Context;
use crate::error::CliResult;

/// List the records of the module
///
/// Newest first, with the portal's columns; --mine keeps your own (the portal's "Mostra: Mio").
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub list: ListArgs,
}

pub async fn run(ctx: &Context, module: &Module, args: Args) -> CliResult<()> {
    ctx.portal()?.records(ctx, module, &args.list).await
}
