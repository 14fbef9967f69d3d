//! `lhs desk take`.

use crate::context::Context;
use crate::error::CliResult;

/// Take a ticket in charge: it moves to in carico with you as technician, and the customer is
/// notified.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket number
    pub number: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    crate::commands::tickets::act(
        ctx,
        args.number,
        crate::api::TicketAction::Take,
        "taken in charge",
    )
    .await
}
