//! `lhs tickets wait`: polls a ticket until it reaches a state — a gate for CI jobs.

use std::time::{Duration, Instant};

use crate::context::{Context, Portal};
use crate::domain::ticket::TicketState;
use crate::error::{CliError, CliResult, Kind};
use crate::wire::Ticket;

fn parse_duration(s: &str) -> Result<Duration, String> {
    crate::domain::duration::parse(s)
}

/// Wait until a ticket reaches a state
///
/// Exits 0 when the state is reached, 1 when --timeout passes first, and 7 when the ticket is
/// closed before reaching a different state it now can never reach. Reaching `risposto`, it
/// prints the help desk's answer on stdout; with --json, the whole ticket.
///
/// Example:
///   n=$(lhs tickets new … --attach build.log.zip)
///   lhs tickets wait "$n" --state risposto --timeout 4h
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Ticket number (on vtenext also TT21)
    #[arg(value_parser = super::parse_ticket)]
    pub number: super::TicketRef,
    /// The state to wait for
    #[arg(long, value_name = "STATE", value_parser = crate::cli::Listed::new(super::parse_state, || crate::cli::state_values()[..4].to_vec()))]
    pub state: TicketState,
    /// Give up after this long
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = parse_duration)]
    pub timeout: Duration,
    /// How often to check
    #[arg(long, value_name = "DURATION", default_value = "15s", value_parser = parse_duration)]
    pub interval: Duration,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let portal = ctx.portal()?;
    if let Portal::Lhs(_) = &portal {
        args.number.lhs()?;
    }
    let deadline = Instant::now() + args.timeout;
    let interval = args.interval.max(Duration::from_millis(200));
    loop {
        let mut answer: Option<String> = None;
        let (state, json) = match &portal {
            Portal::Lhs(client) => {
                let t: Ticket = client.ticket(args.number.number).await?;
                // The help desk's last reply, shown when the ticket is answered.
                answer = t
                    .comments
                    .iter()
                    .rev()
                    .find(|c| c.kind == "reply")
                    .map(|c| {
                        format!(
                            "{} ({}):\n{}",
                            c.author_name,
                            crate::output::when(Some(&c.created_at)),
                            c.body
                        )
                    });
                (t.summary.state, serde_json::to_value(&t))
            }
            Portal::Vtenext(v) => {
                let row = super::vtenext::resolve(v, args.number).await?;
                let state = super::vtenext::state_of(&row.status);
                let t = if state == args.state {
                    serde_json::to_value(super::vtenext::load(v, &row).await?)
                } else {
                    Ok(serde_json::Value::Null)
                };
                (state, t)
            }
        };
        if state == args.state {
            if ctx.out.is_json() {
                ctx.out
                    .json(&json.map_err(|e| CliError::other(e.to_string()))?)?;
            } else if state == TicketState::Risposto
                && let Some(a) = &answer
            {
                ctx.out.print(&format!("{a}\n"))?;
            }
            ctx.out
                .success(&format!("Ticket {} is {}", args.number, state.label()));
            return Ok(());
        }
        if state == TicketState::Chiuso {
            return Err(CliError::new(
                Kind::Conflict,
                format!(
                    "ticket {} was closed without reaching {}",
                    args.number,
                    args.state.label()
                ),
            ));
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(CliError::other(format!(
                "timed out after {} waiting for ticket {} to be {} (it is {})",
                crate::domain::duration::format(args.timeout),
                args.number,
                args.state.label(),
                state.label()
            )));
        }
        tokio::time::sleep(interval.min(deadline - now)).await;
    }
}
