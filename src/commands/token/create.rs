//! `lhs token create`.

use std::time::Duration;

use crate::context::Context;
use crate::error::{CliError, CliResult};
use crate::wire::{CreateTokenRequest, CreatedToken};

fn parse_expiry(s: &str) -> Result<Duration, String> {
    let d = crate::domain::duration::parse(s)?;
    if d.as_secs() == 0 || d.as_secs() > 366 * 86_400 {
        return Err("a token lives from 1 second to 366 days".into());
    }
    Ok(d)
}

/// Create a personal API token
///
/// The token acts as you, with your permissions. Its secret is printed once on stdout (nothing
/// else is), so a CI setup can capture it:
///
///   export LHS_TOKEN=$(lhs token create --name ci-nightly --expires 90d)
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A name to recognise the token by
    #[arg(long)]
    pub name: String,

    /// Lifetime: 30d, 12h, 2w, … (at most 366d)
    #[arg(long, value_name = "DURATION", default_value = "30d", value_parser = parse_expiry)]
    pub expires: Duration,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    if args.name.trim().is_empty() {
        return Err(CliError::usage("--name must not be empty"));
    }
    let client = ctx.client()?;
    let t: CreatedToken = client
        .create_token(&CreateTokenRequest {
            name: args.name,
            expires_in_seconds: Some(args.expires.as_secs()),
        })
        .await?;
    if ctx.out.is_json() {
        ctx.out.json(&t)?;
    } else {
        ctx.out.print(&format!("{}\n", t.token))?;
    }
    ctx.out.success(&format!(
        "Token '{}' created (id {}), expires {}; the secret is shown only now",
        t.info.name,
        t.info.id,
        crate::output::when(Some(&t.info.expires_at))
    ));
    Ok(())
}
