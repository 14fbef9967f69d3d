//! `lhs store list`.

use crate::context::Context;
use crate::error::CliResult;

/// The packages of SMART minutes on sale, cheapest first
#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn run(ctx: &Context, _args: Args) -> CliResult<()> {
    let list = ctx.client()?.store_packages().await?;
    ctx.out.list(&list)?;
    if list.is_empty() && !ctx.out.is_json() {
        ctx.out.note("Nothing is on sale at the moment.");
    }
    Ok(())
}
