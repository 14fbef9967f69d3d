//! `lhs auth`: what gh calls auth — every profile's login at a glance (`status`), and the
//! current token for scripts (`token`). Logging in and out stay `lhs login` / `lhs logout`.

pub mod status;
pub mod token;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Status(status::Args),
    Token(token::Args),
}

pub async fn run(ctx: &crate::context::Context, cmd: Command) -> crate::error::CliResult<()> {
    match cmd {
        Command::Status(a) => status::run(ctx, a).await,
        Command::Token(a) => token::run(ctx, a),
    }
}
