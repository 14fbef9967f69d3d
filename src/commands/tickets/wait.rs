//! `lhs tickets wait`: polls a ticket until it reaches a state — a gate for CI jobs.

use std::time::{Duration, Instant};

use crate::context::Context;
use crate::domain::ticket::TicketState;
use crate::error::{CliError, CliResult, Kind};

fn parse_duration(s: &str) -> Result<Duration, String> {
    crate::domain::duration::parse(s)
}

/// Wait until a ticket reaches a state
///
/// Exits 0 when the state is reached, 1 when --timeout passes first, and 7 when the ticket is
/// closed before reaching a different state it now can never reach. Reaching `risposto`, it
/// prints the help desk's answer on stdout; with --json, the whole ticket. On a terminal a
/// status line shows the ticket's state and when it was last checked.
///
/// The portal going away for a while (a restart) does not end the wait: lhs keeps trying
/// until --timeout, saying so, and exits 8 only if the portal is still unreachable then.
/// Here --timeout is the wait's length; each request's own deadline is LHS_TIMEOUT.
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
    /// Give up after this long (each request's own deadline is LHS_TIMEOUT)
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = parse_duration)]
    pub timeout: Duration,
    /// How often to check
    #[arg(long, value_name = "DURATION", default_value = "15s", value_parser = parse_duration)]
    pub interval: Duration,
}

/// The local time of day, for the status line.
fn clock(t: chrono::DateTime<chrono::Local>) -> String {
    t.format("%H:%M:%S").to_string()
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let portal = ctx.portal()?;
    portal.accepts(args.number)?;
    let deadline = Instant::now() + args.timeout;
    let gives_up = chrono::Local::now()
        + chrono::Duration::from_std(args.timeout).unwrap_or(chrono::Duration::MAX);
    let interval = args.interval.max(Duration::from_millis(200));
    let status = crate::output::progress::status_line(&ctx.out);
    // Since when the portal has not answered (None: it answers).
    let mut unreachable: Option<chrono::DateTime<chrono::Local>> = None;
    loop {
        match portal.check(args.number, args.state).await {
            Ok(c) => {
                if let Some(since) = unreachable.take() {
                    status.suspend(|| {
                        ctx.out.note(&format!(
                            "the portal answers again (it did not from {})",
                            clock(since)
                        ));
                    });
                }
                if c.state == args.state {
                    status.finish_and_clear();
                    if ctx.out.is_json() {
                        ctx.out.json(&c.json)?;
                    } else if c.state == TicketState::Risposto
                        && let Some(a) = &c.answer
                    {
                        ctx.out.print(&format!("{a}\n"))?;
                    }
                    ctx.out
                        .success(&format!("Ticket {} is {}", args.number, c.state.label()));
                    return Ok(());
                }
                if c.state == TicketState::Chiuso {
                    status.finish_and_clear();
                    return Err(CliError::new(
                        Kind::Conflict,
                        format!(
                            "ticket {} was closed without reaching {}",
                            args.number,
                            args.state.label()
                        ),
                    ));
                }
                status.set_message(format!(
                    "Ticket {} is {}; waiting for {} (checked {}, gives up at {})",
                    args.number,
                    c.state.label(),
                    args.state.label(),
                    clock(chrono::Local::now()),
                    clock(gives_up)
                ));
                if Instant::now() >= deadline {
                    status.finish_and_clear();
                    return Err(CliError::other(format!(
                        "timed out after {} waiting for ticket {} to be {} (it is {})",
                        crate::domain::duration::format(args.timeout),
                        args.number,
                        args.state.label(),
                        c.state.label()
                    )));
                }
            }
            // A portal that went away (a restart, a network blip) is tried again until the
            // wait's own deadline; anything else (login, permission, not found) ends it.
            Err(e) if e.kind == Kind::Network => {
                if Instant::now() >= deadline {
                    status.finish_and_clear();
                    let since = unreachable.map_or_else(String::new, |t| {
                        format!(" (it has not answered since {})", clock(t))
                    });
                    return Err(CliError::new(
                        Kind::Network,
                        format!(
                            "gave up after {} waiting for ticket {}: {}{since}",
                            crate::domain::duration::format(args.timeout),
                            args.number,
                            e.message
                        ),
                    )
                    .hint("run the same command again once the portal is back"));
                }
                if unreachable.is_none() {
                    status.suspend(|| {
                        ctx.out.warn(&format!(
                            "{}; trying again until {}",
                            e.message,
                            clock(gives_up)
                        ));
                    });
                    unreachable = Some(chrono::Local::now());
                }
                status.set_message(format!(
                    "Ticket {}: the portal does not answer; trying again (gives up at {})",
                    args.number,
                    clock(gives_up)
                ));
            }
            Err(e) => {
                status.finish_and_clear();
                return Err(e);
            }
        }
        let now = Instant::now();
        tokio::time::sleep(interval.min(deadline.saturating_duration_since(now))).await;
    }
}
