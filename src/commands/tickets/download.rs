//! `lhs tickets download`.

use std::path::PathBuf;

use crate::context::Context;
use crate::error::{CliError, CliResult, Kind};

/// Download a ticket's attachments.
///
/// Writes every attachment (or only --id ID, or --file NAME) into --dir, under the names the
/// portal stored, and prints the paths written; two attachments with the same name are told
/// apart by their id in front. Existing files are not overwritten unless --force. With
/// `-o -` one attachment (--id or --file) is written to standard output.
///
/// Examples:
///   lhs tickets download 1024 --id 7 -o - | less
///   lhs tickets download 1024 --dir ./ticket-1024
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket number (on vtenext also TT21)
    #[arg(value_parser = super::parse_ticket)]
    pub number: super::TicketRef,
    /// Directory to write into
    #[arg(long, short = 'd', value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Only the attachment with this name
    #[arg(long, value_name = "NAME", conflicts_with = "id")]
    pub file: Option<String>,
    /// Only the attachment with this id (see `lhs tickets view`)
    #[arg(long, value_name = "ID")]
    pub id: Option<i64>,
    /// `-`: write the one attachment chosen to standard output
    #[arg(long, short = 'o', value_name = "-", value_parser = stdout_only)]
    pub output: Option<String>,
    /// Overwrite existing files
    #[arg(long)]
    pub force: bool,
}

fn stdout_only(s: &str) -> Result<String, String> {
    if s == "-" {
        Ok(s.to_owned())
    } else {
        Err("only `-` (standard output) is accepted; use --dir for files".into())
    }
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    if args.output.is_some() && args.id.is_none() && args.file.is_none() {
        return Err(CliError::usage(
            "-o - writes one attachment: choose it with --id ID or --file NAME",
        ));
    }
    let portal = ctx.portal_for_transfers()?;
    // (id, name) of each attachment, from either kind of portal.
    let all: Vec<(i64, String)> = portal.attachments(args.number).await?;
    let chosen: Vec<&(i64, String)> = match (&args.file, args.id) {
        (_, Some(id)) => {
            let found: Vec<&(i64, String)> = all.iter().filter(|a| a.0 == id).collect();
            if found.is_empty() {
                let ids: Vec<String> = all.iter().map(|a| format!("{} ({})", a.0, a.1)).collect();
                return Err(CliError::new(
                    Kind::NotFound,
                    format!("ticket {} has no attachment {id}", args.number),
                )
                .hint(if ids.is_empty() {
                    "the ticket has no attachments".to_owned()
                } else {
                    format!("its attachments: {}", ids.join(", "))
                }));
            }
            found
        }
        (Some(name), None) => {
            let found: Vec<&(i64, String)> = all
                .iter()
                .filter(|a| a.1.eq_ignore_ascii_case(name))
                .collect();
            if found.is_empty() {
                let names: Vec<&str> = all.iter().map(|a| a.1.as_str()).collect();
                return Err(CliError::new(
                    Kind::NotFound,
                    format!("ticket {} has no attachment named `{name}`", args.number),
                )
                .hint(if names.is_empty() {
                    "the ticket has no attachments".to_owned()
                } else {
                    format!("its attachments: {}", names.join(", "))
                }));
            }
            found
        }
        (None, None) => all.iter().collect(),
    };
    if args.output.is_some() {
        let [a] = chosen.as_slice() else {
            return Err(CliError::usage(format!(
                "-o -: {} attachments are named so; choose one with --id",
                chosen.len()
            )));
        };
        let bytes = portal.file(args.number, a.0).await?;
        return crate::output::write_stdout(&bytes);
    }
    if chosen.is_empty() {
        ctx.out
            .note(&format!("Ticket {} has no attachments.", args.number));
        return Ok(());
    }
    // The folder is made when the first file is written (write_atomic), once the portal has
    // said yes: a refusal leaves nothing behind.
    // Two attachments may share a name: later ones get the id in front.
    let mut targets = Vec::new();
    let mut used = std::collections::HashSet::new();
    for a in &chosen {
        let name = crate::domain::attachment::sanitize_filename(&a.1);
        let name = if used.insert(name.to_lowercase()) {
            name
        } else {
            format!("{}-{name}", a.0)
        };
        let path = args.dir.join(&name);
        crate::output::refuse_overwrite(&path, args.force, "--dir")?;
        targets.push((*a, path));
    }
    let mut written = String::new();
    let bar = crate::output::progress::bar(&ctx.out, targets.len() as u64, "Downloading");
    for (a, path) in targets {
        bar.set_message(format!("Downloading {}", a.1));
        let bytes = portal.file(args.number, a.0).await?;
        crate::config::write_atomic(&path, &bytes, false)?;
        written.push_str(&format!("{}\n", path.display()));
        bar.inc(1);
    }
    bar.finish_and_clear();
    ctx.out.print(&written)?;
    ctx.out.success(&format!(
        "{} attachment{} of ticket {} downloaded",
        chosen.len(),
        if chosen.len() == 1 { "" } else { "s" },
        args.number
    ));
    Ok(())
}
