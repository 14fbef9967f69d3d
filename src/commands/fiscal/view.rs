//! `lhs fiscal view`.

use crate::commands::content;
use crate::context::Context;
use crate::error::CliResult;

/// Show one of the fiscal notices in full
///
/// Every user of a company reads them in full (the manual gives them no permission switch).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's id (see `lhs fiscal list`)
    pub id: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    content::view(ctx, super::KINDS, args.id).await
}
