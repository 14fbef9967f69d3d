//! `lhs desk package grant|show`.

use crate::context::Context;
use crate::error::CliResult;
use crate::wire::{GrantRequest, Package};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add minutes to a customer's SMART package
    Grant(GrantArgs),
    /// Show a customer's SMART package
    #[command(visible_alias = "view")]
    Show(ShowArgs),
}

#[derive(Debug, clap::Args)]
pub struct GrantArgs {
    /// Customer code
    pub code: String,
    /// Minutes to add
    #[arg(long, value_name = "M", value_parser = crate::cli::between::<i64>(1, 1_000_000))]
    pub minutes: i64,
    /// A note kept in the package history
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Customer code
    pub code: String,
}

pub async fn run(ctx: &Context, cmd: Command) -> CliResult<()> {
    let client = ctx.client()?;
    match cmd {
        Command::Grant(a) => {
            let p: Package = client
                .grant_minutes(
                    &a.code,
                    &GrantRequest {
                        minutes: a.minutes,
                        note: a.note,
                    },
                )
                .await?;
            if ctx.out.is_json() {
                ctx.out.json(&p)?;
            }
            ctx.out.success(&format!(
                "{} minutes granted to {}; balance {} minutes",
                a.minutes, p.customer_code, p.balance_minutes
            ));
            Ok(())
        }
        Command::Show(a) => {
            let p: Package = client.package(Some(&a.code)).await?;
            crate::commands::package::show(ctx, &p)
        }
    }
}
