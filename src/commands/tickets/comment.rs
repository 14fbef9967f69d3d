//! `lhs tickets comment`.

use std::path::PathBuf;

use crate::context::Context;
use crate::error::{CliError, CliResult, Kind};

/// Add a comment to a ticket
///
/// A comment on an answered (risposto) ticket brings it back to the help desk (in carico).
/// Without --message or --message-file, $EDITOR opens on a terminal. Retries never post the
/// comment twice (an Idempotency-Key is sent; pin your own with --idempotency-key).
///
/// Examples:
///   lhs tickets comment 1324 --message "Still failing after the update"
///   git log -1 --format=%B | lhs tickets comment 1324 --message-file -
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Ticket number (on vtenext also TT21)
    #[arg(value_parser = super::parse_ticket)]
    pub number: super::TicketRef,
    /// The comment text (`-`: read it from standard input)
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
    /// Idempotency key, for CI jobs that re-run
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
}

/// Text from a flag, a file, or the editor; `-` as either the text or the file means
/// standard input (never the literal text "-").
pub fn text_from(
    ctx: &Context,
    text: Option<String>,
    file: Option<&PathBuf>,
    flag: &str,
    template: &str,
) -> CliResult<String> {
    let t = match (text, file) {
        (Some(t), _) if t == "-" => crate::prompt::read_stdin_all()?,
        (Some(t), _) => t,
        (None, Some(p)) if p.as_os_str() == "-" => crate::prompt::read_stdin_all()?,
        (None, Some(p)) => std::fs::read_to_string(p).map_err(|e| {
            CliError::new(Kind::NotFound, format!("cannot read {}: {e}", p.display()))
        })?,
        (None, None) => ctx.prompt.editor(flag, template)?,
    };
    if t.trim().is_empty() {
        return Err(CliError::invalid(format!("empty text for {flag}")));
    }
    crate::domain::validate::multi_line(flag, &t).map_err(CliError::invalid)?;
    Ok(t)
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let body = text_from(
        ctx,
        args.message,
        args.message_file.as_ref(),
        "--message",
        "\n# Write your comment above. Lines starting with # are ignored.\n",
    )?;
    ctx.portal()?
        .comment(ctx, args.number, &body, args.idempotency_key)
        .await
}
