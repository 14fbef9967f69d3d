//! `lhs courses view`.

use crate::context::Context;
use crate::error::CliResult;

/// Show one course: date, seats left, description, whether you are enrolled
///
/// Needs `corsi=read`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The course's id (see `lhs courses list`)
    pub id: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let c = ctx.client()?.course(args.id).await?;
    if ctx.out.is_json() {
        ctx.out.json(&c)
    } else {
        ctx.out.print(&super::render(&c))
    }
}
