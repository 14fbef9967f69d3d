//! `lhs logout`: revokes the stored session on the server and removes it from the keyring (or
//! the insecure file). The profile keeps its host and account for the next `lhs login`.

use crate::config::Backend;
use crate::context::Context;
use crate::credentials::entry_name;
use crate::error::{CliError, CliResult, Kind};

/// Log out: revoke the session on the server and forget it locally.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn run(ctx: &Context, _args: Args) -> CliResult<()> {
    let Some(p) = ctx.profile_entry().cloned() else {
        return Err(CliError::new(Kind::Auth, "not logged in").hint(format!(
            "nothing to do; `{}` logs in",
            ctx.profiled("login")
        )));
    };
    let name = entry_name(&ctx.profile, &p.host, &p.account);
    let Some(token) = ctx.creds.load(p.storage, &name)? else {
        return Err(CliError::new(
            Kind::Auth,
            format!("not logged in to {}", p.host),
        ));
    };
    if p.backend == Backend::Vtenext {
        // vtenext has no logout: its session ends when the contact next logs in.
        drop(token);
        ctx.creds.delete(p.storage, &name)?;
        ctx.out
            .success(&format!("Logged out of {} ({})", p.host, p.account));
        ctx.out.note("vtenext has no logout operation: the session is forgotten here and ends on the portal at your next login there.");
        return Ok(());
    }
    let client = ctx.client_with(&p.host, token, p.storage.into())?;
    match client.logout().await {
        Ok(()) => {}
        // Already expired or revoked: nothing to revoke.
        Err(e) if e.kind == Kind::Auth => {}
        Err(e) => ctx.out.warn(&format!(
            "could not revoke the session on the server ({}); removing it locally anyway",
            e.message
        )),
    }
    ctx.creds.delete(p.storage, &name)?;
    ctx.out
        .success(&format!("Logged out of {} ({})", p.host, p.account));
    if ctx.env_token.is_some() {
        ctx.out
            .note("LHS_TOKEN is still set in your environment and is used while it is.");
    }
    Ok(())
}
