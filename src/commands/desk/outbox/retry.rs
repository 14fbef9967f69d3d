//! `lhs desk outbox retry`.

use crate::context::Context;
use crate::error::{CliError, CliResult};
use crate::wire::OutboxMail;

/// Queue failed mail again, with fresh attempts
///
/// After fixing what made delivery fail (the SMTP server, a recipient's address), send the
/// failed mails again: by id (see `lhs desk outbox --status failed`), or every one with
/// --failed. All or nothing: an unknown id, a mail already sent, or a mail whose code has
/// expired (the user must ask for a new one) changes nothing.
///
/// Examples:
///   lhs desk outbox retry 41 42
///   lhs desk outbox retry --failed
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Ids of the mails to send again
    #[arg(
        value_name = "ID",
        required_unless_present = "failed",
        conflicts_with = "failed"
    )]
    pub ids: Vec<i64>,
    /// Every failed mail
    #[arg(long)]
    pub failed: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    if args.ids.len() > 1000 {
        return Err(CliError::usage("at most 1000 ids at once"));
    }
    let client = ctx.client()?;
    let mails: Vec<OutboxMail> = if args.failed {
        client.retry_failed_mail().await?
    } else {
        client.retry_mail(args.ids).await?
    };
    if ctx.out.is_json() {
        ctx.out.json(&mails)?;
    }
    if mails.is_empty() {
        ctx.out.note("No failed mail to send again.");
    } else {
        ctx.out.success(&format!(
            "{} mail{} queued again",
            mails.len(),
            if mails.len() == 1 { "" } else { "s" }
        ));
    }
    Ok(())
}
