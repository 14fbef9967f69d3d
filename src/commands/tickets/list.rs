//! `lhs tickets list`, and the paging that `lhs desk queue` shares.

use chrono::NaiveDate;

use crate::api::{ApiClient, TicketQuery};
use crate::context::Context;
use crate::domain::ticket::TicketState;
use crate::error::{CliError, CliResult};
use crate::output::Tabular;
use crate::output::stream::ListStream;
use crate::wire::{TicketPage, TicketSummary};

/// List and search tickets, newest first (--sort oldest: oldest first)
///
/// States: inserito, in-carico, risposto, chiuso (also in_carico and English new,
/// in-progress, answered, closed), repeated or comma-separated. Dates YYYY-MM-DD or
/// DD/MM/YYYY with a four-digit year, inclusive. --search looks in subject, description
/// and comments: Italian word forms match (fattura finds fatture), and a word of three
/// letters or more also as the start of a word (scart finds scartata).
///
/// On a vtenext portal: the company's tickets (--mine: yours), states matched through
/// vtenext's statuses (Open = inserito, In Progress and Answered by customer = in-carico,
/// Wait For Response = risposto, Closed = chiuso), --search in titles, no --from/--to.
///
/// Examples:
///   lhs tickets list --state risposto --from 2024-06-01
///   lhs tickets list --state inserito,in-carico --search "fattura-2024" \
///       --all --json
///   lhs tickets list --state open --priority bloccante --from 7d \
///       --area Contabilità
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Only these states (repeatable, or comma-separated); `open`: all but chiuso
    #[arg(long = "state", short = 's', value_name = "STATE", value_parser = crate::cli::Listed::new(super::parse_states, crate::cli::state_values))]
    pub states: Vec<Vec<TicketState>>,
    /// Created on or after this day (also today, yesterday, 7d, 2w)
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub from: Option<NaiveDate>,
    /// Created on or before this day (also today, yesterday, 7d, 2w)
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub to: Option<NaiveDate>,
    /// normale, bloccante or priority
    #[arg(long, value_name = "PRIORITY", value_parser = crate::cli::Listed::new(|s: &str| s.parse::<crate::domain::ticket::Priority>(), super::priority_values))]
    pub priority: Option<crate::domain::ticket::Priority>,
    /// Only tickets in this macro area of the catalog
    #[arg(long, value_name = "NAME")]
    pub macro_area: Option<String>,
    /// Only tickets in areas of this name
    #[arg(long, value_name = "NAME")]
    pub area: Option<String>,
    /// Only tickets in sections of this name
    #[arg(long, value_name = "NAME")]
    pub section: Option<String>,
    /// Only tickets opened by this account (of your company)
    #[arg(long, value_name = "ACCOUNT")]
    pub user: Option<String>,
    /// Only tickets in this technician's charge (the Tecnico column)
    #[arg(long, value_name = "ACCOUNT")]
    pub technician: Option<String>,
    /// Free text over subject, description and comments
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only tickets I opened (staff: in my charge)
    #[arg(long)]
    pub mine: bool,
    /// Newest first (default) or oldest first
    #[arg(long, value_enum, value_name = "ORDER", default_value_t)]
    pub sort: super::Sort,
    /// Show at most N tickets
    #[arg(long, short = 'L', value_name = "N", default_value_t = 30, conflicts_with = "all", value_parser = crate::cli::at_least::<u32>(1))]
    pub limit: u32,
    /// Show every matching ticket (written page by page as they arrive)
    #[arg(long)]
    pub all: bool,
    /// Also count every match (an exact total costs the portal a full count)
    #[arg(long)]
    pub count: bool,
    /// Open the list's page in the browser instead, with the same states, dates and words
    #[arg(long, short = 'w')]
    pub web: bool,
}

/// Refuses impossible filters before anything is sent.
pub fn check(query: &TicketQuery) -> CliResult<()> {
    if let (Some(f), Some(t)) = (query.from, query.to)
        && f > t
    {
        return Err(
            CliError::usage(format!("--from {f} is after --to {t}: no ticket can match"))
                .hint("swap the dates, or drop one of them"),
        );
    }
    Ok(())
}

/// Streams up to `limit` tickets (all with None) to stdout, page by page as they arrive, in
/// constant memory; `row` turns each ticket into the table's row type. Says on stderr when
/// more tickets match than were shown — never truncates silently. With `count`, also the
/// exact number of matches.
pub async fn stream<T: Tabular>(
    ctx: &Context,
    client: &ApiClient,
    query: &TicketQuery,
    limit: Option<u32>,
    count: bool,
    row: impl Fn(TicketSummary) -> T,
) -> CliResult<()> {
    check(query)?;
    let mut out = ListStream::new(&ctx.out);
    let mut cursor: Option<String> = None;
    let mut total = None;
    let more = loop {
        let left = limit.map_or(200, |l| (l as usize - out.rows()).min(200));
        let page: TicketPage = client
            .tickets(query, left, cursor.as_deref(), count && total.is_none())
            .await?;
        total = total.or(page.total);
        let rows: Vec<T> = page.items.into_iter().map(&row).collect();
        out.page(&rows)?;
        cursor = page.next_cursor;
        let full = limit.is_some_and(|l| out.rows() >= l as usize);
        if !page.has_more || cursor.is_none() {
            break false;
        }
        if full {
            break true;
        }
    };
    let shown = out.rows();
    out.finish()?;
    if shown == 0 && !ctx.out.is_json() {
        ctx.out.note("No tickets match.");
    }
    match (more, total) {
        (true, Some(t)) => ctx.out.note(&format!(
            "Showing {shown} of {}; more match: use --limit N or --all to see more.",
            crate::output::count(t, "ticket", "tickets")
        )),
        (true, None) => ctx.out.note(&format!(
            "Showing {}; more match: use --limit N or --all to see them (--count counts them).",
            crate::output::count(shown, "ticket", "tickets")
        )),
        (false, Some(t)) => ctx.out.note(&matching(t)),
        (false, None) => {}
    }
    Ok(())
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let query = TicketQuery {
        state: args.states.into_iter().flatten().collect(),
        from: args.from,
        to: args.to,
        q: args.search,
        mine: args.mine,
        priority: args.priority,
        macro_area: args.macro_area,
        area: args.area,
        section: args.section,
        user: args.user,
        technician: args.technician,
        sort: args.sort.into(),
        ..TicketQuery::default()
    };
    check(&query)?;
    let limit = (!args.all).then_some(args.limit);
    let portal = ctx.portal()?;
    if args.web {
        let (url, missing) = portal.list_page(&query)?;
        if !missing.is_empty() {
            ctx.out.note(&format!(
                "the page has no {} filter: it shows the list without it",
                missing.join(", ")
            ));
        }
        return crate::output::browser::open(&ctx.out, &url);
    }
    portal.list(ctx, &query, limit, args.count).await
}

/// "1 ticket matches.", "3 tickets match.": the note of `--count` when every match is shown.
pub fn matching(n: impl std::fmt::Display) -> String {
    let n = crate::output::count(n, "ticket", "tickets");
    let verb = if n.starts_with("1 ") {
        "matches"
    } else {
        "match"
    };
    format!("{n} {verb}.")
}
