//! The clap root: global flags and the command enum. Doc comments are the help text.

use clap::{Parser, Subcommand};

use crate::commands::serve::ServeArgs;

/// lhs — the customer support portal and the tool that drives it.
#[derive(Debug, Parser)]
#[command(name = "lhs", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the portal server (HTTP JSON API under /api/v1).
    Serve(ServeArgs),
}
