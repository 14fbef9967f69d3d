//! `lhs help [COMMAND…]` and the topics `environment`, `formats` and `exit-codes`.

use crate::error::{CliError, CliResult};

pub const EXIT_CODES: &str = "\
Exit codes of lhs

  0  ok
  1  other error (also: `tickets wait` timed out)
  2  usage: a bad flag or value, or a missing one off a terminal
  3  authentication: not logged in, wrong credentials, expired or revoked token,
     disabled account, password change required
  4  permission denied (also: a vtenext module the portal does not show you)
  5  not found
  6  invalid input refused, locally or by the server (400, 413, 415, 422)
  7  conflict: invalid state transition (e.g. editing a ticket already taken, reopening
     one past the server's reopen window), duplicate, file exists, a non-empty database
     to copy into
  8  network or server error (unreachable portal or database, timeout, 5xx, 429)

Every error prints `error: …` on stderr and, where one exists, `hint: …` with the
command that fixes it.
";

pub const ENVIRONMENT: &str = "\
Environment variables read by lhs

A flag wins over its variable, a variable over the configuration file (`lhs config`), and
that over the default. The variables are read once, when lhs starts.

  LHS_HOST              portal URL (like --host)
  LHS_PROFILE           profile name (like --profile)
  LHS_TOKEN             a token to use instead of the profile's (CI); never put it in argv
  LHS_CONFIG_DIR        configuration directory (default: $XDG_CONFIG_HOME/lhs)
  LHS_TIMEOUT           request deadline (like --timeout), e.g. 2m
  LHS_BACKEND           lhs or vtenext, for a host without a profile
  LHS_KEYRING_TIMEOUT   how long to wait for the OS keyring (default 10s)
  LHS_PAGER             the pager for long output on a terminal; then the configured
                        pager, then PAGER, then less -FRX when installed; cat: none
  LESS                  kept for the pager; when unset, less gets FRX
  VISUAL, EDITOR        the editor for texts left out on the command line, when the
                        configuration names none (`lhs config set editor …`)
  NO_COLOR              no colour when set to anything
  CLICOLOR_FORCE        colour even in pipes when set (not 0)
  COLUMNS               the terminal width tables fit
  TZ                    the time zone times are shown in
  CI                    set (and not `false`): never prompt (like --no-input)

`lhs serve` reads LHS_DB, LHS_DB_CONNECTIONS, LHS_LISTEN, LHS_PUBLIC_URL, LHS_SMTP_URL,
LHS_MAIL_FROM, LHS_TRUST_PROXY, LHS_DEV_PASSWORD, LHS_BOOTSTRAP_PASSWORD, LHS_LOG and
PGPASSWORD; see `lhs serve --help`. Settings kept in the configuration file: `lhs config list`.
";

pub const FORMATS: &str = "\
Output formats

  table (default)   on a terminal: aligned columns that fit its width, a header, colour;
                    in a pipe: one record per line, tab-separated, no header, nothing cut
  --json            JSON (lists are arrays written as they arrive); JSON times are UTC
  --json a,b        only those fields of each object, in that order
  --jq EXPR         filter the JSON with jq's language; strings print raw
  --format csv      lists only: a header of JSON keys, one row per item; cells that a
                    spreadsheet would run as formulas get a leading '

Messages (progress, confirmations, notes, errors) go to stderr, so stdout stays data;
-q keeps only data and errors. Long output on a terminal goes through a pager.
";

/// Help on a command, or a topic: environment, formats, exit-codes
///
/// `lhs help tickets new` is `lhs tickets new --help`; `lhs help exit-codes` lists what
/// each exit code means, `lhs help environment` the variables lhs reads, `lhs help formats`
/// the output formats.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A command path, or a topic: environment, formats, exit-codes
    #[arg(value_parser = topic_values())]
    pub topic: Vec<String>,
}

/// Any command path, with the topics offered for completion.
fn topic_values() -> clap::builder::ValueParser {
    #[derive(Clone)]
    struct Topics;
    impl clap::builder::TypedValueParser for Topics {
        type Value = String;
        fn parse_ref(
            &self,
            _cmd: &clap::Command,
            _arg: Option<&clap::Arg>,
            value: &std::ffi::OsStr,
        ) -> Result<String, clap::Error> {
            Ok(value.to_string_lossy().into_owned())
        }
        fn possible_values(
            &self,
        ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
            Some(Box::new(
                ["environment", "formats", "exit-codes"]
                    .into_iter()
                    .map(clap::builder::PossibleValue::new),
            ))
        }
    }
    clap::builder::ValueParser::new(Topics)
}

pub fn run(args: Args, color: bool) -> CliResult<()> {
    if let [t] = args.topic.as_slice() {
        let text = match t.as_str() {
            "exit-codes" | "exit-code" => Some(EXIT_CODES),
            "environment" | "env" => Some(ENVIRONMENT),
            "formats" | "format" => Some(FORMATS),
            _ => None,
        };
        if let Some(text) = text {
            return crate::output::write_stdout(text.as_bytes());
        }
    }
    let mut command_line = vec!["lhs".to_owned()];
    command_line.extend(args.topic.iter().cloned());
    command_line.push("--help".into());
    match crate::cli::command().try_get_matches_from(&command_line) {
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp => {
            let text = if color {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            crate::output::write_stdout(text.as_bytes())
        }
        Err(_) => Err(
            CliError::usage(format!("no help topic `{}`", args.topic.join(" ")))
                .hint("`lhs --help` lists the commands; topics: environment, formats, exit-codes"),
        ),
        Ok(_) => Ok(()),
    }
}
