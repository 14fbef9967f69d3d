//! `lhs tickets new`: opens a ticket. Names are matched case-insensitively against the
//! caller's contract; on a terminal, missing fields are asked with cascading selects and
//! `$EDITOR`; attachments are checked locally before any request; retries never open the
//! ticket twice (Idempotency-Key).

use std::path::PathBuf;

use super::upload;
use crate::api::ApiClient;
use crate::api::vtenext::VteClient;
use crate::context::Context;
use crate::domain::ticket::Priority;
use crate::error::{CliError, CliResult};
use crate::wire::{CatalogMacroArea, ContentKind, CreateTicketRequest, Ticket};

/// Open a ticket
///
/// Prints the new ticket's number on stdout (--json: the whole ticket). Attach up to 3 files
/// (JPG, JPEG, PNG, PDF, XML, ZIP; at most 1000 KB each). Please describe one problem per
/// ticket. On a terminal, anything missing is asked for, and the FAQ and documents that may
/// already answer it are listed before it is sent; in scripts every field is a flag.
///
/// On a vtenext portal a ticket has a title (--subject), a description, and vtenext's own
/// --priority, --severity and --category, checked against the portal's lists before
/// anything is sent; there are no sections, and no --idempotency-key.
///
/// Examples:
///   lhs tickets new --macro-area "Software Gestionale" --area Contabilità \
///       --section "Prima nota" --subject "Causale mancante" \
///       --description-file report.txt
///   lhs tickets new … --description - --attach log.zip \
///       --idempotency-key "$CI_JOB_ID"
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
    /// normale (default), bloccante or priority; on vtenext the portal's own: Low, Normal
    /// (default), High, Urgent
    #[arg(long, value_name = "PRIORITY", value_parser = crate::cli::Listed::new(any_text, priority_words), hide_possible_values = true)]
    pub priority: Option<String>,
    /// vtenext only: Minor (default), Major, Feature, Critical
    #[arg(long, value_name = "SEVERITY", value_parser = crate::cli::Listed::new(any_text, severity_words), hide_possible_values = true)]
    pub severity: Option<String>,
    /// vtenext only: Big Problem, Small Problem, Other Problem (default)
    #[arg(long, value_name = "CATEGORY", value_parser = crate::cli::Listed::new(any_text, category_words), hide_possible_values = true)]
    pub category: Option<String>,
    /// Idempotency key: re-running a CI job with the same key never opens a second ticket
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
    /// Another address that also receives this ticket's e-mails ("E-mail di notifica ticket")
    #[arg(long, value_name = "EMAIL")]
    pub notify: Option<String>,
}

