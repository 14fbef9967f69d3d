//! `lhs desk courses enrolments`.

use crate::context::Context;
use crate::error::CliResult;

/// Who enrolled in a course, by customer
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The course's id
    pub id: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let list = ctx.client()?.enrolments(args.id).await?;
    ctx.out.list(&list)?;
    if list.is_empty() && !ctx.out.is_json() {
        ctx.out.note("Nobody has enrolled yet.");
    }
    Ok(())
}
