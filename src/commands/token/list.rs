//! `lhs token list`.

use crate::context::Context;
use crate::error::CliResult;
use crate::wire::ApiToken;

/// List your personal API tokens.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn run(ctx: &Context, _args: Args) -> CliResult<()> {
    let tokens: Vec<ApiToken> = ctx.client()?.tokens().await?;
    if tokens.is_empty() && !ctx.out.is_json() {
        ctx.out
            .note("No tokens; create one with `lhs token create --name NAME`.");
    }
    ctx.out.list(&tokens)
}
