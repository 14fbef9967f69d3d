//! `lhs users show`.

use crate::context::Context;
use crate::error::CliResult;
use crate::wire::User;

/// Show a user with all its permissions.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The user's account
    pub account: String,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let u: User = ctx.client()?.user(&args.account).await?;
    ctx.out.object(&u, &super::fields(&u))
}
