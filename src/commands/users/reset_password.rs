//! `lhs users reset-password`.

use crate::context::Context;
use crate::error::CliResult;
use crate::wire::Accepted;

/// Mail a user a code to choose a new password
///
/// Only users choose their own passwords: this mails them a single-use code (an invitation
/// code if they never chose a password), which they use with `lhs password reset`. Their
/// current password keeps working until then. For the company's Administrator, and for the
/// help desk (any company's user).
///
/// Example:
///   lhs users reset-password bianchi.anna
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The user's account
    pub account: String,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let a: Accepted = ctx.client()?.send_password_reset(&args.account).await?;
    if ctx.out.is_json() {
        ctx.out.json(&a)?;
    }
    ctx.out.success(&format!("{}: {}", args.account, a.message));
    Ok(())
}
