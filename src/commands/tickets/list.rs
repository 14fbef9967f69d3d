//! `lhs tickets list`, and the paging that `lhs desk queue` shares.

use chrono::NaiveDate;

use crate::api::ApiClient;
use crate::context::Context;
use crate::domain::ticket::TicketState;
use crate::error::{CliError, CliResult};
use crate::wire::{TicketPage, TicketSummary};

/// List and search tickets, newest first
///
/// States: inserito, in-carico, risposto, chiuso (also in_carico and English new,
/// in-progress, answered, closed), repeated or comma-separated. Dates YYYY-MM-DD or
/// DD/MM/YYYY with a four-digit year, inclusive. --search looks in subject, description
/// and comments.
///
/// Examples:
///   lhs tickets list --state risposto --from 2024-06-01
///   lhs tickets list --state inserito,in-carico --search "fattura-2024" --all --json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Only these states (repeatable, or comma-separated)
    #[arg(long = "state", short = 's', value_name = "STATE", value_parser = super::parse_states)]
    pub states: Vec<Vec<TicketState>>,
    /// Created on or after this day
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub from: Option<NaiveDate>,
    /// Created on or before this day
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub to: Option<NaiveDate>,
    /// Free text over subject, description and comments
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only tickets I opened (staff: in my charge)
    #[arg(long)]
    pub mine: bool,
    /// Show at most N tickets
    #[arg(long, short = 'L', value_name = "N", default_value_t = 30, conflicts_with = "all", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
    /// Show every matching ticket
    #[arg(long)]
    pub all: bool,
}

/// The filters shared with `desk queue`.
#[derive(Debug, Default)]
pub struct Query {
    pub states: Vec<TicketState>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub search: Option<String>,
    pub mine: bool,
    pub customer: Option<String>,
    pub technician: Option<String>,
}

impl Query {
    /// Refuses impossible filters before anything is sent.
    pub fn check(&self) -> CliResult<()> {
        if let (Some(f), Some(t)) = (self.from, self.to)
            && f > t
        {
            return Err(CliError::usage(format!(
                "--from {f} is after --to {t}: no ticket can match"
            ))
            .hint("swap the dates, or drop one of them"));
        }
        Ok(())
    }

    fn to_query_string(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if !self.states.is_empty() {
            q.append_pair(
                "state",
                &self
                    .states
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            );
        }
        if let Some(d) = self.from {
            q.append_pair("from", &d.to_string());
        }
        if let Some(d) = self.to {
            q.append_pair("to", &d.to_string());
        }
        if let Some(s) = &self.search {
            q.append_pair("q", s);
        }
        if self.mine {
            q.append_pair("mine", "true");
        }
        if let Some(c) = &self.customer {
            q.append_pair("customer", c);
        }
        if let Some(t) = &self.technician {
            q.append_pair("technician", t);
        }
        q.finish()
    }
}

/// Fetches up to `limit` tickets (all with None), following cursors; returns them with the
/// total count.
pub async fn fetch(
    client: &ApiClient,
    query: &Query,
    limit: Option<u32>,
) -> CliResult<(Vec<TicketSummary>, i64)> {
    query.check()?;
    let base = query.to_query_string();
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    let total;
    loop {
        let want = limit.map_or(200, |l| (l as usize - items.len()).min(200));
        let mut path = format!("/tickets?limit={want}");
        if !base.is_empty() {
            path.push('&');
            path.push_str(&base);
        }
        if let Some(c) = &cursor {
            path.push_str("&cursor=");
            path.push_str(c);
        }
        let page: TicketPage = client.get(&path).await?;
        items.extend(page.items);
        cursor = page.next_cursor;
        let full = limit.is_some_and(|l| items.len() >= l as usize);
        if cursor.is_none() || full {
            total = page.total;
            break;
        }
    }
    Ok((items, total))
}

/// Prints a page of tickets, saying on stderr when more exist than were shown.
pub fn show(ctx: &Context, items: &[TicketSummary], total: i64) -> CliResult<()> {
    if items.is_empty() && !ctx.out.is_json() {
        ctx.out.note("No tickets match.");
    }
    ctx.out.list(items)?;
    let shown = i64::try_from(items.len()).unwrap_or(i64::MAX);
    if total > shown {
        ctx.out.note(&format!(
            "Showing {shown} of {total} tickets; use --limit N or --all to see more."
        ));
    }
    Ok(())
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let query = Query {
        states: args.states.into_iter().flatten().collect(),
        from: args.from,
        to: args.to,
        search: args.search,
        mine: args.mine,
        ..Query::default()
    };
    query.check()?;
    let client = ctx.client()?;
    let (items, total) = fetch(&client, &query, (!args.all).then_some(args.limit)).await?;
    show(ctx, &items, total)
}