/// The catalog's macro area, area and section (as indexes) that the given names point at,
/// the same way on a terminal and off one: what the names settle is enough (a section that
/// exists in one area only needs no --area; a contract with one area needs none); what they
/// leave open is asked on a terminal, and off one refused naming the candidates. `missing`
/// are the other flags already known to be missing, reported together.
fn resolve_section(
    ctx: &Context,
    catalog: &[CatalogMacroArea],
    given: [Option<&str>; 3],
    missing: &[&str],
) -> CliResult<(usize, usize, usize)> {
    const FLAGS: [&str; 3] = ["--macro-area", "--area", "--section"];
    const WHAT: [&str; 3] = ["macro area", "area", "section"];
    let same = |name: &str, g: Option<&str>| {
        g.is_none_or(|g| name.to_lowercase() == g.trim().to_lowercase())
    };
    let all: Vec<(usize, usize, usize)> = catalog
        .iter()
        .enumerate()
        .flat_map(|(mi, m)| {
            m.areas
                .iter()
                .enumerate()
                .flat_map(move |(ai, a)| (0..a.sections.len()).map(move |si| (mi, ai, si)))
        })
        .collect();
    let names = |&(mi, ai, si): &(usize, usize, usize)| {
        let m = &catalog[mi];
        [
            m.name.as_str(),
            m.areas[ai].name.as_str(),
            m.areas[ai].sections[si].as_str(),
        ]
    };
    if all.is_empty() {
        return Err(CliError::invalid("no section is enabled in your contract")
            .hint("ask the help desk to enable the sections you need"));
    }
    // Each given name must exist among what the names before it leave.
    let mut cands = all;
    for level in 0..3 {
        let Some(g) = given[level] else { continue };
        let narrowed: Vec<_> = cands
            .iter()
            .copied()
            .filter(|c| same(names(c)[level], Some(g)))
            .collect();
        if narrowed.is_empty() {
            let mut choices: Vec<&str> = cands.iter().map(|c| names(c)[level]).collect();
            choices.sort_unstable();
            choices.dedup();
            return Err(CliError::invalid(format!(
                "unknown {} `{g}`; choose one of: {}",
                WHAT[level],
                choices.join(", ")
            ))
            .hint("`lhs catalog` lists the sections of your contract"));
        }
        cands = narrowed;
    }
    let open: Vec<usize> = (0..3)
        .filter(|&level| {
            let first = names(&cands[0])[level];
            cands.iter().any(|c| names(c)[level] != first)
        })
        .collect();
    if open.is_empty() {
        if !missing.is_empty() && !ctx.prompt.interactive() {
            return Err(ctx.prompt.missing(missing));
        }
        return Ok(cands[0]);
    }
    if !ctx.prompt.interactive() {
        if let Some(section) = given[2] {
            let places: Vec<String> = cands.iter().map(|c| names(c).join(" › ")).collect();
            return Err(CliError::usage(format!(
                "--section `{section}` is in {} places: {}; add {} to choose",
                places.len(),
                places.join("; "),
                open.iter()
                    .map(|&l| FLAGS[l])
                    .collect::<Vec<_>>()
                    .join(" and ")
            ))
            .hint("`lhs catalog` lists the sections of your contract"));
        }
        let mut flags: Vec<&str> = open.iter().map(|&l| FLAGS[l]).collect();
        flags.extend_from_slice(missing);
        return Err(ctx.prompt.missing(&flags));
    }
    // On a terminal: ask for each level still open, among what is left.
    for level in 0..3 {
        let mut choices: Vec<&str> = cands.iter().map(|c| names(c)[level]).collect();
        choices.dedup();
        if choices.len() < 2 {
            continue;
        }
        let label = match level {
            0 => "Macro area".to_owned(),
            _ => format!(
                "{} of {}",
                capitalise(WHAT[level]),
                names(&cands[0])[..level].join(" › ")
            ),
        };
        let items: Vec<String> = choices.iter().map(|c| (*c).to_owned()).collect();
        let i = ctx
            .prompt
            .select(&format!("{label} ({})", FLAGS[level]), FLAGS[level], &items)?;
        let chosen = items[i].clone();
        cands.retain(|c| names(c)[level] == chosen);
    }
    Ok(cands[0])
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    ctx.portal_for_transfers()?.open(ctx, args).await
}

