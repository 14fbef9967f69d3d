//! `lhs tickets edit`.

use crate::context::Context;
use crate::domain::ticket::Priority;
use crate::error::{CliError, CliResult};
use crate::wire::EditTicketRequest;

/// Change a ticket's subject, priority or notification e-mail
///
/// Only while the ticket is still inserito: once the help desk takes it in charge it can no
/// longer be edited (exit 7); add a comment instead.
///
/// Examples:
///   lhs tickets edit 1324 --priority bloccante
///   lhs tickets edit 1324 --subject "Invoices: PDF export fails" \
///       --notify it@example.com
///   lhs tickets edit 1324 --no-notify
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Ticket number
    #[arg(value_parser = super::parse_ticket)]
    pub number: super::TicketRef,
    /// A new subject (one line)
    #[arg(long, value_name = "TEXT")]
    pub subject: Option<String>,
    /// normale, bloccante or priority
    #[arg(long, value_name = "PRIORITY", value_parser = crate::cli::Listed::new(|s: &str| s.parse::<Priority>(), super::priority_values))]
    pub priority: Option<Priority>,
    /// Another address that also receives this ticket's e-mails
    #[arg(long, value_name = "EMAIL", conflicts_with = "no_notify")]
    pub notify: Option<String>,
    /// Stop sending this ticket's e-mails to the extra address
    #[arg(long)]
    pub no_notify: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    if args.subject.is_none() && args.priority.is_none() && args.notify.is_none() && !args.no_notify
    {
        return Err(CliError::usage(
            "nothing to change: give --subject, --priority, --notify or --no-notify",
        ));
    }
    if let Some(s) = &args.subject {
        crate::domain::validate::text("--subject", s, 200).map_err(CliError::usage)?;
    }
    if let Some(e) = &args.notify {
        crate::domain::validate::email(e).map_err(|m| CliError::usage(format!("--notify: {m}")))?;
    }
    let client = ctx.client()?;
    let number = args.number.lhs()?;
    let req = EditTicketRequest {
        subject: args.subject,
        priority: args.priority,
        notify_email: if args.no_notify {
            Some(None)
        } else {
            args.notify.map(Some)
        },
    };
    let t = client.edit_ticket(number, &req).await?;
    if ctx.out.is_json() {
        ctx.out.json(&t)?;
    }
    ctx.out.success(&format!("Ticket {number} updated"));
    Ok(())
}
