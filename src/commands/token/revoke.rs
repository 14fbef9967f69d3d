//! `lhs token revoke`.

use crate::context::Context;
use crate::error::CliResult;

/// Revoke a personal API token (it stops working at once).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The token's ID, as `lhs token list` shows it
    pub id: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    ctx.client()?.revoke_token(args.id).await?;
    ctx.out.success(&format!("Token {} revoked", args.id));
    Ok(())
}
