//! `lhs updates view`.

use crate::context::Context;
use crate::error::CliResult;

/// Show one software update: version, date, release notes, files with size and SHA-256
///
/// Needs `aggiornamenti=read`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The update's id (see `lhs updates list`)
    pub id: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let u = ctx.client()?.update(args.id).await?;
    if ctx.out.is_json() {
        ctx.out.json(&u)
    } else {
        ctx.out.print(&super::render(&u))
    }
}
