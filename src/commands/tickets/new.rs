//! `lhs tickets new`: opens a ticket. Names are matched case-insensitively against the
//! caller's contract; on a terminal, missing fields are asked with cascading selects and
//! `$EDITOR`; attachments are checked locally before any request; retries never open the
//! ticket twice (Idempotency-Key).

use std::path::PathBuf;

use super::upload;
use crate::context::Context;
use crate::domain::ticket::Priority;
use crate::error::{CliError, CliResult};
use crate::wire::{CatalogMacroArea, CreateTicketRequest, Ticket};

fn parse_priority(s: &str) -> Result<Priority, String> {
    s.parse()
}

/// Open a ticket
///
/// Prints the new ticket's number on stdout (--json: the whole ticket). Attach up to 3 files
/// (JPG, JPEG, PNG, PDF, XML, ZIP; at most 1000 KB each). Please describe one problem per
/// ticket. On a terminal, anything missing is asked for; in scripts every field is a flag.
///
/// Examples:
///   lhs tickets new --macro-area "Software Gestionale" --area Contabilità \
///       --section "Prima nota" --subject "Causale mancante" --description-file report.txt
///   lhs tickets new … --description - --attach log.zip --idempotency-key "$CI_JOB_ID"
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Macro area, e.g. "Software Gestionale" (see `lhs catalog`)
    #[arg(long, value_name = "NAME")]
    pub macro_area: Option<String>,
    /// Area within the macro area, e.g. Contabilità
    #[arg(long, value_name = "NAME")]
    pub area: Option<String>,
    /// Section within the area, e.g. "Prima nota"
    #[arg(long, value_name = "NAME")]
    pub section: Option<String>,
    /// One line summing up the problem
    #[arg(long, value_name = "TEXT")]
    pub subject: Option<String>,
    /// The full description (`-`: read it from standard input)
    #[arg(long, value_name = "TEXT", conflicts_with = "description_file")]
    pub description: Option<String>,
    /// Read the description from FILE (`-`: standard input)
    #[arg(long, value_name = "FILE")]
    pub description_file: Option<PathBuf>,
    /// Attach a file (repeatable, at most 3)
    #[arg(long = "attach", short = 'a', value_name = "FILE")]
    pub attach: Vec<PathBuf>,
    /// normale, bloccante or priority
    #[arg(long, value_name = "PRIORITY", default_value = "normale", value_parser = parse_priority)]
    pub priority: Priority,
    /// Idempotency key: re-running a CI job with the same key never opens a second ticket
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
}

/// Finds `given` among `names` ignoring case, or asks, or explains the choices.
fn choose(
    ctx: &Context,
    given: Option<&str>,
    names: &[String],
    what: &str,
    flag: &str,
) -> CliResult<usize> {
    if names.is_empty() {
        return Err(
            CliError::invalid(format!("no {what} is enabled in your contract"))
                .hint("ask the help desk to enable it"),
        );
    }
    match given {
        Some(g) => {
            let lower = g.trim().to_lowercase();
            names
                .iter()
                .position(|n| n.to_lowercase() == lower)
                .ok_or_else(|| {
                    CliError::invalid(format!(
                        "unknown {what} `{g}`; choose one of: {}",
                        names.join(", ")
                    ))
                    .hint("`lhs catalog` lists the sections of your contract")
                })
        }
        None if names.len() == 1 && ctx.prompt.interactive() => Ok(0),
        None => ctx
            .prompt
            .select(&format!("{} ({flag})", capitalise(what)), flag, names),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    // Everything that can be checked locally is checked before any request.
    let files = upload::check_files(&args.attach)?;
    let missing_without_terminal = [
        (args.macro_area.is_none(), "--macro-area"),
        (args.area.is_none(), "--area"),
        (args.section.is_none(), "--section"),
        (args.subject.is_none(), "--subject"),
        (
            args.description.is_none() && args.description_file.is_none(),
            "--description or --description-file",
        ),
    ];
    if !ctx.prompt.interactive()
        && let Some((_, flag)) = missing_without_terminal.iter().find(|(m, _)| *m)
    {
        return Err(crate::prompt::Prompter::missing(flag));
    }
    let client = ctx.client_for_transfers()?;
    let catalog: Vec<CatalogMacroArea> = client.catalog(None).await?;
    let macros: Vec<String> = catalog.iter().map(|m| m.name.clone()).collect();
    let mi = choose(
        ctx,
        args.macro_area.as_deref(),
        &macros,
        "macro area",
        "--macro-area",
    )?;
    let m = &catalog[mi];
    let areas: Vec<String> = m.areas.iter().map(|a| a.name.clone()).collect();
    let ai = choose(
        ctx,
        args.area.as_deref(),
        &areas,
        &format!("area of {}", m.name),
        "--area",
    )?;
    let a = &m.areas[ai];
    let si = choose(
        ctx,
        args.section.as_deref(),
        &a.sections,
        &format!("section of {} › {}", m.name, a.name),
        "--section",
    )?;
    let section = a.sections[si].clone();
    let subject = match args.subject {
        Some(s) => s,
        None => ctx.prompt.input("Subject", "--subject", None)?,
    };
    // The portal's own rule, checked before anything is sent.
    crate::domain::validate::text("subject", &subject, 200)
        .map_err(|m| CliError::invalid(m.replace("`subject`", "--subject")))?;
    let description = super::comment::text_from(
        ctx,
        args.description,
        args.description_file.as_ref(),
        "--description",
        "\n# Describe the problem above as clearly as you can: what you did, what happened,\n# what you expected. One problem per ticket. Lines starting with # are ignored.\n",
    )?;
    let req = CreateTicketRequest {
        macro_area: m.name.clone(),
        area: a.name.clone(),
        section,
        subject,
        description,
        priority: Some(args.priority),
    };
    let key = args
        .idempotency_key
        .unwrap_or_else(crate::api::new_idempotency_key);
    let bar = if files.is_empty() {
        indicatif::ProgressBar::hidden()
    } else {
        crate::output::progress::bytes(&ctx.out, upload::total_size(&files), "Uploading")
    };
    let ticket: Ticket = client.create_ticket(&req, &files, &key, &bar).await?;
    bar.finish_and_clear();
    if ctx.out.is_json() {
        ctx.out.json(&ticket)?;
    } else {
        ctx.out.print(&format!("{}\n", ticket.summary.number))?;
    }
    ctx.out.success(&format!(
        "Ticket {} opened{}",
        ticket.summary.number,
        if files.is_empty() {
            String::new()
        } else {
            format!(" with {} attachment(s)", files.len())
        }
    ));
    Ok(())
}
