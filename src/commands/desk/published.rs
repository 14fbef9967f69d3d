//! `lhs desk published`: what the help desk published in an area, unpublished items too.

use crate::commands::content::{self, ListArgs};
use crate::context::Context;
use crate::domain::content::ContentKind;
use crate::error::CliResult;

/// List what was published in an area (unpublished items too), newest first
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The area: docs, news-tech, news-sales, video, fiscal or faq
    #[arg(value_name = "AREA", value_parser = super::publish::parse_kind)]
    pub kind: ContentKind,
    #[command(flatten)]
    pub list: ListArgs,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    content::list(ctx, &[args.kind], &args.list).await
}
