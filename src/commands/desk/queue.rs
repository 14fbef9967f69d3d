//! `lhs desk queue`.

use serde::Serialize;

use crate::api::TicketQuery;
use crate::commands::tickets::list::stream;
use crate::context::Context;
use crate::domain::ticket::TicketState;
use crate::error::CliResult;
use crate::output::{Tabular, or_dash, when};
use crate::wire::TicketSummary;

/// The desk's queue: tickets of every customer, newest first (--sort oldest: in order)
///
/// Without --state: the open ones (inserito, in carico, risposto).
///
/// Examples:
///   lhs desk queue --state inserito
///   lhs desk queue --customer C0001 --state risposto,chiuso --json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Only these states (repeatable, or comma-separated)
    #[arg(long = "state", short = 's', value_name = "STATE", value_parser = crate::cli::Listed::new(crate::commands::tickets::parse_states, crate::cli::state_values))]
    pub states: Vec<Vec<TicketState>>,
    /// Only this customer
    #[arg(long, value_name = "CODE")]
    pub customer: Option<String>,
    /// Only tickets in charge of this technician
    #[arg(long, value_name = "ACCOUNT")]
    pub technician: Option<String>,
    /// Only tickets in my charge
    #[arg(long)]
    pub mine: bool,
    /// Free text over subject, description and comments
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Newest first (default) or oldest first
    #[arg(long, value_enum, value_name = "ORDER", default_value_t)]
    pub sort: crate::commands::tickets::Sort,
    /// Show at most N tickets
    #[arg(long, short = 'L', value_name = "N", default_value_t = 50, conflicts_with = "all", value_parser = crate::cli::at_least::<u32>(1))]
    pub limit: u32,
    /// Show every matching ticket (written page by page as they arrive)
    #[arg(long)]
    pub all: bool,
    /// Also count every match
    #[arg(long)]
    pub count: bool,
}

#[derive(Serialize)]
#[serde(transparent)]
struct QueueRow(TicketSummary);

impl Tabular for QueueRow {
    fn headers() -> &'static [&'static str] {
        &[
            "NUMBER",
            "CUSTOMER",
            "CREATED",
            "USER",
            "TECHNICIAN",
            "STATE",
            "PRIORITY",
            "SECTION",
            "SUBJECT",
        ]
    }
    fn drop_first() -> &'static [&'static str] {
        &[
            "CLOSED",
            "SECTION",
            "MINUTES",
            "USER",
            "TECHNICIAN",
            "PRIORITY",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let t = &self.0;
        vec![
            t.number.to_string(),
            t.customer_code.clone(),
            when(Some(&t.created_at)),
            t.user.clone(),
            or_dash(t.technician.as_deref()),
            t.state.label().to_owned(),
            t.priority.label().to_owned(),
            t.section.clone(),
            t.subject.clone(),
        ]
    }
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    // The same listing answers customers with their own tickets: say where they belong
    // instead, like the other desk commands (exit 4).
    let me = ctx.client()?.me().await?;
    if me.role != crate::wire::Role::Staff {
        return Err(crate::error::CliError::new(
            crate::error::Kind::Permission,
            "`desk queue` is the help desk's queue across customers",
        )
        .hint("your company's tickets: lhs tickets list"));
    }
    let mut states: Vec<TicketState> = args.states.into_iter().flatten().collect();
    if states.is_empty() {
        states = vec![
            TicketState::Inserito,
            TicketState::InCarico,
            TicketState::Risposto,
        ];
    }
    let query = TicketQuery {
        state: states,
        q: args.search,
        mine: args.mine,
        customer: args.customer,
        technician: args.technician,
        sort: args.sort.into(),
        ..TicketQuery::default()
    };
    stream(
        ctx,
        &ctx.client()?,
        &query,
        (!args.all).then_some(args.limit),
        args.count,
        QueueRow,
    )
    .await
}
