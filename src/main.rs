//! Thin entry point: parse, run, print the error with its hint, exit with its code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use lhs::cli::Cli;
use lhs::error::CliError;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
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
        Err(e) => return report(&CliError::other(format!("cannot start the runtime: {e}"))),
    };
    match runtime.block_on(lhs::commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(&e),
    }
}

fn report(e: &CliError) -> ExitCode {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "error: {}", e.message);
    if let Some(h) = &e.hint {
        let _ = writeln!(err, "hint: {h}");
    }
    ExitCode::from(e.kind.exit_code())
}
