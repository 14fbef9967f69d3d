//! `lhs token`: personal API tokens that CI jobs pass as `LHS_TOKEN`.

pub mod create;
pub mod list;
pub mod revoke;

use crate::output::{Tabular, when};
use crate::wire::ApiToken;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_aliases = ["new", "add"])]
    Create(create::Args),
    #[command(visible_alias = "ls")]
    List(list::Args),
    Revoke(revoke::Args),
}

pub async fn run(ctx: &crate::context::Context, cmd: Command) -> crate::error::CliResult<()> {
    match cmd {
        Command::Create(a) => create::run(ctx, a).await,
        Command::List(a) => list::run(ctx, a).await,
        Command::Revoke(a) => revoke::run(ctx, a).await,
    }
}

impl Tabular for ApiToken {
    fn headers() -> &'static [&'static str] {
        &["ID", "NAME", "CREATED", "EXPIRES", "LAST USED", "STATUS"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.name.clone(),
            when(Some(&self.created_at)),
            when(Some(&self.expires_at)),
            when(self.last_used_at.as_deref()),
            if self.revoked {
                "revoked"
            } else if self.expired {
                "expired"
            } else {
                "active"
            }
            .into(),
        ]
    }
}
