//! `lhs docs list`.

use crate::commands::content::ListArgs;
use crate::context::Context;
use crate::error::CliResult;

/// List the published documents, newest first
///
/// `list` needs `documenti=read`; opening an item (`view`, `download`) needs `documenti=detail` (Administrators always may).
///
/// On a vtenext portal (Documenti): the documents the CRM shares with you and your company,
/// with their folders; --folder keeps one folder, --mine only those shared with you.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub list: ListArgs,
    /// vtenext: only the documents shared with you, not with your whole company
    #[arg(long)]
    pub mine: bool,
    /// vtenext: only the documents of this folder (its name, any case)
    #[arg(long, value_name = "NAME")]
    pub folder: Option<String>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    ctx.portal()?.docs_list(ctx, &args).await
}
