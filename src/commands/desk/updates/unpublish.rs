//! `lhs desk updates unpublish`.

use crate::context::Context;
use crate::error::CliResult;

/// Withdraw a software update from customers (the help desk still sees it)
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The update's id (see `lhs updates list`)
    pub id: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let u = ctx.client()?.unpublish_update(args.id).await?;
    if ctx.out.is_json() {
        ctx.out.json(&u)?;
    }
    ctx.out.success(&format!(
        "{} {} (#{}) is no longer offered to customers",
        u.product, u.version, u.id
    ));
    Ok(())
}
