//! Thin entry point: parse, run, map the error to its exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use lhs::cli::{Cli, Command};
use lhs::error::CliError;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return report(&CliError::other(format!("cannot start the runtime: {e}"))),
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => lhs::commands::serve::run(args).await,
        }
    });
    match result {
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
