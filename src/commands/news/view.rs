//! `lhs news view`.

use crate::commands::content;
use crate::context::Context;
use crate::error::CliResult;

/// Show one news item in full
///
/// Needs `news-tecniche=detail` or `news-commerciali=detail`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's id (see `lhs news list`)
    pub id: i64,
    /// Technical (tech) or commercial (sales) [default: whichever has the id]
    #[arg(long, value_enum)]
    pub kind: Option<super::NewsKind>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    content::view(ctx, super::kinds(args.kind), args.id).await
}
