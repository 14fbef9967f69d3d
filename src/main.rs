//! Thin entry point: parse, run, print the error with its hint, exit with its code.

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use lhs::cli::Cli;
use lhs::error::CliError;

/// Every subcommand name and alias, at any depth.
fn command_names(cmd: &clap::Command, out: &mut std::collections::HashSet<String>) {
    for sub in cmd.get_subcommands() {
        out.insert(sub.get_name().to_owned());
        out.extend(sub.get_all_aliases().map(str::to_owned));
        command_names(sub, out);
    }
}

/// `--json FIELD,…` as gh spells it: the word after `--json` is its value when it looks like
/// field names (lower-case words and `_`, comma-separated) and is not a command, so
/// `lhs tickets list --json number,state` and `lhs --json tickets list` both read right.
fn json_fields_with_a_space(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    // Most runs have no bare `--json`: they skip building the command tree for its names.
    if !args.iter().any(|a| a == "--json") {
        return args;
    }
    let mut names = std::collections::HashSet::new();
    command_names(&Cli::command(), &mut names);
    let field_like = |s: &str| {
        !s.is_empty()
            && s.split(',').all(|w| {
                w.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
                    && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            })
            && !names.contains(s)
    };
    let mut out = Vec::with_capacity(args.len());
    let mut it = args.into_iter().peekable();
    while let Some(a) = it.next() {
        if a == "--" {
            out.push(a);
            out.extend(it);
            break;
        }
        if a == "--json"
            && let Some(next) = it.peek().and_then(|n| n.to_str())
            && field_like(next)
        {
            let joined = format!("--json={next}");
            it.next();
            out.push(joined.into());
            continue;
        }
        out.push(a);
    }
    out
}

fn main() -> ExitCode {
    // The one read of the environment; everything else gets it from here.
    let env = lhs::settings::Env::capture();
    let args = json_fields_with_a_space(std::env::args_os().collect());
    // Parsing needs the plain tree; the decorated one (grouped list, reflowed prose,
    // completion hints: 5 times the cost) is built only to show help.
    let parsed = Cli::command()
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            let e = if matches!(
                e.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                lhs::cli::command()
                    .try_get_matches_from(&args)
                    .err()
                    .unwrap_or(e)
            } else {
                e
            };
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            return report(
                &CliError::other(format!("cannot start the runtime: {e}")),
                &env,
            );
        }
    };
    let result = runtime.block_on(lhs::commands::run(cli, env.clone()));
    lhs::output::pager::finish();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(&e, &env),
    }
}

fn report(e: &CliError, env: &lhs::settings::Env) -> ExitCode {
    use std::io::IsTerminal;
    let color = env.color(std::io::stderr().is_terminal());
    let (error, hint) = if color {
        ("\x1b[1;31merror:\x1b[0m", "\x1b[36mhint:\x1b[0m")
    } else {
        ("error:", "hint:")
    };
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{error} {}", e.message);
    if let Some(h) = &e.hint {
        let _ = writeln!(err, "{hint} {h}");
    }
    ExitCode::from(e.kind.exit_code())
}
