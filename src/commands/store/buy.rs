//! `lhs store buy`.

use crate::context::Context;
use crate::domain::shop::euro;
use crate::error::{CliError, CliResult, Kind};

/// Order a package of SMART minutes for your company
///
/// Needs `acquisti=on` (Administrators always may). On a terminal you confirm the purchase;
/// elsewhere pass --yes. The order waits for the help desk, which credits the minutes to
/// your SMART package when it confirms; you are mailed at each step. Prints the order's id.
///
/// Examples:
///   lhs store buy SMART-600
///   lhs store buy SMART-600 --yes --json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The package's code (see `lhs store list`)
    pub code: String,
    /// Buy without asking
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let client = ctx.client()?;
    if !args.yes {
        let offer = client
            .store_packages()
            .await?
            .into_iter()
            .find(|p| p.code.eq_ignore_ascii_case(&args.code) && p.active)
            .ok_or_else(|| {
                CliError::new(
                    Kind::NotFound,
                    format!("no package `{}` on sale", args.code),
                )
                .hint("see the packages with `lhs store list`")
            })?;
        let question = format!(
            "Buy {} ({} minutes) for {}?",
            offer.name,
            offer.minutes,
            euro(offer.price_cents, "en")
        );
        if !ctx.prompt.confirm(&question, "--yes")? {
            return Err(CliError::new(Kind::Other, "nothing bought"));
        }
    }
    let o = client.buy(&args.code).await?;
    if ctx.out.is_json() {
        ctx.out.json(&o)?;
    } else {
        ctx.out.print(&format!("{}\n", o.id))?;
    }
    ctx.out.success(&format!(
        "Order {} placed: {} ({} minutes, {}); the help desk will confirm it",
        o.id,
        o.package_name,
        o.minutes,
        euro(o.price_cents, "en")
    ));
    Ok(())
}
