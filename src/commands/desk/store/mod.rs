//! `lhs desk store`: the packages of SMART minutes on sale — listed (withdrawn ones too),
//! added, changed or withdrawn.

pub mod add;
pub mod edit;
pub mod packages;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Packages(packages::Args),
    #[command(visible_aliases = ["create", "new"])]
    Add(add::Args),
    Edit(edit::Args),
}

pub async fn run(ctx: &crate::context::Context, cmd: Command) -> crate::error::CliResult<()> {
    match cmd {
        Command::Packages(a) => packages::run(ctx, a).await,
        Command::Add(a) => add::run(ctx, a).await,
        Command::Edit(a) => edit::run(ctx, a).await,
    }
}
