//! `lhs courses`: Corsi on-line — the calendar with the seats left, enrolment, your courses.
//! `list`, `view` and `mine` need `corsi=read`; `enrol` needs `corsi=enrol` and the company's
//! courses subscription ("Iscrizione (se abbonato)"); `withdraw` gives the seat back before the
//! course starts.

pub mod enrol;
pub mod list;
pub mod mine;
pub mod view;
pub mod withdraw;

use std::fmt::Write as _;

use crate::context::Context;
use crate::error::CliResult;
use crate::output::stream::{Page, paged};
use crate::output::{Tabular, when};
use crate::wire::{Course, Enrolment};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_alias = "ls")]
    List(list::Args),
    #[command(visible_alias = "show")]
    View(view::Args),
    Enrol(enrol::Args),
    #[command(visible_alias = "leave")]
    Withdraw(withdraw::Args),
    Mine(mine::Args),
}

pub async fn run(ctx: &Context, cmd: Command) -> CliResult<()> {
    match cmd {
        Command::List(a) => list::run(ctx, a).await,
        Command::View(a) => view::run(ctx, a).await,
        Command::Enrol(a) => enrol::run(ctx, a).await,
        Command::Withdraw(a) => withdraw::run(ctx, a).await,
        Command::Mine(a) => mine::run(ctx, a).await,
    }
}

/// After enrolling or withdrawing: the course for `--json`, and "VERB "title" (#id), when; N
/// seats left" on stderr.
fn report_seats(ctx: &Context, verb: &str, c: &Course) -> CliResult<()> {
    if ctx.out.is_json() {
        ctx.out.json(c)?;
    }
    ctx.out.success(&format!(
        "{verb} \"{}\" (#{}), {}; {} seat{} left",
        c.title,
        c.id,
        when(Some(&c.starts_at)),
        c.seats_left,
        if c.seats_left == 1 { "" } else { "s" }
    ));
    Ok(())
}

impl Tabular for Course {
    fn headers() -> &'static [&'static str] {
        &["ID", "STARTS", "TITLE", "SEATS LEFT", "ENROLLED"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            when(Some(&self.starts_at)),
            self.title.clone(),
            format!("{} of {}", self.seats_left, self.seats),
            if self.enrolled { "yes" } else { "" }.to_owned(),
        ]
    }
}

impl Tabular for Enrolment {
    fn headers() -> &'static [&'static str] {
        &["CUSTOMER", "ACCOUNT", "NAME", "ENROLLED"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.customer_code.clone(),
            self.account.clone(),
            format!("{} {}", self.name, self.surname),
            when(Some(&self.enrolled_at)),
        ]
    }
}

pub fn render(c: &Course) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} · course #{}", c.title, c.id);
    let _ = writeln!(o, "Starts:     {}", when(Some(&c.starts_at)));
    let _ = writeln!(o, "Seats:      {} left of {}", c.seats_left, c.seats);
    if c.enrolled {
        let _ = writeln!(o, "You:        enrolled");
    }
    if !c.description.is_empty() {
        let _ = writeln!(o);
        for line in c.description.lines() {
            let _ = writeln!(o, "  {line}");
        }
    }
    o
}

/// Streams the calendar (or the caller's courses), never truncating silently.
pub async fn list(ctx: &Context, mine: bool, limit: u32, all: bool) -> CliResult<()> {
    let client = ctx.client()?;
    paged(
        &ctx.out,
        (!all).then_some(limit as usize),
        ("course", "courses"),
        if mine {
            "You are not enrolled in any course."
        } else {
            "No courses are scheduled."
        },
        |n, cursor| {
            let client = &client;
            async move {
                let p = client.courses(mine, n, cursor.as_deref()).await?;
                Ok(Page {
                    items: p.items,
                    has_more: p.has_more,
                    next_cursor: p.next_cursor,
                })
            }
        },
    )
    .await
}
