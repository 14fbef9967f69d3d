//! `lhs store`: the Store — packages of SMART minutes on sale, buying one, the company's
//! orders. Every company user sees the packages; buying and the orders need `acquisti=on`
//! (Administrators always may).

pub mod buy;
pub mod list;
pub mod orders;

use crate::context::Context;
use crate::domain::shop::euro;
use crate::error::CliResult;
use crate::output::{Tabular, when};
use crate::wire::{Order, StorePackage};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_alias = "ls")]
    List(list::Args),
    Buy(buy::Args),
    Orders(orders::Args),
}

pub async fn run(ctx: &Context, cmd: Command) -> CliResult<()> {
    match cmd {
        Command::List(a) => list::run(ctx, a).await,
        Command::Buy(a) => buy::run(ctx, a).await,
        Command::Orders(a) => orders::run(ctx, a).await,
    }
}

impl Tabular for StorePackage {
    fn headers() -> &'static [&'static str] {
        &["CODE", "NAME", "MINUTES", "PRICE"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.code.clone(),
            format!(
                "{}{}",
                self.name,
                if self.active { "" } else { " (withdrawn)" }
            ),
            self.minutes.to_string(),
            euro(self.price_cents, "en"),
        ]
    }
}

impl Tabular for Order {
    fn headers() -> &'static [&'static str] {
        &[
            "ID", "PLACED", "CUSTOMER", "BUYER", "PACKAGE", "MINUTES", "PRICE", "STATUS",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let status = match (&self.reason, self.status.as_str()) {
            (Some(r), "rejected") => format!("rejected: {r}"),
            (_, s) => s.to_owned(),
        };
        vec![
            self.id.to_string(),
            when(Some(&self.created_at)),
            self.customer_code.clone(),
            self.buyer.clone(),
            self.package_name.clone(),
            self.minutes.to_string(),
            euro(self.price_cents, "en"),
            status,
        ]
    }
}

/// Streams orders page by page, newest first, never truncating silently.
pub async fn list_orders(
    ctx: &Context,
    status: Option<crate::wire::OrderStatus>,
    limit: u32,
    all: bool,
) -> CliResult<()> {
    let client = ctx.client()?;
    crate::output::stream::paged(
        &ctx.out,
        (!all).then_some(limit as usize),
        ("order", "orders"),
        "No orders.",
        |n, cursor| {
            let client = &client;
            async move {
                let p = client.orders(status, n, cursor.as_deref()).await?;
                Ok(crate::output::stream::Page {
                    items: p.items,
                    has_more: p.has_more,
                    next_cursor: p.next_cursor,
                })
            }
        },
    )
    .await
}

/// `--status` of order lists.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StatusArg {
    Pending,
    Confirmed,
    Rejected,
}

impl From<StatusArg> for crate::wire::OrderStatus {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Pending => crate::wire::OrderStatus::Pending,
            StatusArg::Confirmed => crate::wire::OrderStatus::Confirmed,
            StatusArg::Rejected => crate::wire::OrderStatus::Rejected,
        }
    }
}
