//! `lhs desk courses`: scheduling courses and reading who enrolled.

pub mod add;
pub mod enrolments;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_aliases = ["create", "new"])]
    Add(add::Args),
    Enrolments(enrolments::Args),
}

pub async fn run(ctx: &crate::context::Context, cmd: Command) -> crate::error::CliResult<()> {
    match cmd {
        Command::Add(a) => add::run(ctx, a).await,
        Command::Enrolments(a) => enrolments::run(ctx, a).await,
    }
}
