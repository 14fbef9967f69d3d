//! `lhs password`: the forgotten-password flow.

pub mod forgot;
pub mod reset;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Forgot(forgot::Args),
    Reset(reset::Args),
}

pub async fn run(ctx: &crate::context::Context, cmd: Command) -> crate::error::CliResult<()> {
    match cmd {
        Command::Forgot(a) => forgot::run(ctx, a).await,
        Command::Reset(a) => reset::run(ctx, a).await,
    }
}
