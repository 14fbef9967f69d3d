//! `lhs profile`: the configured profiles (`list`) and the default one (`use`).

pub mod list;
pub mod use_;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_alias = "ls")]
    List(list::Args),
    Use(use_::Args),
}

pub fn run(ctx: &mut crate::context::Context, cmd: Command) -> crate::error::CliResult<()> {
    match cmd {
        Command::List(a) => list::run(ctx, a),
        Command::Use(a) => use_::run(ctx, a),
    }
}
