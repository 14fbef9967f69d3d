//! `lhs desk store packages`.

use crate::context::Context;
use crate::error::CliResult;

/// Every package of the Store, withdrawn ones too
#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn run(ctx: &Context, _args: Args) -> CliResult<()> {
    let list = ctx.client()?.store_packages().await?;
    ctx.out.list(&list)?;
    if list.is_empty() && !ctx.out.is_json() {
        ctx.out
            .note("No packages yet: add one with `lhs desk store add CODE --name N --minutes M --price P`.");
    }
    Ok(())
}
