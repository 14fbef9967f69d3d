//! `lhs news list`.

use crate::commands::content::{self, ListArgs};
use crate::context::Context;
use crate::error::CliResult;

/// List the news, newest first
///
/// Technical and commercial news together, or one kind with --kind. Needs
/// `news-tecniche=read` / `news-commerciali=read`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only technical (tech) or commercial (sales) news
    #[arg(long, value_enum)]
    pub kind: Option<super::NewsKind>,
    #[command(flatten)]
    pub list: ListArgs,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    content::list(ctx, super::kinds(args.kind), &args.list).await
}
