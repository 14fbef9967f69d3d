//! `lhs password forgot`: asks the portal to mail a single-use reset code.

use crate::context::Context;
use crate::error::CliResult;

/// Ask for a password reset code.
///
/// The portal mails a single-use code (valid one hour) to the account's address; then run
/// `lhs password reset` and paste the code when asked. The answer is the same whether or not
/// the account exists. A vtenext portal mails the login details instead (give the contact's
/// e-mail address).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The account whose password you forgot
    #[arg(long, short = 'u', value_name = "ACCOUNT")]
    pub user: Option<String>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let host = ctx.host()?;
    let account = match args.user {
        Some(u) => u,
        None => ctx.prompt.input(
            "Account",
            "--user",
            ctx.profile_entry().map(|p| p.account.as_str()),
        )?,
    };
    let api = ctx.anonymous(&host)?;
    let backend = match ctx.profile_entry().filter(|p| p.host == host) {
        Some(p) => p.backend,
        None => crate::api::detect_backend(&api).await?,
    };
    if backend == crate::config::Backend::Vtenext {
        ctx.vtenext(&host, None, false)?
            .forgot_password(&account)
            .await?;
        ctx.out.success(&format!(
            "vtenext mailed the login details of {account} to that address; log in with them, then choose your own password with `{}`",
            ctx.profiled("passwd")
        ));
        return Ok(());
    }
    api.forgot_password(&account).await?;
    ctx.out.success(&format!(
        "If {account} exists, a reset code was sent to its e-mail address; then run `{}` and paste the code when asked",
        ctx.command_line("password reset", &host)
    ));
    Ok(())
}
