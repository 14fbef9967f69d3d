//! `lhs desk outbox`: the mail outbox — list it (the default), and queue failed mail again.

pub mod list;
pub mod retry;

use crate::context::Context;
use crate::error::CliResult;

/// The notification outbox: list it (the default), or queue failed mail again
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
#[group(skip)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub list: list::Args,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_alias = "ls")]
    List(list::Args),
    Retry(retry::Args),
}

impl Args {
    /// Whether this invocation lists mail (and so has a CSV form).
    pub fn lists(&self) -> bool {
        !matches!(self.command, Some(Command::Retry(_)))
    }
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    match args.command {
        None => list::run(ctx, args.list).await,
        Some(Command::List(a)) => list::run(ctx, a).await,
        Some(Command::Retry(a)) => retry::run(ctx, a).await,
    }
}
