//! `lhs password reset`: sets a new password with the code from a reset or invitation e-mail.

use crate::context::Context;
use crate::error::{CliError, CliResult};
use crate::prompt::StdinLines;

/// Set a new password with a code from an e-mail
///
/// Works with the code of a password-reset e-mail (`lhs password forgot`) and with the
/// invitation code mailed to a new account. The code is a secret: paste it at the prompt, or
/// pipe it with `--token -`. A code typed on the command line is refused, because every
/// local user can read a command line (and the shell keeps it in its history).
///
/// Every session and token of the account is signed out; log in again afterwards.
///
/// Examples:
///   lhs password reset --host https://portal.example.com    (asks for both)
///   printf '%s\n%s\n' "$CODE" "$NEW" | lhs password reset --token - \
///       --password-stdin
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// `-` reads the code from the first line of standard input (without it, you are asked)
    #[arg(long, value_name = "-")]
    pub token: Option<String>,

    /// Read the new password from standard input (after the code, with --token -)
    #[arg(long)]
    pub password_stdin: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let host = ctx.host()?;
    if ctx.backend()? == crate::config::Backend::Vtenext {
        return Err(CliError::usage(format!(
            "{host} is a vtenext customer portal: it mails your login details instead of a reset code"
        ))
        .hint(format!(
            "log in with the mailed password, then choose your own with `{}`",
            ctx.profiled("passwd")
        )));
    }
    // Standard input is locked only once it is read from: the prompts need it free.
    let mut stdin: Option<StdinLines> = None;
    let token = match args.token.as_deref() {
        Some("-") => stdin
            .get_or_insert_with(StdinLines::new)
            .next("--token -")?,
        Some(_) => {
            return Err(CliError::usage(
                "refusing a code given on the command line: other local users can read it",
            )
            .hint("paste it when asked (`lhs password reset`), or pipe it: `printf '%s\\n' \"$CODE\" | lhs password reset --token - …`"));
        }
        None => ctx.prompt.password("Code from the e-mail", "--token -")?,
    };
    let new = if args.password_stdin {
        stdin
            .get_or_insert_with(StdinLines::new)
            .next("--password-stdin")?
    } else {
        drop(stdin.take());
        ctx.prompt
            .new_password("New password", "--password-stdin")?
    };
    crate::domain::validate::password(&new).map_err(CliError::invalid)?;
    let api = ctx.anonymous(&host)?;
    api.reset_password(&token, &new).await?;
    ctx.out.success(&format!(
        "Password set; log in with `{}`",
        ctx.command_line("login", &host)
    ));
    Ok(())
}
