//! `lhs tickets close`.

use super::TicketRef;
use crate::context::Context;
use crate::error::CliResult;

/// Close a ticket: "ok, risolto".
///
/// On a vtenext portal the ticket is closed as resolved, as the portal's "Ok, risolto" does.
/// A ticket that is already closed is left as it is: the command says so and exits 0.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket number (on vtenext also TT21)
    #[arg(value_parser = super::parse_ticket)]
    pub number: TicketRef,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    ctx.portal()?.close(ctx, args.number).await
}
