//! `lhs updates list`.

use crate::context::Context;
use crate::error::CliResult;
use crate::output::stream::{Page, paged};

/// List the software updates of the products in your contract, newest first
///
/// Needs `aggiornamenti=read`. The help desk sees every update, unpublished ones too.
///
/// Examples:
///   lhs updates list
///   lhs updates list --product "Software Gestionale" --json
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this product (a macro area of the catalog; see `lhs catalog`)
    #[arg(long, short = 'p', value_name = "PRODUCT")]
    pub product: Option<String>,
    /// Show at most N updates
    #[arg(long, short = 'L', value_name = "N", default_value_t = 30, conflicts_with = "all", value_parser = crate::cli::at_least::<u32>(1))]
    pub limit: u32,
    /// Show every update (written page by page as they arrive)
    #[arg(long)]
    pub all: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let client = ctx.client()?;
    let product = args.product.as_deref();
    paged(
        &ctx.out,
        (!args.all).then_some(args.limit as usize),
        ("update", "updates"),
        "No software updates published for you yet.",
        |n, cursor| {
            let client = &client;
            async move {
                let p = client.updates(product, None, n, cursor.as_deref()).await?;
                Ok(Page {
                    items: p.items,
                    has_more: p.has_more,
                    next_cursor: p.next_cursor,
                })
            }
        },
    )
    .await
}
