//! `lhs passwd`: changes your password (also the forced change after a temporary password).

use crate::context::Context;
use crate::error::CliResult;
use crate::prompt::StdinLines;

/// Change your password
///
/// Other sessions and tokens of your account are signed out; this one stays. The new password
/// needs at least 8 characters with letters and digits. On a vtenext portal the current
/// password is checked by logging in with it, and the portal's own rules apply.
///
/// Examples:
///   lhs passwd
///   printf '%s\n%s\n' "$OLD" "$NEW" | lhs passwd --password-stdin
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Read the current password and the new one from two lines of standard input
    #[arg(long)]
    pub password_stdin: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let mut portal = ctx.portal()?;
    let (current, new) = if args.password_stdin {
        let mut lines = StdinLines::new();
        (
            lines.next("current password (line 1)")?,
            lines.next("new password (line 2)")?,
        )
    } else {
        (
            ctx.prompt
                .password("Current password", "--password-stdin")?,
            ctx.prompt
                .new_password("New password", "--password-stdin")?,
        )
    };
    portal.change_password(ctx, &current, &new).await
}