/// `tickets new` on an lhs portal.
pub async fn on_lhs(ctx: &Context, client: &ApiClient, args: Args) -> CliResult<()> {
    // Everything that can be checked locally is checked before any request.
    let files = upload::check_files(&args.attach)?;
    // What is missing off a terminal is said all at once, after the catalog tells which of
    // --macro-area/--area/--section the others already settle.
    let missing_text: Vec<&str> = [
        (args.subject.is_none(), "--subject"),
        (
            args.description.is_none() && args.description_file.is_none(),
            "--description or --description-file",
        ),
    ]
    .iter()
    .filter(|(m, _)| *m)
    .map(|(_, f)| *f)
    .collect();
    if args.severity.is_some() || args.category.is_some() {
        return Err(CliError::usage(
            "--severity and --category are vtenext's; an lhs ticket has a section and a priority",
        ));
    }
    if let Some(e) = &args.notify {
        crate::domain::validate::email(e).map_err(|m| CliError::usage(format!("--notify: {m}")))?;
    }
    let priority: Priority = match args.priority.as_deref() {
        Some(p) => p.parse().map_err(CliError::usage)?,
        None => Priority::Normale,
    };
    let catalog: Vec<CatalogMacroArea> = client.catalog(None).await?;
    let interactive = ctx.prompt.interactive();
    if interactive {
        ctx.out
            .note("Please describe one problem per ticket: several problems, several tickets.");
    }
    // The help desk's notices on the chosen nodes, shown where a person is choosing.
    let notice = |text: Option<&String>| {
        if let Some(t) = text
            && interactive
        {
            ctx.out.note(&format!("notice: {t}"));
        }
    };
    let (mi, ai, si) = resolve_section(
        ctx,
        &catalog,
        [
            args.macro_area.as_deref(),
            args.area.as_deref(),
            args.section.as_deref(),
        ],
        &missing_text,
    )?;
    let m = &catalog[mi];
    notice(m.notice.as_ref());
    let a = &m.areas[ai];
    notice(a.notice.as_ref());
    let section = a.sections[si].clone();
    notice(a.section_notices.get(&section));
    let subject = subject(ctx, args.subject, "Subject", 200)?;
    let description = super::comment::text_from(
        ctx,
        args.description,
        args.description_file.as_ref(),
        "--description",
        "\n# Describe the problem above as clearly as you can: what you did, what happened,\n# what you expected. One problem per ticket. Lines starting with # are ignored.\n",
    )?;
    if interactive && !suggested(ctx, client, &format!("{subject}\n{description}")).await? {
        ctx.out.note("Nothing was opened.");
        return Ok(());
    }
    let req = CreateTicketRequest {
        macro_area: m.name.clone(),
        area: a.name.clone(),
        section,
        subject,
        description,
        priority: Some(priority),
        notify_email: args.notify.clone(),
    };
    let key = args
        .idempotency_key
        .unwrap_or_else(crate::api::new_idempotency_key);
    let bar = if files.is_empty() {
        indicatif::ProgressBar::hidden()
    } else {
        crate::output::progress::bytes(&ctx.out, upload::total_size(&files), "Uploading")
    };
    let (ticket, replayed): (Ticket, bool) = client.create_ticket(&req, &files, &key, &bar).await?;
    bar.finish_and_clear();
    if ctx.out.is_json() {
        ctx.out.json(&ticket)?;
    } else {
        ctx.out.print(&format!("{}\n", ticket.summary.number))?;
    }
    if replayed {
        ctx.out.note(&format!(
            "already opened as {} (Idempotency-Key `{key}`): nothing new was opened",
            ticket.summary.number
        ));
        return Ok(());
    }
    ctx.out.success(&format!(
        "Ticket {} opened{}",
        ticket.summary.number,
        if files.is_empty() {
            String::new()
        } else {
            format!(
                " with {}",
                crate::output::count(files.len(), "attachment", "attachments")
            )
        }
    ));
    Ok(())
}

/// "Before you send": the FAQ and documents that may already answer the ticket (those the
/// user may read, as the portal's new-ticket page suggests them), then whether to open it
/// anyway. True when there is nothing to suggest; a portal without suggestions is no reason
/// to stop.
async fn suggested(ctx: &Context, client: &ApiClient, text: &str) -> CliResult<bool> {
    let Ok(found) = client.suggestions(text).await else {
        return Ok(true);
    };
    if found.is_empty() {
        return Ok(true);
    }
    let mut lines = String::from("These may already answer it:\n");
    for s in &found {
        let command = match s.kind {
            ContentKind::Faq => "faq",
            ContentKind::Documents => "docs",
            ContentKind::NewsTech | ContentKind::NewsSales => "news",
            ContentKind::Videos => "videos",
            ContentKind::Fiscal => "fiscal",
        };
        lines.push_str(&format!(
            "  {} {}: {}{}\n",
            s.kind.label(),
            s.id,
            s.title,
            if s.openable {
                format!("  (lhs {command} view {})", s.id)
            } else {
                String::new()
            }
        ));
    }
    ctx.out.note(lines.trim_end());
    ctx.prompt
        .confirm_default("Open the ticket anyway?", "--subject", true)
}

/// The value as typed: the portal's own lists decide (checked before anything is sent).
#[allow(clippy::unnecessary_wraps)]
fn any_text(s: &str) -> Result<String, String> {
    Ok(s.to_owned())
}

/// What `--priority` completes to: lhs's priorities, then vtenext's defaults.
fn priority_words() -> Vec<String> {
    let mut v = super::priority_values();
    v.extend(["Low", "Normal", "High", "Urgent"].map(str::to_owned));
    v
}

fn severity_words() -> Vec<String> {
    ["Minor", "Major", "Feature", "Critical"]
        .map(str::to_owned)
        .to_vec()
}

fn category_words() -> Vec<String> {
    ["Big Problem", "Small Problem", "Other Problem"]
        .map(str::to_owned)
        .to_vec()
}

