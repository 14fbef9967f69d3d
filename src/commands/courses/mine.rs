//! `lhs courses mine`.

use crate::context::Context;
use crate::error::CliResult;

/// The courses you are enrolled in, past ones too
///
/// Needs `corsi=read`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show at most N courses
    #[arg(long, short = 'L', value_name = "N", default_value_t = 30, conflicts_with = "all", value_parser = crate::cli::at_least::<u32>(1))]
    pub limit: u32,
    /// Show every course
    #[arg(long)]
    pub all: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    super::list(ctx, true, args.limit, args.all).await
}
