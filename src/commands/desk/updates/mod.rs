//! `lhs desk updates`: publishing software updates (files streamed, of any size up to 4 GiB)
//! and withdrawing them.

pub mod publish;
pub mod unpublish;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Publish(publish::Args),
    Unpublish(unpublish::Args),
}

pub async fn run(ctx: &crate::context::Context, cmd: Command) -> crate::error::CliResult<()> {
    match cmd {
        Command::Publish(a) => publish::run(ctx, a).await,
        Command::Unpublish(a) => unpublish::run(ctx, a).await,
    }
}
