//! `lhs faq comment`.

use std::path::PathBuf;

use crate::context::Context;
use crate::error::CliResult;

/// Comment on one of the FAQ (vtenext portals)
///
/// The comment is shown with the FAQ to every customer of the CRM, without your name. Without
/// --message or --message-file, $EDITOR opens on a terminal.
///
/// Examples:
///   lhs faq comment 42 --message "Works on the new router too"
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The FAQ's id (see `lhs faq list`)
    pub id: i64,
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
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let portal = ctx.portal()?;
    let text = crate::commands::tickets::comment::text_from(
        ctx,
        args.message,
        args.message_file.as_ref(),
        "--message",
        "\n# Write your comment on the FAQ above. Lines starting with # are ignored.\n",
    )?;
    portal.faq_comment(ctx, args.id, &text).await
}
