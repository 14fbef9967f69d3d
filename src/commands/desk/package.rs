//! `lhs desk package grant|correct|show`.

use crate::context::Context;
use crate::error::CliResult;
use crate::wire::{GrantRequest, Package};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add minutes to a customer's SMART package
    Grant(GrantArgs),
    Correct(CorrectArgs),
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

/// Correct a customer's SMART package by hand, with the reason
///
/// Negative minutes take minutes away (a reply debited twice, a wrong top-up), positive ones
/// give them back; the reason stays in the package's history beside your account.
///
/// Example:
///   lhs desk package correct C0001 --minutes -30 \
///       --reason "Ticket 1042 addebitato due volte"
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct CorrectArgs {
    /// Customer code
    pub code: String,
    /// Minutes to take away (negative) or give back (positive), never 0
    #[arg(long, value_name = "M", allow_negative_numbers = true, value_parser = non_zero_minutes)]
    pub minutes: i64,
    /// Why (one line, kept in the package history)
    #[arg(long, short = 'r', value_name = "TEXT")]
    pub reason: String,
}

fn non_zero_minutes(s: &str) -> Result<i64, String> {
    match s.trim().parse::<i64>() {
        Ok(m) if m != 0 && (-1_000_000..=1_000_000).contains(&m) => Ok(m),
        _ => Err(format!(
            "`{s}`: a whole number of minutes from -1000000 to 1000000, not 0"
        )),
    }
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
        Command::Correct(a) => {
            crate::domain::validate::text("reason", &a.reason, 500).map_err(|m| {
                crate::error::CliError::invalid(m.to_string().replace("`reason`", "--reason"))
            })?;
            let p: Package = client
                .grant_minutes(
                    &a.code,
                    &GrantRequest {
                        minutes: a.minutes,
                        note: Some(a.reason),
                    },
                )
                .await?;
            if ctx.out.is_json() {
                ctx.out.json(&p)?;
            }
            ctx.out.success(&format!(
                "{}: corrected by {} minutes; balance {} minutes",
                p.customer_code, a.minutes, p.balance_minutes
            ));
            Ok(())
        }
        Command::Show(a) => {
            let p: Package = client.package(Some(&a.code)).await?;
            crate::commands::package::show(ctx, &p)
        }
    }
}
