//! `lhs updates list`.

use crate::context::Context;
use crate::error::CliResult;
use crate::output::stream::ListStream;

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
    #[arg(long, short = 'L', value_name = "N", default_value_t = 30, conflicts_with = "all", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
    /// Show every update (written page by page as they arrive)
    #[arg(long)]
    pub all: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let client = ctx.client()?;
    let limit = (!args.all).then_some(args.limit as usize);
    let mut out = ListStream::new(&ctx.out);
    let mut cursor: Option<String> = None;
    let mut more = false;
    loop {
        let left = limit.map_or(200, |l| (l - out.rows()).min(200));
        let page = client
            .updates(args.product.as_deref(), None, left, cursor.as_deref())
            .await?;
        out.page(&page.items)?;
        cursor = page.next_cursor;
        if !page.has_more || cursor.is_none() {
            break;
        }
        if limit.is_some_and(|l| out.rows() >= l) {
            more = true;
            break;
        }
    }
    let shown = out.rows();
    out.finish()?;
    if shown == 0 && !ctx.out.is_json() {
        ctx.out.note("No software updates published for you yet.");
    }
    if more {
        ctx.out.note(&format!(
            "Showing {shown} updates; more are published: use --limit N or --all to see them."
        ));
    }
    Ok(())
}
