//! `lhs tickets attach`.

use std::path::PathBuf;

use super::{TicketRef, upload, vtenext};
use crate::context::{Context, Portal};
use crate::domain::ticket::TicketState;
use crate::error::{CliError, CliResult, Kind};

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
    let v = match ctx.portal_for_transfers()? {
        Portal::Lhs(client) => {
            let number = args.number.lhs()?;
            let files = upload::check_files(&args.files)?;
            let bar =
                crate::output::progress::bytes(&ctx.out, upload::total_size(&files), "Uploading");
            let t = client.attach(number, &files, &bar).await?;
            bar.finish_and_clear();
            if ctx.out.is_json() {
                ctx.out.json(&t)?;
            }
            ctx.out.success(&format!(
                "{} file{} attached to ticket {number}",
                files.len(),
                if files.len() == 1 { "" } else { "s" },
            ));
            return Ok(());
        }
        Portal::Vtenext(v) => v,
    };
    let (files, renamed) = upload::check_files_vtenext(&args.files)?;
    let row = vtenext::resolve(&v, args.number).await?;
    if vtenext::state_of(&row.status) == TicketState::Chiuso {
        return Err(CliError::new(
            Kind::Conflict,
            format!("ticket {} is closed: it takes no more files", row.ticket_no),
        ));
    }
    let before = v.attachments(row.id).await?.len();
    for f in &files {
        v.attach(row.id, &f.name, f.content_type, &f.data).await?;
    }
    // vtenext answers nothing either way: the files must be there now.
    let t = vtenext::load(&v, &row).await?;
    if t.attachments.len() < before + files.len() {
        return Err(CliError::new(
            Kind::Network,
            format!(
                "vtenext did not keep every file: ticket {} has {} attachments, {} expected",
                row.ticket_no,
                t.attachments.len(),
                before + files.len()
            ),
        ));
    }
    if ctx.out.is_json() {
        ctx.out.json(&t)?;
    }
    for name in &renamed {
        ctx.out.note(&format!(
            "vtenext stores {name} as {name}.txt (it renames scripts and programs)"
        ));
    }
    ctx.out.success(&format!(
        "{} file{} attached to ticket {}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        row.ticket_no
    ));
    Ok(())
}
