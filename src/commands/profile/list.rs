//! `lhs profile list`.

use serde::Serialize;

use crate::context::Context;
use crate::error::CliResult;
use crate::output::Tabular;

/// The configured profiles; `*` marks the default
#[derive(Debug, clap::Args)]
pub struct Args {}

/// One configured profile (also the first fields of `auth status`).
#[derive(Debug, Serialize)]
pub struct ProfileRow {
    pub profile: String,
    pub default: bool,
    pub host: String,
    pub account: String,
    pub backend: &'static str,
}

impl ProfileRow {
    /// Every configured profile, in name order.
    pub fn all(ctx: &Context) -> Vec<(ProfileRow, &crate::config::Profile)> {
        let default = ctx.config.profile_name(None);
        ctx.config
            .profiles
            .iter()
            .map(|(name, p)| {
                let row = ProfileRow {
                    profile: name.clone(),
                    default: *name == default,
                    host: p.host.clone(),
                    account: p.account.clone(),
                    backend: p.backend.as_str(),
                };
                (row, p)
            })
            .collect()
    }

    /// The profile's name, `*` marking the default.
    pub fn name_cell(&self) -> String {
        format!("{}{}", self.profile, if self.default { " *" } else { "" })
    }

    /// The note for an empty list.
    pub fn none_yet(ctx: &Context) {
        if !ctx.out.is_json() {
            ctx.out
                .note("No profiles yet: `lhs login --host URL` creates one.");
        }
    }
}

impl Tabular for ProfileRow {
    fn headers() -> &'static [&'static str] {
        &["PROFILE", "HOST", "ACCOUNT", "BACKEND"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.name_cell(),
            self.host.clone(),
            self.account.clone(),
            self.backend.to_owned(),
        ]
    }
}

pub fn run(ctx: &Context, _args: Args) -> CliResult<()> {
    let rows: Vec<ProfileRow> = ProfileRow::all(ctx).into_iter().map(|(r, _)| r).collect();
    ctx.out.list(&rows)?;
    if rows.is_empty() {
        ProfileRow::none_yet(ctx);
    }
    Ok(())
}
