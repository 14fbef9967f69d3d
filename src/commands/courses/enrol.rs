//! `lhs courses enrol`.

use crate::context::Context;
use crate::error::CliResult;

/// Enrol in a course
///
/// Needs `corsi=enrol` and a courses subscription of your company ("se abbonato"); the
/// course must not have started and must have a seat left (exit 7 otherwise, saying which).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The course's id (see `lhs courses list`)
    pub id: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let c = ctx.client()?.enrol(args.id).await?;
    super::report_seats(ctx, "Enrolled in", &c)
}
