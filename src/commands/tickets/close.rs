//! `lhs tickets close`.

use crate::context::Context;
use crate::error::CliResult;
use crate::wire::Ticket;

/// Close a ticket: "ok, risolto".
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket number
    pub number: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let t: Ticket = ctx
        .client()?
        .post(
            &format!("/tickets/{}/close", args.number),
            &serde_json::json!({}),
        )
        .await?;
    if ctx.out.is_json() {
        ctx.out.json(&t)?;
    }
    ctx.out.success(&format!("Ticket {} closed", args.number));
    Ok(())
}
