//! `lhs package`: the SMART package — remaining minutes and their history.

use crate::context::Context;
use crate::error::{CliError, CliResult, Kind};
use crate::output::{Tabular, or_dash, when};
use crate::wire::{Package, PackageMovement};

/// Your company's SMART package: the minutes left, grants and use.
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
    let headline = format!(
        "SMART package of {}: {} minutes left{}",
        p.customer_code,
        p.balance_minutes,
        if p.overdrawn { " (overdrawn)" } else { "" }
    );
    // Data only on stdout in a pipe: the sentence is for people and goes to stderr there.
    if ctx.out.stdout_is_terminal() {
        ctx.out.print(&format!("{headline}\n\n"))?;
    } else {
        ctx.out.note(&headline);
    }
    if p.movements.is_empty() {
        ctx.out.note("No movements yet.");
    }
    ctx.out.list(&p.movements)
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let client = ctx.client()?;
    let p: Package = match client.package(args.customer.as_deref()).await {
        // Staff have no package of their own: name the desk's command with a real code.
        Err(e) if e.kind == Kind::Permission && args.customer.is_none() => {
            // Only staff may list customers: anyone else keeps the server's own reason.
            let Ok(customers) = client.customers().await else {
                return Err(e);
            };
            let example = customers
                .into_iter()
                .next()
                .map_or_else(|| "CODE".to_owned(), |c| c.code);
            return Err(CliError::new(
                Kind::Permission,
                "help-desk accounts have no SMART package of their own",
            )
            .hint(format!(
                "show a customer's package with `lhs desk package show {example}` (`lhs desk customers list` lists the codes)"
            )));
        }
        r => r?,
    };
    show(ctx, &p)
}
