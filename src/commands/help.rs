//! `lhs help [COMMAND…]` and the `exit-codes` topic.

use clap::Parser;

use crate::error::{CliError, CliResult};

pub const EXIT_CODES: &str = "\
Exit codes of lhs

  0  ok
  1  other error (also: `tickets wait` timed out)
  2  usage: a bad flag or value, or a missing one off a terminal
  3  authentication: not logged in, wrong credentials, expired or revoked token,
     disabled account, password change required
  4  permission denied
  5  not found
  6  invalid input refused, locally or by the server (400, 413, 415, 422)
  7  conflict: invalid state transition, duplicate, file exists, a non-empty database to copy into
  8  network or server error (unreachable portal or database, timeout, 5xx, 429)

Every error prints `error: …` on stderr and, where one exists, `hint: …` with the
command that fixes it.
";

/// Show help for a command (`lhs help tickets new`) or a topic (`lhs help exit-codes`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A command path, or the topic `exit-codes`
    pub topic: Vec<String>,
}

pub fn run(args: Args) -> CliResult<()> {
    if args.topic.len() == 1 && matches!(args.topic[0].as_str(), "exit-codes" | "exit-code") {
        return crate::output::write_stdout(EXIT_CODES.as_bytes());
    }
    let mut command_line = vec!["lhs".to_owned()];
    command_line.extend(args.topic.iter().cloned());
    command_line.push("--help".into());
    match crate::cli::Cli::try_parse_from(&command_line) {
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp => {
            crate::output::write_stdout(e.render().ansi().to_string().as_bytes())
        }
        Err(_) => Err(
            CliError::usage(format!("no help topic `{}`", args.topic.join(" ")))
                .hint("`lhs --help` lists the commands; `lhs help exit-codes` the exit codes"),
        ),
        Ok(_) => Ok(()),
    }
}
