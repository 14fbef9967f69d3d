//! `lhs passwd`: changes your password (also the forced change after a temporary password).

use crate::context::{Context, Portal};
use crate::error::{CliError, CliResult};
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
    let portal = ctx.portal()?;
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
    match portal {
        Portal::Lhs(client) => {
            crate::domain::validate::password(&new).map_err(CliError::invalid)?;
            client.change_password(&current, &new).await?;
            ctx.out
                .success("Password changed; your other sessions and tokens were signed out");
        }
        Portal::Vtenext(mut v) => {
            if new.is_empty() {
                return Err(CliError::invalid("the new password is empty"));
            }
            let user = v.session().map(|s| s.user_name.clone()).unwrap_or_default();
            // vtenext does not check the current password itself: a login does (and starts
            // the session the change then replaces).
            v.login(&user, &current).await.map_err(|e| {
                if e.kind == crate::error::Kind::Auth {
                    CliError::new(crate::error::Kind::Auth, "the current password is wrong")
                } else {
                    e
                }
            })?;
            let session = v.change_password(&new).await?;
            let p = ctx
                .profile_entry()
                .cloned()
                .ok_or_else(|| CliError::other("no profile to keep the new session in"))?;
            ctx.creds.store(
                p.storage,
                &crate::credentials::entry_name(&ctx.profile, &p.host, &p.account),
                &crate::credentials::Secret::new(session.to_secret()),
            )?;
            ctx.out.success("Password changed on the vtenext portal");
        }
    }
    Ok(())
}
