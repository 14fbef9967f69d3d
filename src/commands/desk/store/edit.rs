//! `lhs desk store edit`.

use crate::context::Context;
use crate::domain::shop::{euro, parse_euro};
use crate::error::{CliError, CliResult};
use crate::wire::EditStorePackage;

/// Change a package on sale, or withdraw it (--active off)
///
/// Orders already placed keep the minutes and price they were placed at.
///
/// Examples:
///   lhs desk store edit SMART-600 --price 420
///   lhs desk store edit SMART-600 --active off
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The package's code
    pub code: String,
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    #[arg(long, value_name = "N", value_parser = crate::cli::between::<i64>(1, 1_000_000))]
    pub minutes: Option<i64>,
    /// Price in euro
    #[arg(long, value_name = "EURO", value_parser = parse_euro)]
    pub price: Option<i64>,
    /// on: on sale; off: withdrawn
    #[arg(long, value_name = "on|off", value_parser = crate::commands::desk::customers::on_off, action = clap::ArgAction::Set)]
    pub active: Option<bool>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    if args.name.is_none()
        && args.minutes.is_none()
        && args.price.is_none()
        && args.active.is_none()
    {
        return Err(CliError::usage(
            "nothing to change: give --name, --minutes, --price or --active",
        ));
    }
    let p = ctx
        .client()?
        .edit_store_package(
            &args.code,
            &EditStorePackage {
                name: args.name,
                minutes: args.minutes,
                price_cents: args.price,
                active: args.active,
            },
        )
        .await?;
    if ctx.out.is_json() {
        ctx.out.json(&p)?;
    }
    ctx.out.success(&format!(
        "{} {}: {} minutes, {}{}",
        p.code,
        p.name,
        p.minutes,
        euro(p.price_cents, "en"),
        if p.active {
            ""
        } else {
            ", withdrawn from sale"
        }
    ));
    Ok(())
}
