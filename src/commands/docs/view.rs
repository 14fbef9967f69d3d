//! `lhs docs view`.

use crate::context::Context;
use crate::error::CliResult;

/// Show one of the documents in full
///
/// `list` needs `documenti=read`; opening an item (`view`, `download`) needs `documenti=detail` (Administrators always may).
///
/// On a vtenext portal: the document's fields (folder, file, size, notes).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's id (see `lhs docs list`)
    pub id: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    ctx.portal()?.docs_view(ctx, args.id).await
}
