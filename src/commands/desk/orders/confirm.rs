//! `lhs desk orders confirm`.

use crate::context::Context;
use crate::error::CliResult;

/// Confirm an order: its minutes are credited to the customer's SMART package
///
/// The package movement names the order; the buyer is mailed.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The order's id (see `lhs desk orders list --status pending`)
    pub id: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let o = ctx.client()?.confirm_order(args.id).await?;
    if ctx.out.is_json() {
        ctx.out.json(&o)?;
    }
    ctx.out.success(&format!(
        "Order {} confirmed: {} minutes credited to {}",
        o.id, o.minutes, o.customer_code
    ));
    Ok(())
}
