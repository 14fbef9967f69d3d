//! `lhs tickets reopen`.

use std::path::PathBuf;

use crate::context::Context;
use crate::error::CliResult;
use crate::wire::ReopenRequest;

/// Reopen a closed ticket
///
/// A closed ticket can be reopened for a while after closing (the server's --reopen-within,
/// 7 days unless the portal says otherwise; `lhs tickets view` shows until when). It goes back
/// to the technician who had it (in carico), or to the queue (inserito). Past the window the
/// command exits 7: open a new ticket instead, naming the old one.
///
/// Examples:
///   lhs tickets reopen 1324
///   lhs tickets reopen 1324 --message "The error is back after the update"
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Ticket number
    #[arg(value_parser = super::parse_ticket)]
    pub number: super::TicketRef,
    /// Say why, as a comment on the ticket (`-`: read it from standard input)
    #[arg(
        long,
        short = 'm',
        value_name = "TEXT",
        conflicts_with = "message_file"
    )]
    pub message: Option<String>,
    /// Read the comment from FILE (`-`: standard input)
    #[arg(long, short = 'F', value_name = "FILE")]
    pub message_file: Option<PathBuf>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let client = ctx.client()?;
    let number = args.number.lhs()?;
    let comment = match (&args.message, &args.message_file) {
        (None, None) => None,
        (m, f) => Some(super::comment::text_from(
            ctx,
            m.clone(),
            f.as_ref(),
            "--message",
            "",
        )?),
    };
    let t = client.reopen(number, &ReopenRequest { comment }).await?;
    if ctx.out.is_json() {
        ctx.out.json(&t)?;
    }
    ctx.out.success(&format!(
        "Ticket {number} reopened (now {})",
        t.summary.state.label()
    ));
    Ok(())
}

/// The reopen window as the ticket view states it, e.g. "can be reopened until 2026-11-30
/// 10:00 CET (lhs tickets reopen 1324)"; the command only for a caller who may reopen it.
pub fn until_note(t: &crate::wire::Ticket) -> Option<String> {
    let until = t.reopen_until.as_deref()?;
    let passed = chrono::DateTime::parse_from_rfc3339(until)
        .is_ok_and(|u| u.with_timezone(&chrono::Utc) < chrono::Utc::now());
    if passed {
        return Some("the reopen window has passed: open a new ticket".to_owned());
    }
    let how = if t.actions.contains(&crate::wire::Action::Reopen) {
        format!(" (lhs tickets reopen {})", t.summary.number)
    } else {
        String::new()
    };
    Some(format!(
        "can be reopened until {}{how}",
        crate::output::when(Some(until))
    ))
}