/// `--subject`, or asked for as `label`; one line of at most `max` characters (the portal's
/// own rule, checked before anything is sent).
fn subject(ctx: &Context, given: Option<String>, label: &str, max: usize) -> CliResult<String> {
    let check = |s: &str| {
        crate::domain::validate::text("subject", s, max)
            .map(|()| s.to_owned())
            .map_err(|m| m.to_string().replace("`subject`", "the subject"))
    };
    match given {
        Some(s) => check(&s).map_err(|m| CliError::invalid(m.replace("the subject", "--subject"))),
        None => ctx.prompt.input_parsed(label, "--subject", None, check),
    }
}

/// `value` if it is in `list` (ignoring case), else `default` when in the list (or the
/// list's first); an unknown value is refused naming the choices.
fn pick(value: Option<&str>, list: &[String], default: &str, flag: &str) -> CliResult<String> {
    if list.is_empty() {
        return Ok(value.unwrap_or(default).to_owned());
    }
    match value {
        Some(v) => list
            .iter()
            .find(|x| x.eq_ignore_ascii_case(v.trim()))
            .cloned()
            .ok_or_else(|| {
                CliError::invalid(format!(
                    "{flag} `{v}` is not one of the portal's: {}",
                    list.join(", ")
                ))
            }),
        None => Ok(list
            .iter()
            .find(|x| x.eq_ignore_ascii_case(default))
            .unwrap_or(&list[0])
            .clone()),
    }
}

/// `tickets new` on a vtenext portal: its own fields (severity, category), no sections.
pub async fn on_vtenext(ctx: &Context, v: &VteClient, args: Args) -> CliResult<()> {
    for (given, flag) in [
        (args.macro_area.is_some(), "--macro-area"),
        (args.area.is_some(), "--area"),
        (args.section.is_some(), "--section"),
        (args.idempotency_key.is_some(), "--idempotency-key"),
        (args.notify.is_some(), "--notify"),
    ] {
        if given {
            return Err(CliError::usage(format!(
                "{flag}: a vtenext portal has no such thing"
            ))
            .hint("a vtenext ticket has --subject, --description, --priority, --severity and --category"));
        }
    }
    let (files, renamed) = upload::check_files_vtenext(&args.attach)?;
    let lists = v.picklists().await?;
    let subject = subject(ctx, args.subject, "Title", 255)?;
    let description = super::comment::text_from(
        ctx,
        args.description,
        args.description_file.as_ref(),
        "--description",
        "\n# Describe the problem above. Lines starting with # are ignored.\n",
    )?;
    let interactive = ctx.prompt.interactive();
    let choose =
        |value: Option<String>, list: &[String], default: &str, flag: &str, label: &str| {
            if value.is_none() && interactive && list.len() > 1 {
                let i = ctx.prompt.select(label, flag, list)?;
                return Ok(list[i].clone());
            }
            pick(value.as_deref(), list, default, flag)
        };
    let priority = choose(
        args.priority,
        &lists.priorities,
        "Normal",
        "--priority",
        "Priority",
    )?;
    let severity = choose(
        args.severity,
        &lists.severities,
        "Minor",
        "--severity",
        "Severity",
    )?;
    let category = choose(
        args.category,
        &lists.categories,
        "Other Problem",
        "--category",
        "Category",
    )?;
    let id = v
        .create(&subject, &description, &priority, &severity, &category)
        .await?;
    let row = v.find(id).await?;
    for f in &files {
        v.attach(id, &f.name, f.content_type, &f.data).await?;
    }
    let t = crate::commands::portal::vtenext::load(v, &row).await?;
    if ctx.out.is_json() {
        ctx.out.json(&t)?;
    } else {
        ctx.out.print(&format!("{}\n", t.summary.ticket_no))?;
    }
    for name in &renamed {
        ctx.out.note(&format!(
            "vtenext stores {name} as {name}.txt (it renames scripts and programs)"
        ));
    }
    ctx.out.success(&format!(
        "Ticket {} opened{}",
        t.summary.ticket_no,
        if files.is_empty() {
            String::new()
        } else {
            format!(
                " with {}",
                crate::output::count(files.len(), "attachment", "attachments")
            )
        }
    ));
    Ok(())
}
