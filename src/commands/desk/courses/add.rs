//! `lhs desk courses add`.

use std::path::PathBuf;

use crate::context::Context;
use crate::domain::course::MAX_SEATS;
use crate::error::{CliError, CliResult};
use crate::output::when;
use crate::wire::NewCourseRequest;

/// Schedule a course in the calendar
///
/// --starts is local time (TZ honoured) unless it names a zone. Customers enrol with
/// `lhs courses enrol ID` (corsi=enrol, with a courses subscription). Prints the new id.
///
/// Examples:
///   lhs desk courses add --title "Chiusura d'esercizio" \
///       --starts "2026-12-10 09:30" --seats 20
///   lhs desk courses add --title "Fattura elettronica" \
///       --starts 2027-01-15T14:00:00+01:00 --seats 12 \
///       --description-file corso.md
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// One line: the title
    #[arg(long, value_name = "TEXT")]
    pub title: String,
    /// When it starts: YYYY-MM-DD HH:MM, DD/MM/YYYY HH:MM (local time) or RFC 3339
    #[arg(long, value_name = "DATETIME", value_parser = crate::domain::validate::datetime)]
    pub starts: chrono::DateTime<chrono::Utc>,
    /// Seats (1 to 10000)
    #[arg(long, value_name = "N", value_parser = crate::cli::between::<i64>(1, MAX_SEATS))]
    pub seats: i64,
    /// What the course covers
    #[arg(long, value_name = "TEXT", conflicts_with = "description_file")]
    pub description: Option<String>,
    /// Read the description from FILE (`-`: standard input)
    #[arg(long, value_name = "FILE")]
    pub description_file: Option<PathBuf>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    crate::domain::validate::text("title", &args.title, 200)
        .map_err(|m| CliError::invalid(m.to_string().replace("`title`", "--title")))?;
    if args.starts <= chrono::Utc::now() {
        return Err(CliError::invalid(format!(
            "--starts {} is in the past",
            when(Some(&args.starts.to_rfc3339()))
        )));
    }
    let description = if args.description.is_some() || args.description_file.is_some() {
        Some(crate::commands::tickets::comment::text_from(
            ctx,
            args.description,
            args.description_file.as_ref(),
            "--description",
            "",
        )?)
    } else {
        None
    };
    let c = ctx
        .client()?
        .add_course(&NewCourseRequest {
            title: args.title,
            description,
            starts_at: args
                .starts
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            seats: args.seats,
        })
        .await?;
    if ctx.out.is_json() {
        ctx.out.json(&c)?;
    } else {
        ctx.out.print(&format!("{}\n", c.id))?;
    }
    ctx.out.success(&format!(
        "Scheduled \"{}\" (#{}), {}, {} seats",
        c.title,
        c.id,
        when(Some(&c.starts_at)),
        c.seats
    ));
    Ok(())
}
