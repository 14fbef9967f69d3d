//! `lhs desk unpublish`: withdraws an item from customers (it stays in `desk published`).

use crate::context::Context;
use crate::domain::content::ContentKind;
use crate::error::CliResult;

/// Withdraw a published item from customers
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The area: docs, news-tech, news-sales, video, fiscal or faq
    #[arg(value_name = "AREA", value_parser = super::publish::parse_kind)]
    pub kind: ContentKind,
    /// The item's id
    pub id: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let c = ctx.client()?.unpublish(args.kind, args.id).await?;
    if ctx.out.is_json() {
        ctx.out.json(&c)?;
    }
    ctx.out.success(&format!(
        "#{} {} is no longer shown to customers",
        c.summary.id, c.summary.title
    ));
    Ok(())
}
