//! `lhs package`: the SMART package — remaining minutes and their history.

use crate::context::Context;
use crate::error::CliResult;
use crate::output::{Tabular, or_dash, when};
use crate::wire::{Package, PackageMovement};

/// Show your company's SMART package: the minutes left and every grant and consumption.
///
/// --json gives balance_minutes, overdrawn and movements.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Staff only: the customer whose package to show
    #[arg(long, value_name = "CODE")]
    pub customer: Option<String>,
}

impl Tabular for PackageMovement {
    fn headers() -> &'static [&'static str] {
        &["DATE", "MINUTES", "KIND", "TICKET", "BY", "NOTE"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            when(Some(&self.at)),
            format!("{:+}", self.minutes),
            self.kind.clone(),
            self.ticket.map_or_else(|| "-".into(), |t| t.to_string()),
            or_dash(self.by.as_deref()),
            or_dash(self.note.as_deref()),
        ]
    }
}

pub fn show(ctx: &Context, p: &Package) -> CliResult<()> {
    match ctx.out.format {
        crate::output::Format::Json => return ctx.out.json(p),
        // CSV: the movements alone, one row each.
        crate::output::Format::Csv => return ctx.out.list(&p.movements),
        crate::output::Format::Table => {}
    }
    ctx.out.print(&format!(
        "SMART package of {}: {} minutes left{}\n\n",
        p.customer_code,
        p.balance_minutes,
        if p.overdrawn { " (overdrawn)" } else { "" }
    ))?;
    if p.movements.is_empty() {
        ctx.out.note("No movements yet.");
    }
    ctx.out.list(&p.movements)
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let p: Package = ctx.client()?.package(args.customer.as_deref()).await?;
    show(ctx, &p)
}
