//! `lhs faq`: FAQ: questions and answers.
//! Needs the permission `faq=read` (Administrators always may). On a vtenext portal: its
//! knowledge base, which takes comments.

pub mod comment;
pub mod list;
pub mod view;

use crate::context::Context;
use crate::domain::content::ContentKind;
use crate::error::CliResult;

/// The area these commands read.
pub const KINDS: &[ContentKind] = &[ContentKind::Faq];

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_alias = "ls")]
    List(list::Args),
    #[command(visible_alias = "show")]
    View(view::Args),
    Comment(comment::Args),
}

pub async fn run(ctx: &Context, cmd: Command) -> CliResult<()> {
    match cmd {
        Command::List(a) => list::run(ctx, a).await,
        Command::View(a) => view::run(ctx, a).await,
        Command::Comment(a) => comment::run(ctx, a).await,
    }
}
