//! `lhs desk report`: the desk's statistics, the same figures as the portal's Statistiche
//! page (one service makes both).

use crate::context::Context;
use crate::error::CliResult;
use crate::output::Tabular;
use crate::wire::{MinutesSpent, QueueAge, ReportQuery, WeekFigures};

/// The help desk's statistics: per week, SMART minutes per customer, the queue's age
///
/// weeks    tickets opened and closed per week (Monday to Sunday, UTC; the
///          current week last), with the median minutes to the first answer
///          (tickets opened that week) and to closing (tickets closed that week)
/// minutes  SMART minutes spent on tickets per customer and calendar month
/// queue    the tickets waiting for the desk now (Inserito, In carico), by age
///
/// Every view prints as a table, --json or --format csv.
///
/// Examples:
///   lhs desk report
///   lhs desk report minutes --weeks 26 --format csv > minutes.csv
///   lhs desk report queue --json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Which figures
    #[arg(value_enum, default_value_t = What::Weeks)]
    pub what: What,
    /// How many weeks back, the current one included (1 to 104)
    #[arg(long, value_name = "N", default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=104))]
    pub weeks: u32,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum What {
    Weeks,
    Minutes,
    Queue,
}

fn opt(m: Option<i64>) -> String {
    m.map(|v| v.to_string()).unwrap_or_default()
}

impl Tabular for WeekFigures {
    fn headers() -> &'static [&'static str] {
        &[
            "WEEK",
            "STARTS",
            "OPENED",
            "CLOSED",
            "MEDIAN FIRST ANSWER (MIN)",
            "MEDIAN TO CLOSE (MIN)",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.week.clone(),
            self.starts.clone(),
            self.opened.to_string(),
            self.closed.to_string(),
            opt(self.median_first_answer_minutes),
            opt(self.median_close_minutes),
        ]
    }
}

impl Tabular for MinutesSpent {
    fn headers() -> &'static [&'static str] {
        &["CUSTOMER", "NAME", "MONTH", "MINUTES"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.customer_code.clone(),
            self.customer_name.clone(),
            self.month.clone(),
            self.minutes.to_string(),
        ]
    }
}

impl Tabular for QueueAge {
    fn headers() -> &'static [&'static str] {
        &["AGE", "INSERITO", "IN CARICO"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.age.clone(),
            self.inserito.to_string(),
            self.in_carico.to_string(),
        ]
    }
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let r = ctx
        .client()?
        .report(&ReportQuery {
            weeks: Some(args.weeks),
        })
        .await?;
    match args.what {
        What::Weeks => {
            ctx.out.list(&r.weeks)?;
            if !ctx.out.is_json() {
                ctx.out.note(&format!(
                    "Since {}: median first answer {} min, median to close {} min.",
                    r.since,
                    r.median_first_answer_minutes
                        .map_or_else(|| "-".to_owned(), |m| m.to_string()),
                    r.median_close_minutes
                        .map_or_else(|| "-".to_owned(), |m| m.to_string()),
                ));
            }
            Ok(())
        }
        What::Minutes => {
            if r.minutes.is_empty() && !ctx.out.is_json() {
                ctx.out
                    .note(&format!("No SMART minutes were spent since {}.", r.since));
            }
            ctx.out.list(&r.minutes)
        }
        What::Queue => ctx.out.list(&r.queue_age),
    }
}
