//! `lhs desk orders reject`.

use crate::context::Context;
use crate::error::{CliError, CliResult};

/// Reject an order, with the reason the buyer is mailed
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The order's id
    pub id: i64,
    /// Why (one line, mailed to the buyer)
    #[arg(long, short = 'r', value_name = "TEXT")]
    pub reason: String,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    crate::domain::validate::text("reason", &args.reason, 500)
        .map_err(|m| CliError::invalid(m.replace("`reason`", "--reason")))?;
    let o = ctx.client()?.reject_order(args.id, &args.reason).await?;
    if ctx.out.is_json() {
        ctx.out.json(&o)?;
    }
    ctx.out
        .success(&format!("Order {} rejected; the buyer is told why", o.id));
    Ok(())
}
