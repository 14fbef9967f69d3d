//! `lhs profile use`.

use crate::context::Context;
use crate::error::{CliError, CliResult};

/// Make a profile the default (used without --profile / LHS_PROFILE)
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The profile's name (see `lhs profile list`)
    pub name: String,
}

pub fn run(ctx: &mut Context, args: Args) -> CliResult<()> {
    super::super::config::set_default_profile(ctx, &args.name)?;
    ctx.out
        .success(&format!("{} is now the default profile", args.name));
    Ok(())
}

/// The error for a profile that does not exist.
pub fn unknown(ctx: &Context, name: &str) -> CliError {
    let names: Vec<&str> = ctx.config.profiles.keys().map(String::as_str).collect();
    CliError::usage(format!("no profile `{name}`")).hint(if names.is_empty() {
        "no profiles yet: `lhs login --host URL --profile NAME` creates one".to_owned()
    } else {
        format!("the profiles: {}", names.join(", "))
    })
}
