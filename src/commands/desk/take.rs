//! `lhs desk take`.

use crate::context::Context;
use crate::error::CliResult;
use crate::wire::Ticket;

/// Take a ticket in charge: it moves to in carico with you as technician, and the customer is
/// notified.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket number
    pub number: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let t: Ticket = ctx
        .client()?
        .post(
            &format!("/tickets/{}/take", args.number),
            &serde_json::json!({}),
        )
        .await?;
    if ctx.out.is_json() {
        ctx.out.json(&t)?;
    }
    ctx.out
        .success(&format!("Ticket {} taken in charge", args.number));
    Ok(())
}
