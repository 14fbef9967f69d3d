//! `lhs desk store add`.

use crate::context::Context;
use crate::domain::shop::{euro, parse_euro};
use crate::error::CliResult;
use crate::wire::NewStorePackage;

/// Put a package of SMART minutes on sale
///
/// Example:
///   lhs desk store add SMART-600 --name "Pacchetto SMART 10 ore" --minutes 600 \
///       --price 450
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The package's code: 2 to 32 letters, digits or `-`
    pub code: String,
    /// What customers see
    #[arg(long, value_name = "TEXT")]
    pub name: String,
    /// Minutes credited to the SMART package
    #[arg(long, value_name = "N", value_parser = crate::cli::between::<i64>(1, 1_000_000))]
    pub minutes: i64,
    /// Price in euro, e.g. 450 or 450.50
    #[arg(long, value_name = "EURO", value_parser = parse_euro)]
    pub price: i64,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let p = ctx
        .client()?
        .add_store_package(&NewStorePackage {
            code: args.code,
            name: args.name,
            minutes: args.minutes,
            price_cents: args.price,
        })
        .await?;
    if ctx.out.is_json() {
        ctx.out.json(&p)?;
    }
    ctx.out.success(&format!(
        "On sale: {} {} ({} minutes, {})",
        p.code,
        p.name,
        p.minutes,
        euro(p.price_cents, "en")
    ));
    Ok(())
}
