//! `lhs auth status`.

use serde::Serialize;

use crate::commands::profile::list::ProfileRow;
use crate::config::{Backend, Storage};
use crate::context::Context;
use crate::credentials::entry_name;
use crate::error::{CliResult, Kind};
use crate::output::Tabular;

/// Every profile: host, account, role, where its token is kept and whether it still works
///
/// Each stored lhs token is tried against its portal (GET /me). Exits 0 whatever it finds;
/// `--json` gives the same rows for scripts. LHS_TOKEN, when set, is used instead of them all.
#[derive(Debug, clap::Args)]
pub struct Args {}

#[derive(Debug, Serialize)]
struct Row {
    #[serde(flatten)]
    profile: ProfileRow,
    /// keyring, file, or none
    token: &'static str,
    /// ok, expired, unreachable, not logged in, stored (vtenext sessions are not tried)
    status: String,
    role: Option<&'static str>,
}

impl Tabular for Row {
    fn headers() -> &'static [&'static str] {
        &["PROFILE", "HOST", "ACCOUNT", "ROLE", "TOKEN", "STATUS"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.profile.name_cell(),
            self.profile.host.clone(),
            self.profile.account.clone(),
            self.role.unwrap_or("-").to_owned(),
            self.token.to_owned(),
            self.status.clone(),
        ]
    }
}

pub async fn run(ctx: &Context, _args: Args) -> CliResult<()> {
    let mut rows = Vec::new();
    for (profile, p) in ProfileRow::all(ctx) {
        let stored = ctx
            .creds
            .load(
                p.storage,
                &entry_name(&profile.profile, &p.host, &p.account),
            )
            .ok()
            .flatten();
        let token = match (&stored, p.storage) {
            (None, _) => "none",
            (Some(_), Storage::Keyring) => "keyring",
            (Some(_), Storage::File) => "file",
        };
        let (status, role) = match stored {
            None => ("not logged in".to_owned(), None),
            Some(_) if p.backend == Backend::Vtenext => ("stored (vtenext)".to_owned(), None),
            Some(secret) => match ctx.client_with(&p.host, secret, p.storage.into()) {
                Err(e) => (e.message, None),
                Ok(client) => match client.me().await {
                    Ok(me) => ("ok".to_owned(), Some(me.role.as_str())),
                    Err(e) if e.kind == Kind::Auth => {
                        ("expired or revoked: log in again".to_owned(), None)
                    }
                    Err(e) if e.kind == Kind::Network => ("unreachable".to_owned(), None),
                    Err(e) => (e.message, None),
                },
            },
        };
        rows.push(Row {
            profile,
            token,
            status,
            role,
        });
    }
    ctx.out.list(&rows)?;
    if rows.is_empty() {
        ProfileRow::none_yet(ctx);
    }
    if ctx.env_token.is_some() {
        ctx.out
            .note("LHS_TOKEN is set: commands use it instead of these tokens.");
    }
    Ok(())
}
