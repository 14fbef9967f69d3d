//! `lhs desk outbox [list]`.

use crate::context::Context;
use crate::error::CliResult;
use crate::output::{Tabular, when};
use crate::wire::OutboxMail;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Status {
    Pending,
    Sent,
    Failed,
}

/// The notification outbox, newest first: what was queued, sent, or given up on.
///
/// --json gives id, to, subject, kind, status and created_at (and attempts, last_error,
/// sent_at).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only mails in this status
    #[arg(long, value_enum)]
    pub status: Option<Status>,
    /// At most N mails
    #[arg(long, short = 'L', value_name = "N", default_value_t = 100, value_parser = crate::cli::between::<i64>(1, 1000))]
    pub limit: i64,
}

impl Tabular for OutboxMail {
    fn headers() -> &'static [&'static str] {
        &[
            "ID", "CREATED", "TO", "SUBJECT", "KIND", "STATUS", "ATTEMPTS",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            when(Some(&self.created_at)),
            self.to.clone(),
            self.subject.clone(),
            self.kind.clone(),
            self.status.clone(),
            self.attempts.to_string(),
        ]
    }
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let status = args.status.map(|s| match s {
        Status::Pending => "pending",
        Status::Sent => "sent",
        Status::Failed => "failed",
    });
    let mails: Vec<OutboxMail> = ctx.client()?.outbox(status, args.limit).await?;
    if mails.is_empty() && !ctx.out.is_json() {
        ctx.out.note("The outbox is empty.");
    }
    ctx.out.list(&mails)
}
