//! `lhs courses withdraw`.

use crate::context::Context;
use crate::error::CliResult;

/// Withdraw from a course you enrolled in
///
/// Frees your seat for a colleague. Only before the course starts (exit 7 afterwards, and when
/// you are not enrolled; `lhs courses mine` lists your courses).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The course's id (see `lhs courses mine`)
    pub id: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let c = ctx.client()?.withdraw(args.id).await?;
    super::report_seats(ctx, "Withdrawn from", &c)
}
