//! `lhs fiscal`: Informative fiscali: the fiscal notices the help desk publishes.
//! Every user of a company reads them in full (the manual gives them no permission switch).

pub mod download;
pub mod list;
pub mod view;

use crate::context::Context;
use crate::domain::content::ContentKind;
use crate::error::CliResult;

/// The area these commands read.
pub const KINDS: &[ContentKind] = &[ContentKind::Fiscal];

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_alias = "ls")]
    List(list::Args),
    #[command(visible_alias = "show")]
    View(view::Args),
    Download(download::Args),
}

pub async fn run(ctx: &Context, cmd: Command) -> CliResult<()> {
    match cmd {
        Command::List(a) => list::run(ctx, a).await,
        Command::View(a) => view::run(ctx, a).await,
        Command::Download(a) => download::run(ctx, a).await,
    }
}
