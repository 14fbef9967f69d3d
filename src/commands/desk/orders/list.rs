//! `lhs desk orders list`.

use crate::commands::store::StatusArg;
use crate::context::Context;
use crate::error::CliResult;

/// Every customer's orders, newest first
///
/// Example:
///   lhs desk orders list --status pending
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Only orders in this status
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// Show at most N orders
    #[arg(long, short = 'L', value_name = "N", default_value_t = 30, conflicts_with = "all", value_parser = crate::cli::at_least::<u32>(1))]
    pub limit: u32,
    /// Show every order
    #[arg(long)]
    pub all: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    crate::commands::store::list_orders(ctx, args.status.map(Into::into), args.limit, args.all)
        .await
}
