//! `lhs fiscal list`.

use crate::commands::content::{self, ListArgs};
use crate::context::Context;
use crate::error::CliResult;

/// List the published fiscal notices, newest first
///
/// Every user of a company reads them in full (the manual gives them no permission switch).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub list: ListArgs,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    content::list(ctx, super::KINDS, &args.list).await
}
