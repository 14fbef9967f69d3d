//! `lhs profile list`.

use serde::Serialize;

use crate::context::Context;
use crate::error::CliResult;
use crate::output::Tabular;

/// The configured profiles; `*` marks the default
#[derive(Debug, clap::Args)]
pub struct Args {}

#[derive(Debug, Serialize)]
struct Row {
    profile: String,
    default: bool,
    host: String,
    account: String,
    backend: &'static str,
}

impl Tabular for Row {
    fn headers() -> &'static [&'static str] {
        &["PROFILE", "HOST", "ACCOUNT", "BACKEND"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            format!("{}{}", self.profile, if self.default { " *" } else { "" }),
            self.host.clone(),
            self.account.clone(),
            self.backend.to_owned(),
        ]
    }
}

pub fn run(ctx: &Context, _args: Args) -> CliResult<()> {
    let default = ctx.config.profile_name(None);
    let rows: Vec<Row> = ctx
        .config
        .profiles
        .iter()
        .map(|(name, p)| Row {
            profile: name.clone(),
            default: *name == default,
            host: p.host.clone(),
            account: p.account.clone(),
            backend: p.backend.as_str(),
        })
        .collect();
    ctx.out.list(&rows)?;
    if rows.is_empty() && !ctx.out.is_json() {
        ctx.out
            .note("No profiles yet: `lhs login --host URL` creates one.");
    }
    Ok(())
}
