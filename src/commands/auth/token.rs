//! `lhs auth token`.

use crate::context::Context;
use crate::error::CliResult;

/// Print the current profile's token, for scripts (e.g. `LHS_TOKEN=$(lhs auth token)`)
///
/// The token goes to stdout alone; it is never printed anywhere else. Prefer a personal
/// token for CI (`lhs token create`), which can be revoked on its own.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &Context, _args: Args) -> CliResult<()> {
    let host = ctx.host()?;
    let (secret, _) = ctx.token(&host)?;
    crate::output::write_stdout(format!("{}\n", secret.expose()).as_bytes())
}
