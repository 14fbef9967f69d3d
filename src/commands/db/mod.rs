//! `lhs db`: the portal's database itself (for the people who run `lhs serve`).

pub mod copy;

use crate::error::CliResult;
use crate::output::Output;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Copy(copy::Args),
}

pub async fn run(out: &Output, cmd: Command) -> CliResult<()> {
    match cmd {
        Command::Copy(a) => copy::run(out, a).await,
    }
}
