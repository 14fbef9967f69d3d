//! `lhs password reset`: sets a new password with the code from the reset e-mail.

use crate::context::Context;
use crate::error::{CliError, CliResult};
use crate::prompt::StdinLines;
use crate::wire::ResetPasswordRequest;

/// Set a new password with a reset code
///
/// Every session and token of the account is signed out; log in again afterwards.
///
/// Examples:
///   lhs password reset --token lhs_r_…
///   printf '%s\n%s\n' "$CODE" "$NEW" | lhs password reset --token - --password-stdin
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The code from the e-mail; `-` reads it from the first line of standard input
    #[arg(long, value_name = "CODE")]
    pub token: Option<String>,

    /// Read the new password from standard input (after the code, with --token -)
    #[arg(long)]
    pub password_stdin: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let host = ctx.host()?;
    let mut lines = StdinLines::new();
    let token = match args.token.as_deref() {
        Some("-") => lines.next("--token -")?,
        Some(t) => t.to_owned(),
        None => ctx
            .prompt
            .password("Reset code from the e-mail", "--token")?,
    };
    let new = if args.password_stdin {
        lines.next("--password-stdin")?
    } else {
        ctx.prompt
            .new_password("New password", "--password-stdin")?
    };
    crate::domain::validate::password(&new).map_err(CliError::invalid)?;
    let api = ctx.anonymous(&host)?;
    let _: serde_json::Value = api
        .post(
            "/auth/reset",
            &ResetPasswordRequest {
                token,
                new_password: new,
            },
        )
        .await?;
    ctx.out
        .success("Password changed; log in again with `lhs login`");
    Ok(())
}
