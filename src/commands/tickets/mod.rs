//! `lhs tickets`: the customer's side of web tickets (staff use the same commands on every
//! company's tickets, and `lhs desk` for the desk actions).

pub mod attach;
pub mod close;
pub mod comment;
pub mod download;
pub mod edit;
pub mod list;
pub mod new;
pub mod reopen;
pub mod upload;
pub mod view;
pub mod wait;

use crate::domain::ticket::TicketState;
use crate::output::{Tabular, or_dash, when};
use crate::wire::TicketSummary;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_alias = "ls")]
    List(list::Args),
    #[command(visible_alias = "show")]
    View(view::Args),
    #[command(visible_aliases = ["create", "add"])]
    New(new::Args),
    Edit(edit::Args),
    Close(close::Args),
    Reopen(reopen::Args),
    Comment(comment::Args),
    Attach(attach::Args),
    Download(download::Args),
    Wait(wait::Args),
}

pub async fn run(ctx: &crate::context::Context, cmd: Command) -> crate::error::CliResult<()> {
    match cmd {
        Command::List(a) => list::run(ctx, a).await,
        Command::View(a) => view::run(ctx, a).await,
        Command::New(a) => new::run(ctx, a).await,
        Command::Edit(a) => edit::run(ctx, a).await,
        Command::Close(a) => close::run(ctx, a).await,
        Command::Reopen(a) => reopen::run(ctx, a).await,
        Command::Comment(a) => comment::run(ctx, a).await,
        Command::Attach(a) => attach::run(ctx, a).await,
        Command::Download(a) => download::run(ctx, a).await,
        Command::Wait(a) => wait::run(ctx, a).await,
    }
}

/// POSTs a state action (`close`, `take`) to ticket `number` and reports it: the ticket for
/// `--json`, "Ticket N <done>" on stderr.
pub async fn act(
    ctx: &crate::context::Context,
    number: i64,
    action: crate::api::TicketAction,
    done: &str,
) -> crate::error::CliResult<()> {
    let t = ctx.client()?.ticket_action(number, action).await?;
    if ctx.out.is_json() {
        ctx.out.json(&t)?;
    }
    ctx.out.success(&format!("Ticket {number} {done}"));
    Ok(())
}

/// clap value parser for `--state`: one or several comma-separated states.
/// States, comma-separated; `open` is every state but chiuso.
pub fn parse_states(s: &str) -> Result<Vec<TicketState>, String> {
    let mut out = Vec::new();
    for p in s.split(',').filter(|p| !p.trim().is_empty()) {
        if p.trim().eq_ignore_ascii_case("open") {
            out.extend([
                TicketState::Inserito,
                TicketState::InCarico,
                TicketState::Risposto,
            ]);
        } else {
            out.push(p.parse().map_err(|_| {
                format!(
                    "unknown ticket state `{}`; valid states: inserito, in-carico, risposto, chiuso, or open (every state but chiuso); aliases new, in-progress, answered, closed",
                    p.trim()
                )
            })?);
        }
    }
    Ok(out)
}

/// The order of a ticket listing: by number, which is also the order of creation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Sort {
    /// Newest first
    #[default]
    Newest,
    /// Oldest first (a desk working through its queue in order)
    Oldest,
}

impl From<Sort> for crate::wire::TicketSort {
    fn from(s: Sort) -> Self {
        match s {
            Sort::Newest => crate::wire::TicketSort::Newest,
            Sort::Oldest => crate::wire::TicketSort::Oldest,
        }
    }
}

/// Priorities as people type them, for completion.
pub fn priority_values() -> Vec<String> {
    ["normale", "bloccante", "priority"]
        .map(str::to_owned)
        .to_vec()
}

pub fn parse_state(s: &str) -> Result<TicketState, String> {
    s.parse()
}

/// A ticket as the user names it: `1024`, or vtenext's `TT21` (also `#1024`, `tt21`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketRef {
    pub number: i64,
    /// Written with vtenext's `TT` prefix.
    pub tt: bool,
}

pub fn parse_ticket(s: &str) -> Result<TicketRef, String> {
    let t = s.trim();
    let (digits, tt) = match t.get(..2) {
        Some(p) if p.eq_ignore_ascii_case("tt") => (&t[2..], true),
        _ => (t.strip_prefix('#').unwrap_or(t), false),
    };
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0 && digits.bytes().all(|b| b.is_ascii_digit()))
        .map(|number| TicketRef { number, tt })
        .ok_or_else(|| {
            format!("invalid ticket number `{s}`: e.g. 1024 (or TT21 on a vtenext portal)")
        })
}

impl TicketRef {
    /// The number on an lhs portal, which has no `TT` numbers.
    pub fn lhs(self) -> crate::error::CliResult<i64> {
        if self.tt {
            return Err(crate::error::CliError::usage(format!(
                "TT{} is a vtenext ticket number; this is an lhs portal, whose tickets are numbered 1001, 1002, …",
                self.number
            )));
        }
        Ok(self.number)
    }
}

impl std::fmt::Display for TicketRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.tt {
            write!(f, "TT{}", self.number)
        } else {
            write!(f, "{}", self.number)
        }
    }
}

/// clap value parser for dates: `YYYY-MM-DD` or `DD/MM/YYYY`, four-digit years only (so
/// `23/11/26` is an error, not the year 26).
/// A day: YYYY-MM-DD, DD/MM/YYYY, or relative to today (local time): `today`, `yesterday`,
/// `7d` (seven days ago), `2w` (two weeks ago).
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    let t = s.trim().to_ascii_lowercase();
    let today = chrono::Local::now().date_naive();
    let days = match t.as_str() {
        "today" | "oggi" => Some(0),
        "yesterday" | "ieri" => Some(1),
        _ => t
            .strip_suffix('d')
            .and_then(|n| n.parse::<i64>().ok())
            .or_else(|| {
                t.strip_suffix('w')
                    .and_then(|n| n.parse::<i64>().ok())
                    .map(|w| w * 7)
            })
            .filter(|n| (0..=36_500).contains(n)),
    };
    match days {
        Some(d) => Ok(today - chrono::Duration::days(d)),
        None => crate::domain::validate::date(s)
            .map_err(|m| format!("{m}; or today, yesterday, 7d (days ago), 2w (weeks ago)")),
    }
}

/// The portal's list columns.
impl Tabular for TicketSummary {
    fn headers() -> &'static [&'static str] {
        &[
            "NUMBER",
            "CREATED",
            "USER",
            "TECHNICIAN",
            "CLOSED",
            "STATE",
            "SECTION",
            "SUBJECT",
            "MINUTES",
            "PRIORITY",
        ]
    }
    fn drop_first() -> &'static [&'static str] {
        &[
            "CLOSED",
            "SECTION",
            "MINUTES",
            "TECHNICIAN",
            "USER",
            "PRIORITY",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.number.to_string(),
            when(Some(&self.created_at)),
            self.user.clone(),
            or_dash(self.technician.as_deref()),
            when(self.closed_at.as_deref()),
            self.state.label().to_owned(),
            self.section.clone(),
            self.subject.clone(),
            self.minutes.to_string(),
            self.priority.label().to_owned(),
        ]
    }
}
