//! `lhs users disable` and `lhs users enable`.

use crate::context::Context;
use crate::error::CliResult;
use crate::wire::User;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The user's account
    pub account: String,
}

pub async fn run(ctx: &Context, args: Args, enable: bool) -> CliResult<()> {
    let u: User = ctx.client()?.set_user_active(&args.account, enable).await?;
    if ctx.out.is_json() {
        ctx.out.json(&u)?;
    }
    if enable {
        ctx.out.success(&format!("User {} enabled", u.account));
    } else {
        ctx.out.success(&format!(
            "User {} disabled; its sessions and tokens no longer work",
            u.account
        ));
    }
    Ok(())
}
