//! `lhs news`: News tecniche and News commerciali, the help desk's news.
//! `list` needs `news-tecniche=read` / `news-commerciali=read`; opening an item needs `detail`
//! (Administrators always may).

pub mod download;
pub mod list;
pub mod view;

use crate::context::Context;
use crate::domain::content::ContentKind;
use crate::error::CliResult;

/// Which news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewsKind {
    /// News tecniche
    Tech,
    /// News commerciali
    Sales,
}

/// The areas `--kind` names (both without it).
pub fn kinds(k: Option<NewsKind>) -> &'static [ContentKind] {
    match k {
        Some(NewsKind::Tech) => &[ContentKind::NewsTech],
        Some(NewsKind::Sales) => &[ContentKind::NewsSales],
        None => &[ContentKind::NewsTech, ContentKind::NewsSales],
    }
}

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
