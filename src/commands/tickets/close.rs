//! `lhs tickets close`.

use super::{TicketRef, vtenext};
use crate::context::{Context, Portal};
use crate::domain::ticket::TicketState;
use crate::error::{CliError, CliResult, Kind};

/// Close a ticket: "ok, risolto".
///
/// On a vtenext portal the ticket is closed as resolved, as the portal's "Ok, risolto" does.
/// A ticket that is already closed is left as it is: the command says so and exits 0.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket number (on vtenext also TT21)
    #[arg(value_parser = super::parse_ticket)]
    pub number: TicketRef,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let v = match ctx.portal()? {
        Portal::Lhs(client) => {
            let number = args.number.lhs()?;
            return match super::act(ctx, number, crate::api::TicketAction::Close, "closed").await {
                // Scripts re-run: closing a closed ticket is done already, not a failure (as
                // `gh issue close`). Any other refusal stands.
                Err(e) if e.kind == Kind::Conflict => {
                    let t = client.ticket(number).await?;
                    if t.summary.state != TicketState::Chiuso {
                        return Err(e);
                    }
                    if ctx.out.is_json() {
                        ctx.out.json(&t)?;
                    }
                    ctx.out.note(&format!("Ticket {number} is already closed"));
                    Ok(())
                }
                other => other,
            };
        }
        Portal::Vtenext(v) => v,
    };
    let row = vtenext::resolve(&v, args.number).await?;
    if vtenext::state_of(&row.status) == TicketState::Chiuso {
        if ctx.out.is_json() {
            ctx.out.json(&vtenext::load(&v, &row).await?)?;
        }
        ctx.out
            .note(&format!("Ticket {} is already closed", row.ticket_no));
        return Ok(());
    }
    v.close(row.id).await?;
    let t = vtenext::load(&v, &row).await?;
    if t.summary.state != TicketState::Chiuso {
        return Err(CliError::new(
            Kind::Network,
            format!(
                "vtenext did not close ticket {} (its status is {})",
                row.ticket_no, t.summary.status
            ),
        ));
    }
    if ctx.out.is_json() {
        ctx.out.json(&t)?;
    }
    ctx.out.success(&format!("Ticket {} closed", row.ticket_no));
    Ok(())
}
