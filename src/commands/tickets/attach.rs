//! `lhs tickets attach`.

use std::path::PathBuf;

use super::TicketRef;
use crate::context::Context;
use crate::error::CliResult;

/// Attach files to an open ticket.
///
/// Up to 3 files per call: JPG, JPEG, PNG, PDF, XML or ZIP, at most 1000 KB each. They are
/// checked before anything is uploaded. On a vtenext portal its own rules apply: any type,
/// at most 3 MB each (it renames scripts and executables to NAME.txt).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket number (on vtenext also TT21)
    #[arg(value_parser = super::parse_ticket)]
    pub number: TicketRef,
    /// Files to attach
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    ctx.portal_for_transfers()?
        .attach(ctx, args.number, &args.files)
        .await
}
