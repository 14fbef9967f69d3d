//! `lhs tickets close`.

use crate::context::Context;
use crate::error::CliResult;

/// Close a ticket: "ok, risolto".
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket number
    pub number: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    super::act(ctx, args.number, crate::api::TicketAction::Close, "closed").await
}
