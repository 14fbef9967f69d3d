//! `lhs desk close`.

use crate::context::Context;
use crate::error::CliResult;

/// Close a ticket on the desk's side.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket number
    pub number: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    crate::commands::tickets::act(ctx, args.number, crate::api::TicketAction::Close, "closed").await
}
