//! `lhs projects`: Progetti, the projects of a vtenext customer portal (its module, see
//! [`MODULE`]). One file per verb; what they share is in [`crate::commands::crm`].

pub mod list;
pub mod view;

use crate::commands::crm::{self, Module};
use crate::context::Context;
use crate::error::CliResult;

/// The module these commands read.
pub const MODULE: &Module = crm::PROJECTS;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_alias = "ls")]
    List(list::Args),
    #[command(visible_alias = "show")]
    View(view::Args),
}

pub async fn run(ctx: &Context, cmd: Command) -> CliResult<()> {
    match cmd {
        Command::List(a) => list::run(ctx, a).await,
        Command::View(a) => view::run(ctx, a).await,
    }
}
