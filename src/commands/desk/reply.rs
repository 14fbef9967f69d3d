//! `lhs desk reply`.

use std::path::PathBuf;

use crate::context::Context;
use crate::error::CliResult;
use crate::wire::{ReplyRequest, Ticket};

/// Answer a ticket: it moves to risposto, the customer is notified, and --minutes are deducted
/// from the customer's SMART package.
///
/// If the package has fewer minutes left the reply is refused (exit 7) unless
/// --allow-overdraft; the balance then goes negative and the next grant pays it back.
///
/// Example:
///   lhs desk reply 1324 --minutes 20 --message "Aggiornare alla 5.2 e ristampare"
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Ticket number
    pub number: i64,
    /// The answer (`-`: read it from standard input)
    #[arg(
        long,
        short = 'm',
        value_name = "TEXT",
        conflicts_with = "message_file"
    )]
    pub message: Option<String>,
    /// Read the answer from FILE (`-`: standard input)
    #[arg(long, short = 'F', value_name = "FILE")]
    pub message_file: Option<PathBuf>,
    /// Minutes spent, deducted from the SMART package: 20, 90m, 1h, 1h30 (asked for on a
    /// terminal)
    #[arg(long, value_name = "M", value_parser = crate::domain::duration::parse_minutes)]
    pub minutes: Option<i64>,
    /// Let the balance go below zero
    #[arg(long)]
    pub allow_overdraft: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let mut missing = Vec::new();
    if args.minutes.is_none() {
        missing.push("--minutes");
    }
    if args.message.is_none() && args.message_file.is_none() {
        missing.push("--message or --message-file");
    }
    if !ctx.prompt.interactive() && !missing.is_empty() {
        return Err(ctx.prompt.missing(&missing));
    }
    let minutes = match args.minutes {
        Some(m) => m,
        None => ctx.prompt.input_parsed(
            "Minutes spent (e.g. 20, 90m, 1h30)",
            "--minutes",
            None,
            crate::domain::duration::parse_minutes,
        )?,
    };
    let body = crate::commands::tickets::comment::text_from(
        ctx,
        args.message,
        args.message_file.as_ref(),
        "--message",
        "\n# Write the answer above. Lines starting with # are ignored.\n",
    )?;
    let t: Ticket = ctx
        .client()?
        .reply(
            args.number,
            &ReplyRequest {
                body,
                minutes,
                allow_overdraft: args.allow_overdraft,
            },
        )
        .await?;
    if ctx.out.is_json() {
        ctx.out.json(&t)?;
    }
    ctx.out.success(&format!(
        "Ticket {} answered ({} min)",
        args.number, minutes
    ));
    Ok(())
}
