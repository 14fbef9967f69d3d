//! `lhs desk staff list`.

use crate::context::Context;
use crate::error::CliResult;

pub async fn run(ctx: &Context) -> CliResult<()> {
    let list = ctx.client()?.staff().await?;
    ctx.out.list(&list)
}
