//! `lhs desk orders`: the Store's orders of every customer, confirmed (the minutes go to the
//! SMART package) or rejected with a reason.

pub mod confirm;
pub mod list;
pub mod reject;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_alias = "ls")]
    List(list::Args),
    Confirm(confirm::Args),
    Reject(reject::Args),
}

pub async fn run(ctx: &crate::context::Context, cmd: Command) -> crate::error::CliResult<()> {
    match cmd {
        Command::List(a) => list::run(ctx, a).await,
        Command::Confirm(a) => confirm::run(ctx, a).await,
        Command::Reject(a) => reject::run(ctx, a).await,
    }
}
